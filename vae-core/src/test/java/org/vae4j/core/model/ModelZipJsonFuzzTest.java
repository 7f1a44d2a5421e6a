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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24, rule 6: seeded mutations of a model zip's JSON entries (DL4J's configuration.json and
 * vae4j-metadata.json): loading fails with an IOException naming the file, or an
 * IllegalArgumentException naming the field, and nothing else (no Error, no bare runtime exception).
 */
class ModelZipJsonFuzzTest {

    private static final String[] ENTRIES = {"configuration.json", "vae4j-metadata.json"};
    private static final String[] NUMBERS = {"0", "-1", "2147483647", "2000000000", "1e308", "-0", "99999999999"};

    @TempDir
    Path dir;

    private static Map<String, byte[]> fixture() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = ModelZipJsonFuzzTest.class.getResourceAsStream("/fixtures/model-0.1.0.zip");
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

    private void write(Path zip, Map<String, byte[]> entries) throws IOException {
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }

    @Test
    void mutatedJsonEntriesFailOnlyWithTheDocumentedErrors() throws IOException {
        Map<String, byte[]> valid = fixture();
        SplittableRandom rng = new SplittableRandom(7);
        Path zip = dir.resolve("fuzzed.zip");
        int refused = 0;
        for (int i = 0; i < 800; i++) {
            Map<String, byte[]> entries = new LinkedHashMap<>(valid);
            String entry = ENTRIES[rng.nextInt(ENTRIES.length)];
            String mutated = mutate(new String(valid.get(entry), StandardCharsets.UTF_8), rng);
            entries.put(entry, mutated.getBytes(StandardCharsets.UTF_8));
            write(zip, entries);
            try {
                VaeModel.load(zip);
            } catch (IOException e) {
                assertTrue(e.getMessage() != null && e.getMessage().startsWith(zip.toString()), i + ": " + e);
                refused++;
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), i + ": " + e);
                refused++;
            } catch (Throwable t) {
                fail("mutation " + i + " of " + entry + " gave " + t + "\n" + mutated, t);
            }
        }
        assertTrue(refused > 300, refused + " of 800 mutations refused");
    }
}
