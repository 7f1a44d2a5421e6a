package org.vae4j.datasets.frey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.vae4j.core.provenance.DataDescription;
import org.vae4j.datasets.InvalidDataFileException;
import org.vae4j.datasets.Sha256;
import org.vae4j.datasets.fetch.DataDirectory;
import org.vae4j.datasets.iterator.ByteImageDataSetIterator;
import org.vae4j.datasets.iterator.ByteImageSet;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads a small frey_rawface.mat written by the same library (560 x 5 uint8). */
class FreyFaceTest {

    @TempDir
    Path dir;

    /** Pixel i of image j is (i + 3j) mod 256, so order mistakes show. */
    private static int pixel(int i, int j) {
        return (i + 3 * j) % 256;
    }

    private Path writeMat(String variable, int rows, int columns, MatlabType type) throws IOException {
        Matrix ff = Mat5.newMatrix(rows, columns, type);
        for (int j = 0; j < columns; j++) {
            for (int i = 0; i < rows; i++) {
                ff.setByte(i, j, (byte) pixel(i, j));
            }
        }
        Path file = dir.resolve(FreyFace.FILE_NAME);
        try (MatFile mat = Mat5.newMatFile().addArray(variable, ff)) {
            Mat5.writeToFile(mat, file.toFile());
        }
        return file;
    }

    @Test
    void readsOneImagePerColumnInColumnOrder() throws IOException {
        Path file = writeMat("ff", 560, 5, MatlabType.UInt8);
        ByteImageSet set = FreyFace.read(file);
        assertEquals(5, set.count());
        assertEquals(560, set.pixelsPerImage());
        for (int j = 0; j < 5; j++) {
            for (int i = 0; i < 560; i += 37) {
                assertEquals(pixel(i, j), set.pixels()[j * 560 + i] & 0xff, "pixel " + i + " of image " + j);
            }
        }
        assertEquals(Sha256.ofFile(file), set.fileSha256().get("frey_rawface.mat"));
    }

    @Test
    void iteratorServesGreyFeaturesAsLabelsAndDescribesTheFile() throws IOException {
        ByteImageSet set = FreyFace.read(writeMat("ff", 560, 5, MatlabType.UInt8));
        ByteImageDataSetIterator it = ByteImageDataSetIterator.builder(set).batchSize(4).shuffle(false).build();
        DataSet batch = it.next();
        assertEquals(4, batch.getFeatures().size(0));
        assertEquals(560, batch.getFeatures().size(1));
        assertEquals(batch.getFeatures(), batch.getLabels());
        assertEquals(pixel(1, 0) / 255f, batch.getFeatures().getFloat(0, 1), 0f);
        assertNull(it.getLabels());
        DataDescription d = it.description();
        assertEquals("frey-face", d.name());
        assertEquals("NONE", d.binarization());
        assertEquals(5, d.examples());
    }

    @Test
    void wrongVariableTypeOrShapeIsNamed() throws IOException {
        Path noFf = writeMat("faces", 560, 5, MatlabType.UInt8);
        InvalidDataFileException e1 = assertThrows(InvalidDataFileException.class, () -> FreyFace.read(noFf));
        assertTrue(e1.getMessage().contains("no variable 'ff'"), e1.getMessage());

        Path wrongShape = writeMat("ff", 28, 5, MatlabType.UInt8);
        InvalidDataFileException e2 = assertThrows(InvalidDataFileException.class, () -> FreyFace.read(wrongShape));
        assertTrue(e2.getMessage().contains("expected [560, images]"), e2.getMessage());

        Path wrongType = writeMat("ff", 560, 5, MatlabType.Double);
        InvalidDataFileException e3 = assertThrows(InvalidDataFileException.class, () -> FreyFace.read(wrongType));
        assertTrue(e3.getMessage().contains("expected a uint8 matrix"), e3.getMessage());
    }

    @Test
    void garbageAndTruncatedFilesAreRejectedNamingTheFile() throws IOException {
        Path good = writeMat("ff", 560, 5, MatlabType.UInt8);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.mat"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class, () -> FreyFace.read(truncated));
        assertTrue(e.getMessage().startsWith(truncated.toString()), e.getMessage());

        Path garbage = Files.write(dir.resolve("garbage.mat"), new byte[300]);
        assertThrows(InvalidDataFileException.class, () -> FreyFace.read(garbage));
    }

    @Test
    void missingFileSaysWhereItLooked() {
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> FreyFace.load(
                DataDirectory.locations(dir, null, null, dir.resolve("home"))));
        assertTrue(e.getMessage().contains(dir.resolve("frey-face").resolve("frey_rawface.mat").toString()),
                e.getMessage());
    }
}
