package org.vae4j.datasets.idx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.datasets.InvalidDataFileException;
import org.vae4j.core.testing.MutationFuzzer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.vae4j.datasets.testing.IdxFixtures.cyclicLabels;
import static org.vae4j.datasets.testing.IdxFixtures.gzip;
import static org.vae4j.datasets.testing.IdxFixtures.images;
import static org.vae4j.datasets.testing.IdxFixtures.labels;
import static org.vae4j.datasets.testing.IdxFixtures.randomPixels;

/**
 * Thousands of seeded mutations of valid IDX files, raw and gzip: the reader either returns data
 * consistent with the header or throws {@link InvalidDataFileException}, nothing else (no
 * OutOfMemoryError, NegativeArraySizeException, EOFException), and it never allocates more than
 * a small multiple of the bytes actually present, whatever the header declares.
 */
class IdxReaderFuzzTest {

    private static final int MUTATIONS = 2000;
    /** Stream buffers (64 KiB each), digests, exceptions and messages: fixed costs of one read. */
    private static final long FIXED_ALLOCATION = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void mutatedFilesFailWithTheDocumentedExceptionAndBoundedAllocation() throws IOException {
        MutationFuzzer.assumeAllocationCounting();
        byte[] imageFile = images(IdxReader.IMAGES_MAGIC, 5, 28, 28, randomPixels(5, 3));
        byte[] labelFile = labels(IdxReader.LABELS_MAGIC, 300, cyclicLabels(300, 10));
        MutationFuzzer fuzzer = new MutationFuzzer(20240515L);
        int refused = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            boolean readImages = fuzzer.random().nextBoolean();
            boolean gzipped = fuzzer.random().nextInt(3) == 0;
            byte[] content = fuzzer.mutate(readImages ? imageFile : labelFile, readImages ? 16 : 8);
            byte[] stored = gzipped ? gzip(content) : content;
            if (gzipped && fuzzer.random().nextBoolean()) {
                stored = fuzzer.mutate(stored, 32); // also break the compressed stream itself
            }
            Path file = Files.write(dir.resolve("fuzz-" + (i % 7) + (gzipped ? ".gz" : "")), stored);
            long present = gzipped ? inflatedLength(stored) : stored.length;
            long before = MutationFuzzer.allocatedBytes();
            try {
                if (readImages) {
                    IdxImages read = IdxReader.readImages(file);
                    assertEquals((long) read.count() * read.pixelsPerImage(), read.pixels().length, "mutation " + i);
                } else {
                    IdxLabels read = IdxReader.readLabels(file);
                    assertTrue(read.count() > 0, "mutation " + i);
                }
            } catch (InvalidDataFileException e) {
                refused++;
                assertTrue(e.getMessage().startsWith(file.toString()), "mutation " + i + ": " + e.getMessage());
            } catch (Throwable t) {
                fail("mutation " + i + " (" + (readImages ? "images" : "labels") + (gzipped ? ", gzip" : "")
                        + "): expected InvalidDataFileException, got " + t, t);
            }
            long allocated = MutationFuzzer.allocatedBytes() - before;
            assertTrue(allocated <= FIXED_ALLOCATION + 4 * present, "mutation " + i + " allocated " + allocated
                    + " bytes for a file holding " + present + " bytes of content");
        }
        assertTrue(refused > MUTATIONS / 2, "most mutations must be refused, got " + refused);
    }

    /** How many bytes the (possibly corrupt) gzip stream yields before it ends or breaks. */
    private static long inflatedLength(byte[] gz) {
        long n = 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            byte[] chunk = new byte[8192];
            for (int r; (r = in.read(chunk)) > 0; ) {
                n += r;
            }
        } catch (IOException e) {
            // corrupt or truncated: what came out before counts
        }
        return n;
    }
}
