package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.testing.MutationFuzzer;
import org.vae4j.examples.recipes.DataRecipe;

/**
 * Issue 24, rule 6: seeded mutations of a run folder's JSON files (config.json, data-source.json)
 * under {@code eval}: it succeeds, or fails with the one documented line; never a trace, never a
 * bare exception name (the sign of an unhandled bug); and it allocates within a fixed bound.
 */
class RunFolderJsonFuzzTest {

    private static final String[] NUMBERS = {"0", "-1", "2147483647", "1e308", "99999999999", "0.5"};

    @TempDir
    static Path shared;
    static Path run;

    /**
     * Memory stays bounded: an {@code eval} of the small run, mutated or not, allocates at most
     * 4.2 MiB on the heap and 2,776 bytes of native memory (measured, 200 cases after a warm-up);
     * a mutated size that was believed (latentSize 2147483647, a row count) would allocate far more.
     */
    private static final long HEAP_BOUND = 64L << 20;
    private static final long NATIVE_BOUND = 16L << 20;

    @BeforeAll
    static void trainASmallRunAndEvaluateItOnce() throws IOException {
        MutationFuzzer.assumeAllocationCounting();
        run = SmallRun.train(shared);
        // Start-up allocations (ND4J, DL4J, the CLI's classes) happen once, outside the bound.
        CliRunner.run("eval", run.toString(), "-k", "2", "--limit", "3", "--no-progress", "--out",
                shared.resolve("warm-up").toString());
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
                    int digit = -1;
                    for (int j = at; j < s.length() && digit < 0; j++) {
                        digit = Character.isDigit(s.charAt(j)) ? j : -1;
                    }
                    if (digit >= 0) {
                        int end = digit;
                        while (end < s.length() && (Character.isDigit(s.charAt(end)) || s.charAt(end) == '.')) {
                            end++;
                        }
                        s.replace(digit, end, NUMBERS[rng.nextInt(NUMBERS.length)]);
                    }
                }
                default -> s.insert(at, "\"/etc/passwd\"");
            }
        }
        return s.toString();
    }

    @Test
    void mutatedRunFolderJsonIsOneLineOrWorks(@TempDir Path dir) throws IOException {
        Path folder = OptionsMeanWhatTheySayCliTest.copyOf(run, dir);
        String[] files = {"config.json", DataRecipe.SOURCE};
        String[] valid = {Files.readString(folder.resolve(files[0])), Files.readString(folder.resolve(files[1]))};
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 200; i++) {
            int f = rng.nextInt(files.length);
            String mutated = mutate(valid[f], rng);
            Files.writeString(folder.resolve(files[f]), mutated);
            long heapBefore = MutationFuzzer.allocatedBytes();
            long nativeBefore = Pointer.totalBytes();
            CliRunner.Result r = CliRunner.run("eval", folder.toString(), "-k", "2", "--limit", "3", "--no-progress",
                    "--out", dir.resolve("eval-" + i).toString());
            long heap = MutationFuzzer.allocatedBytes() - heapBefore;
            long offHeap = Pointer.totalBytes() - nativeBefore;
            String what = i + " (" + files[f] + "): " + r.err() + "\n" + mutated;
            assertTrue(heap <= HEAP_BOUND, what + "\nallocated " + heap + " bytes on the heap");
            assertTrue(offHeap <= NATIVE_BOUND, what + "\nallocated " + offHeap + " bytes of native memory");
            if (r.exitCode() != 0) {
                assertEquals(1, r.exitCode(), what);
                assertEquals(1, r.err().strip().lines().count(), what);
                assertTrue(r.err().startsWith("vae4j: "), what);
                assertFalse(r.err().contains("rerun with -Dvae4j.stacktrace"), what);
                assertFalse(r.err().contains("root:"), what);
            }
            Files.writeString(folder.resolve(files[f]), valid[f]);
        }
    }
}
