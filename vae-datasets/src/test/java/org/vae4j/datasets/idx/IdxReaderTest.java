package org.vae4j.datasets.idx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.datasets.InvalidDataFileException;
import org.vae4j.datasets.Sha256;
import org.vae4j.core.testing.MutationFuzzer;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.datasets.testing.IdxFixtures.gzip;
import static org.vae4j.datasets.testing.IdxFixtures.images;
import static org.vae4j.datasets.testing.IdxFixtures.labels;
import static org.vae4j.datasets.testing.IdxFixtures.randomPixels;
import static org.vae4j.datasets.testing.IdxFixtures.write;

class IdxReaderTest {

    @TempDir
    Path dir;

    private final byte[] pixels = randomPixels(5, 1);
    private final byte[] goodImages = images(2051, 5, 28, 28, pixels);

    @Test
    void readsRawAndGzipImagesAlikeWithContentChecksum() throws IOException {
        Path raw = write(dir.resolve("a-images-idx3-ubyte"), goodImages);
        Path gz = write(dir.resolve("b-images-idx3-ubyte.gz"), gzip(goodImages));

        IdxImages fromRaw = IdxReader.readImages(raw);
        IdxImages fromGz = IdxReader.readImages(gz);

        assertEquals(5, fromRaw.count());
        assertEquals(784, fromRaw.pixelsPerImage());
        assertArrayEquals(pixels, fromRaw.pixels());
        assertArrayEquals(pixels, fromGz.pixels());
        assertEquals(Sha256.ofFile(raw), fromRaw.contentSha256());
        assertEquals(fromRaw.contentSha256(), fromGz.contentSha256(), "checksum is of content, not packaging");
    }

    @Test
    void readsLabels() throws IOException {
        Path file = write(dir.resolve("l.gz"), gzip(labels(2049, 3, new byte[]{7, 0, 9})));
        assertArrayEquals(new byte[]{7, 0, 9}, IdxReader.readLabels(file).labels());
    }

    @Test
    void wrongMagicIsNamed() throws IOException {
        Path file = write(dir.resolve("imgs"), images(2049, 5, 28, 28, pixels));
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("wrong IDX magic number for images: expected 2051"), e.getMessage());
        assertTrue(e.getMessage().contains("swapped"), e.getMessage());
    }

    @Test
    void gzipFileWithoutGzSuffixGetsAHint() throws IOException {
        Path file = write(dir.resolve("train-images-idx3-ubyte"), gzip(goodImages));
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains("gzip-compressed but its name does not end in .gz"), e.getMessage());
    }

    @Test
    void truncatedRawFileSaysHowMuchIsMissing() throws IOException {
        Path file = write(dir.resolve("imgs"), Arrays.copyOf(goodImages, goodImages.length - 100));
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains("truncated: header declares 5 images of 28x28 (3920 bytes"),
                e.getMessage());
        assertTrue(e.getMessage().contains("ends after 3820 bytes"), e.getMessage());
    }

    @Test
    void truncatedHeaderIsReported() throws IOException {
        Path file = write(dir.resolve("imgs"), Arrays.copyOf(goodImages, 10));
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains("truncated inside the 16-byte IDX header"), e.getMessage());
    }

    @Test
    void truncatedGzipIsReported() throws IOException {
        byte[] gz = gzip(goodImages);
        Path file = write(dir.resolve("imgs.gz"), Arrays.copyOf(gz, gz.length / 2));
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void corruptGzipIsReportedNotReturned() throws IOException {
        byte[] gz = gzip(goodImages);
        for (int i = 20; i < gz.length - 8; i += 7) {
            gz[i] ^= 0x5a;
        }
        Path file = write(dir.resolve("imgs.gz"), gz);
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void gzipCrcMismatchIsCaughtBecauseTheTrailerIsRead() throws IOException {
        byte[] gz = gzip(goodImages);
        gz[gz.length - 6] ^= 0x01; // inside the CRC32 of the trailer
        Path file = write(dir.resolve("imgs.gz"), gz);
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains("corrupt gzip"), e.getMessage());
    }

    @Test
    void notGzipAtAllButNamedGz() throws IOException {
        Path file = write(dir.resolve("imgs.gz"), goodImages);
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains("not a valid gzip stream"), e.getMessage());
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        byte[] longer = Arrays.copyOf(goodImages, goodImages.length + 3);
        Path file = write(dir.resolve("imgs"), longer);
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains("trailing bytes"), e.getMessage());
    }

    @Test
    void nonPositiveDimensionIsRejected() throws IOException {
        Path file = write(dir.resolve("imgs"), images(2051, 5, 0, 28, new byte[0]));
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains("rows = 0, must be > 0"), e.getMessage());
    }

    @Test
    void hugeDeclaredSizeFailsBeforeAllocating() throws IOException {
        Path file = write(dir.resolve("imgs"), images(2051, 1_000_000, 1000, 1000, new byte[0]));
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains("more than a Java array can hold"), e.getMessage());
    }

    @Test
    void inflatedImageCountIsRefusedFromTheFileLengthBeforeAllocating() throws IOException {
        Path file = write(dir.resolve("imgs"), images(2051, 2_000_000, 28, 28, pixels));
        long before = MutationFuzzer.allocatedBytes();
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class, () -> IdxReader.readImages(file));
        assertTrue(MutationFuzzer.allocatedBytes() - before < 1 << 20, "no 1.5 GB array");
        assertEquals(file + ": truncated: header declares 2000000 images of 28x28 (1568000000 bytes after the "
                + "16-byte header) but the data ends after 3920 bytes", e.getMessage());
    }

    @Test
    void inflatedLabelCountInAGzipFileIsRefusedAfterTheBytesPresent() throws IOException {
        Path file = write(dir.resolve("labels.gz"), gzip(labels(2049, Integer.MAX_VALUE, new byte[] {1, 2, 3})));
        long before = MutationFuzzer.allocatedBytes();
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class, () -> IdxReader.readLabels(file));
        assertTrue(MutationFuzzer.allocatedBytes() - before < 1 << 20, "no 2 GB array");
        assertTrue(e.getMessage().contains("truncated: header declares 2147483647 labels"), e.getMessage());
        assertTrue(e.getMessage().endsWith("but the data ends after 3 bytes"), e.getMessage());
    }

    @Test
    void dimensionsWhoseProductOverflowsALongAreRefused() throws IOException {
        Path file = write(dir.resolve("imgs"), images(2051, Integer.MAX_VALUE, Integer.MAX_VALUE, 4, pixels));
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains("more than a Java array can hold"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("nope");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> IdxReader.readLabels(file));
        assertTrue(e.getMessage().contains(file.toString()));
    }
}
