package org.vae4j.core.model;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.testing.MutationFuzzer;

/**
 * Issue 24, rule 6: seeded mutations of a model zip's entries, the JSON ones (DL4J's
 * configuration.json and vae4j-metadata.json) as text and the binary ones (coefficients.bin,
 * updaterState.bin: ND4J array headers and data) as bytes. Loading fails with an IOException naming
 * the file, or an IllegalArgumentException naming the field, and nothing else (no Error, no bare
 * runtime exception); and memory stays bounded: each load allocates at most {@link #HEAP_BOUND} on
 * the heap and {@link #NATIVE_BOUND} of native (ND4J) memory, whatever a mutated size claims.
 */
class ModelZipFuzzTest {

    /**
     * A load of the 7 KB fixture, mutated or not, allocates at most 2.4 MiB on the heap (measured:
     * Jackson, DL4J's configuration objects); a mutated size that was believed would allocate
     * hundreds of MiB or fail with OutOfMemoryError.
     */
    private static final long HEAP_BOUND = 64L << 20;
    /** The fixture's parameters and updater state are about 1 KB each (measured: at most 2,120 native bytes a load). */
    private static final long NATIVE_BOUND = 16L << 20;
    private static final String[] BINARY_ENTRIES = {"coefficients.bin", "updaterState.bin"};

    private static final String[] ENTRIES = {"configuration.json", "vae4j-metadata.json"};
    private static final String[] NUMBERS = {"0", "-1", "2147483647", "2000000000", "1e308", "-0", "99999999999"};

    @TempDir
    Path dir;

    /** Counts allocations, after one valid load: ND4J's and DL4J's start-up allocate about 68 MiB once. */
    @BeforeAll
    static void countAllocationsAfterStartUp(@TempDir Path warmUp) throws IOException {
        MutationFuzzer.assumeAllocationCounting();
        Path zip = warmUp.resolve("valid.zip");
        write(zip, fixture());
        VaeModel.load(zip).close();
    }

    private static Map<String, byte[]> fixture() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = ModelZipFuzzTest.class.getResourceAsStream("/fixtures/model-0.1.0.zip");
             ZipInputStream zin = new ZipInputStream(in)) {
            for (ZipEntry e = zin.getNextEntry(); e != null; e = zin.getNextEntry()) {
                entries.put(e.getName(), zin.readAllBytes());
            }
        }
        return entries;
    }

    private static String mutate(String json, SplittableRandom rng) {
        StringBuilder s = new StringBuilder(json);
        int edits = 1 + rng.nextInt(3);
        for (int i = 0; i < edits && s.length() > 2; i++) {
            int at = rng.nextInt(s.length());
            switch (rng.nextInt(5)) {
                case 0 -> s.setCharAt(at, (char) (32 + rng.nextInt(95)));
                case 1 -> s.delete(at, Math.min(s.length(), at + 1 + rng.nextInt(20)));
                case 2 -> s.insert(at, s.substring(at, Math.min(s.length(), at + 1 + rng.nextInt(40))));
                case 3 -> {
                    // A number replaced by an edge value: sizes, counts, rates.
                    int digit = indexOfDigit(s, at);
                    if (digit >= 0) {
                        int end = digit;
                        while (end < s.length() && (Character.isDigit(s.charAt(end)) || s.charAt(end) == '.')) {
                            end++;
                        }
                        s.replace(digit, end, NUMBERS[rng.nextInt(NUMBERS.length)]);
                    }
                }
                default -> s.insert(at, "[{\"@class\":\"java.lang.Object\"}]");
            }
        }
        return s.toString();
    }

    private static int indexOfDigit(CharSequence s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static void write(Path zip, Map<String, byte[]> entries) throws IOException {
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }

    @Test
    void mutatedJsonEntriesFailOnlyWithTheDocumentedErrorsInBoundedMemory() throws IOException {
        Map<String, byte[]> valid = fixture();
        SplittableRandom rng = new SplittableRandom(7);
        int refused = 0;
        for (int i = 0; i < 800; i++) {
            String entry = ENTRIES[rng.nextInt(ENTRIES.length)];
            String mutated = mutate(new String(valid.get(entry), StandardCharsets.UTF_8), rng);
            refused += load(valid, entry, mutated.getBytes(StandardCharsets.UTF_8), i + " of " + entry + ":\n" + mutated);
        }
        assertTrue(refused > 300, refused + " of 800 mutations refused");
    }

    @Test
    void mutatedArrayEntriesFailOnlyWithTheDocumentedErrorsInBoundedMemory() throws IOException {
        Map<String, byte[]> valid = fixture();
        MutationFuzzer fuzzer = new MutationFuzzer(11);
        int refused = 0;
        for (int i = 0; i < 600; i++) {
            String entry = BINARY_ENTRIES[fuzzer.random().nextInt(BINARY_ENTRIES.length)];
            // The ND4J headers (shape information, data type, length) are in the first 200 bytes.
            byte[] mutated = fuzzer.mutate(valid.get(entry), 200);
            refused += load(valid, entry, mutated, i + " of " + entry);
        }
        // Most byte flips land in the parameters' values, which load (and are the user's business).
        assertTrue(refused > 100, refused + " of 600 mutations refused");
    }

    /** Loads the fixture with {@code entry} replaced; 1 if refused as documented, 0 if loaded. */
    private int load(Map<String, byte[]> valid, String entry, byte[] content, String what) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(valid);
        entries.put(entry, content);
        Path zip = dir.resolve("fuzzed.zip");
        write(zip, entries);
        long heapBefore = MutationFuzzer.allocatedBytes();
        long nativeBefore = Pointer.totalBytes();
        int refused = 0;
        try (VaeModel ignored = VaeModel.load(zip)) {
            // Loaded: a mutation the formats cannot detect (a changed weight, a renamed field DL4J ignores).
        } catch (IOException e) {
            assertTrue(e.getMessage() != null && e.getMessage().startsWith(zip.toString()), what + ": " + e);
            refused = 1;
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), what + ": " + e);
            refused = 1;
        } catch (Throwable t) {
            fail("mutation " + what + " gave " + t, t);
        }
        long heap = MutationFuzzer.allocatedBytes() - heapBefore;
        long offHeap = Pointer.totalBytes() - nativeBefore;
        assertTrue(heap <= HEAP_BOUND, what + ": allocated " + heap + " bytes on the heap");
        assertTrue(offHeap <= NATIVE_BOUND, what + ": allocated " + offHeap + " bytes of native memory");
        return refused;
    }
}
