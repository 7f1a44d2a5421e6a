package org.vae4j.datasets.frey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.datasets.InvalidDataFileException;
import org.vae4j.datasets.testing.MatFixtures;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.datasets.testing.MatFixtures.LITTLE;

/** The level-5 MAT reader on hand-built files (MatFixtures), every layout and each size check. */
class MatFileReaderTest {

    @TempDir
    Path dir;

    private final byte[] pixels = MatFixtures.pixels(560, 3);

    private Path write(byte[] content) throws IOException {
        return Files.write(dir.resolve("frey_rawface.mat"), content);
    }

    @Test
    void readsUncompressedBothByteOrdersAndCompressed() throws IOException {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            byte[] ff = MatFixtures.uint8Matrix(order, "ff", 560, 3, pixels);
            for (byte[] element : new byte[][] {ff, MatFixtures.compressed(order, ff)}) {
                MatArray read = MatFileReader.read(write(MatFixtures.file(order, element)), "ff");
                assertEquals("uint8", read.className());
                assertArrayEquals(new int[] {560, 3}, read.dimensions());
                assertArrayEquals(pixels, read.uint8Data(), order + ", " + element.length + " bytes");
            }
        }
    }

    @Test
    void skipsOtherVariablesCompressedOrNot() throws IOException {
        byte[] other = MatFixtures.matrix(LITTLE, MatFixtures.MX_DOUBLE_CLASS, "faces_mean", 2, 1,
                MatFixtures.MI_DOUBLE, new byte[16]);
        byte[] ff = MatFixtures.uint8Matrix(LITTLE, "ff", 560, 3, pixels);
        Path file = write(MatFixtures.file(LITTLE, MatFixtures.compressed(LITTLE, other), other, ff));
        assertArrayEquals(pixels, MatFileReader.read(file, "ff").uint8Data());
    }

    @Test
    void missingVariableListsTheOnesPresent() throws IOException {
        byte[] other = MatFixtures.uint8Matrix(LITTLE, "faces", 560, 3, pixels);
        Path file = write(MatFixtures.file(LITTLE, other));
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class, () -> MatFileReader.read(file, "ff"));
        assertEquals(file + ": has no variable 'ff' (variables: faces)", e.getMessage());
    }

    @Test
    void otherClassesAreNamedWithoutReadingTheirData() throws IOException {
        byte[] doubles = MatFixtures.matrix(LITTLE, MatFixtures.MX_DOUBLE_CLASS, "ff", 560, 1, MatFixtures.MI_DOUBLE,
                new byte[560 * 8]);
        MatArray read = MatFileReader.read(write(MatFixtures.file(LITTLE, doubles)), "ff");
        assertEquals("double", read.describeType());
        assertNull(read.uint8Data());
    }

    @Test
    void elementLongerThanTheFileIsRefusedBeforeAllocating() throws IOException {
        byte[] file = MatFixtures.file(LITTLE, MatFixtures.uint8Matrix(LITTLE, "ff", 560, 3, pixels));
        ByteBuffer.wrap(file).order(LITTLE).putInt(132, 0x7fff_fff0); // the element's byte count
        Path path = write(file);
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class, () -> MatFileReader.read(path, "ff"));
        assertTrue(e.getMessage().contains("variable at byte 128: element declares 2147483632 bytes but only "
                + (file.length - 136) + " remain in the file"), e.getMessage());
    }

    @Test
    void dimensionsThatDisagreeWithTheDataAreRefused() throws IOException {
        byte[] element = MatFixtures.uint8Matrix(LITTLE, "ff", 560, 3, pixels);
        ByteBuffer.wrap(element).order(LITTLE).putInt(8 + 16 + 12, 2_000_000); // columns
        for (byte[] stored : new byte[][] {element, MatFixtures.compressed(LITTLE, element)}) {
            Path path = write(MatFixtures.file(LITTLE, stored));
            InvalidDataFileException e = assertThrows(InvalidDataFileException.class,
                    () -> MatFileReader.read(path, "ff"));
            assertTrue(e.getMessage().contains("'ff' is [560, 2000000] = 1120000000 values but its data holds 1680 "
                    + "bytes"), e.getMessage());
        }
    }

    @Test
    void compressedDataShorterThanDeclaredIsTruncatedNotAllocated() throws IOException {
        byte[] element = MatFixtures.uint8Matrix(LITTLE, "ff", 560, 3, pixels);
        // Claim 560 x 1,000,000 values and as many data bytes; the inflated stream holds 1680.
        ByteBuffer b = ByteBuffer.wrap(element).order(LITTLE);
        b.putInt(4, 0x7fff_fff0);
        b.putInt(8 + 16 + 12, 1_000_000);
        b.putInt(8 + 16 + 16 + 8 + 4, 560_000_000);
        Path path = write(MatFixtures.file(LITTLE, MatFixtures.compressed(LITTLE, element)));
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class, () -> MatFileReader.read(path, "ff"));
        assertTrue(e.getMessage().contains("data of 'ff' ends after 1680 of 560000000 bytes (truncated)"),
                e.getMessage());
    }

    @Test
    void notAMatFileAndHdf5AreNamed() throws IOException {
        Path garbage = write(new byte[300]);
        InvalidDataFileException e1 = assertThrows(InvalidDataFileException.class,
                () -> MatFileReader.read(garbage, "ff"));
        assertTrue(e1.getMessage().contains("not a level-5 MAT-file"), e1.getMessage());

        byte[] v73 = Arrays.copyOf("MATLAB 7.3 MAT-file, Platform: GLNXA64".getBytes(), 512);
        Path hdf5 = write(v73);
        InvalidDataFileException e2 = assertThrows(InvalidDataFileException.class, () -> MatFileReader.read(hdf5, "ff"));
        assertTrue(e2.getMessage().contains("MATLAB 7.3 (HDF5)"), e2.getMessage());

        Path empty = write(new byte[10]);
        InvalidDataFileException e3 = assertThrows(InvalidDataFileException.class, () -> MatFileReader.read(empty, "ff"));
        assertTrue(e3.getMessage().contains("shorter than the 128-byte MAT-file header"), e3.getMessage());
    }
}
