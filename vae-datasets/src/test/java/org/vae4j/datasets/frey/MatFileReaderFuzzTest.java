package org.vae4j.datasets.frey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.datasets.InvalidDataFileException;
import org.vae4j.datasets.iterator.ByteImageSet;
import org.vae4j.datasets.testing.MatFixtures;
import org.vae4j.core.testing.MutationFuzzer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of seeded mutations of valid Frey Face MAT-files, uncompressed and compressed, in
 * both byte orders, including mutations inside a compressed variable (mutated, then compressed):
 * {@link FreyFace#read} either returns images or throws {@link InvalidDataFileException}, and
 * never allocates more than a small multiple of the bytes present (inflated, for compressed
 * variables), whatever the lengths in the file declare.
 */
class MatFileReaderFuzzTest {

    private static final int MUTATIONS = 2000;
    private static final long FIXED_ALLOCATION = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void mutatedFilesFailWithTheDocumentedExceptionAndBoundedAllocation() throws IOException {
        MutationFuzzer.assumeAllocationCounting();
        MutationFuzzer fuzzer = new MutationFuzzer(19650406L);
        byte[] pixels = MatFixtures.pixels(560, 4);
        int refused = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            ByteOrder order = fuzzer.random().nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            byte[] other = MatFixtures.uint8Matrix(order, "mean", 2, 2, new byte[4]);
            byte[] ff = MatFixtures.uint8Matrix(order, "ff", 560, 4, pixels);
            byte[] content;
            switch (fuzzer.random().nextInt(3)) {
                case 0 -> content = fuzzer.mutate(MatFixtures.file(order, other, ff), 256);
                case 1 -> content = fuzzer.mutate(MatFixtures.file(order, MatFixtures.compressed(order, ff)), 160);
                default -> content = MatFixtures.file(order, other,
                        MatFixtures.compressed(order, fuzzer.mutate(ff, 64)));
            }
            Path file = Files.write(dir.resolve("fuzz-" + (i % 7) + ".mat"), content);
            long present = content.length + inflatedLengths(content, order);
            long before = MutationFuzzer.allocatedBytes();
            try {
                ByteImageSet read = FreyFace.read(file);
                assertEquals(560L * read.count(), read.pixels().length, "mutation " + i);
            } catch (InvalidDataFileException e) {
                refused++;
                assertTrue(e.getMessage().startsWith(file.toString()), "mutation " + i + ": " + e.getMessage());
            } catch (Throwable t) {
                fail("mutation " + i + ": expected InvalidDataFileException, got " + t, t);
            }
            long allocated = MutationFuzzer.allocatedBytes() - before;
            assertTrue(allocated <= FIXED_ALLOCATION + 4 * present, "mutation " + i + " allocated " + allocated
                    + " bytes for a file of " + content.length + " bytes (" + present + " with inflated content)");
        }
        assertTrue(refused > MUTATIONS / 2, "most mutations must be refused, got " + refused);
    }

    /**
     * Bytes that every compressed element's zlib stream really inflates to (up to where it
     * breaks), walking the top-level tags the way the format defines them.
     */
    private static long inflatedLengths(byte[] content, ByteOrder order) {
        long total = 0;
        ByteBuffer b = ByteBuffer.wrap(content).order(order);
        int at = MatFileReader.HEADER_BYTES;
        while (at + 8 <= content.length) {
            int type = b.getInt(at);
            long bytes = Integer.toUnsignedLong(b.getInt(at + 4));
            long end = Math.min(content.length, at + 8 + bytes);
            if (type == MatFixtures.MI_COMPRESSED) {
                total += inflate(content, at + 8, (int) (end - at - 8));
            }
            at = (int) end + (type == MatFixtures.MI_COMPRESSED ? 0 : (int) ((8 - bytes % 8) % 8));
        }
        return total;
    }

    private static long inflate(byte[] content, int offset, int length) {
        Inflater inflater = new Inflater();
        inflater.setInput(content, offset, length);
        byte[] chunk = new byte[8192];
        long n = 0;
        try {
            for (int r; (r = inflater.inflate(chunk)) > 0
                    || !(inflater.finished() || inflater.needsInput() || inflater.needsDictionary()); ) {
                n += r;
            }
        } catch (DataFormatException e) {
            // corrupt: what came out before counts
        } finally {
            inflater.end();
        }
        return n;
    }
}
