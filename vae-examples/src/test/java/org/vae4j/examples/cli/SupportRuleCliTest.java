package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.vae4j.examples.recipes.DataRecipe;
import org.vae4j.examples.run.RunFolder;

/**
 * Issue 24, rule 5: data outside the likelihood's support is refused (one line naming file, row,
 * column, value and support; no run folder), or clipped with --clip (one WARN line counting the
 * values by column), the same way for every likelihood; the choice is recorded in the run and
 * {@code --resume} and {@code score} apply it to what they read.
 */
class SupportRuleCliTest {

    /** Values of 'b' outside [0, 1]: rows 6 and 26 (i = 5, 25). */
    private static final int B_OUTSIDE = 2;
    /** Values of 'c' outside [0, 1]: 1.5 in rows 3, 13, 23, 33 and -0.5 in rows 8, 18, 28, 38. */
    private static final int C_OUTSIDE = 8;
    private static final String CLIPPED = "--clip: " + (B_OUTSIDE + C_OUTSIDE) + " values outside [0, 1], the support "
            + "of the bernoulli likelihood, clipped into it (by column: 'b' " + B_OUTSIDE + ", 'c' " + C_OUTSIDE + ")";

    @TempDir
    static Path shared;
    private static Path outside;
    private static Path clippedRun;
    private static Path plainRun;

    @TempDir
    Path dir;

    /** 40 rows of a, b, c; with {@code outside}, 10 values of b and c outside [0, 1], the first in row 3, column c. */
    private static String table(boolean outside) {
        StringBuilder s = new StringBuilder("a,b,c\n");
        for (int i = 0; i < 40; i++) {
            double b = (i % 5) / 4.0;
            double c = (i % 3) / 2.0;
            if (outside) {
                b = i % 20 == 5 ? 2.0 : b;
                c = i % 10 == 2 ? 1.5 : i % 10 == 7 ? -0.5 : c;
            }
            s.append(i % 2).append(',').append(b).append(',').append(c).append('\n');
        }
        return s.toString();
    }

    private static CliRunner.Result train(Path csv, Path runs, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", csv.toString(), "--epochs", "1",
                "--set", "evalImportanceSamples=5", "--runs-dir", runs.toString(), "--no-progress"));
        args.addAll(List.of(more));
        return CliRunner.run(args.toArray(String[]::new));
    }

    private static List<Path> runFolders(Path runs) throws IOException {
        return Files.exists(runs) ? CliRunner.runFolders(runs) : List.of();
    }

    private static long lines(Path file, String containing) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.contains(containing)).count();
    }

    @BeforeAll
    static void trainAClippedAndAPlainRun() throws IOException {
        outside = Files.writeString(shared.resolve("outside.csv"), table(true));
        Path inside = Files.writeString(shared.resolve("inside.csv"), table(false));
        CliRunner.Result r = train(outside, shared.resolve("clipped-runs"), "--likelihood", "bernoulli", "--scaling",
                "none", "--clip");
        assertEquals(0, r.exitCode(), r.err());
        clippedRun = CliRunner.runFolders(shared.resolve("clipped-runs")).get(0);
        r = train(inside, shared.resolve("plain-runs"), "--likelihood", "bernoulli", "--scaling", "none");
        assertEquals(0, r.exitCode(), r.err());
        plainRun = CliRunner.runFolders(shared.resolve("plain-runs")).get(0);
    }

    @Test
    void bernoulliDataOutsideTheUnitIntervalIsRefusedInOneLineAndLeavesNoRunFolder() throws IOException {
        Path runs = dir.resolve("runs");
        CliRunner.Result r = train(outside, runs, "--likelihood", "bernoulli", "--scaling", "none");
        assertEquals(1, r.exitCode(), r.err());
        JvmErrorsCliTest.assertOneLine(r.err());
        assertEquals("vae4j: " + outside + ": row 3 (line 4), column 'c': value 1.5 is outside [0, 1], the support of "
                + "the bernoulli likelihood; fix the data or pass --clip", r.err().strip());
        assertEquals(List.of(), runFolders(runs), "no run folder for refused data");

        r = CliRunner.run("train", "--recipe", "smoke", "--clip", "--runs-dir", runs.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("'--clip'") && r.err().contains("only with --data"), r.err());
    }

    @Test
    void withClipTheValuesAreClippedAndOneWarningCountsThemByColumn() throws IOException {
        JsonNode source = new ObjectMapper().readTree(clippedRun.resolve(DataRecipe.SOURCE).toFile());
        assertTrue(source.get("clip").asBoolean(), source.toString());
        // One line for the whole file (training, validation and test rows), at WARN.
        Path log = clippedRun.resolve(RunFolder.LOG);
        List<String> warned = Files.readAllLines(log).stream().filter(l -> l.contains("outside.csv: --clip:")).toList();
        assertEquals(1, warned.size(), Files.readString(log));
        assertTrue(warned.get(0).contains(" WARN ") && warned.get(0).endsWith("outside.csv: " + CLIPPED), warned.get(0));
        JsonNode plain = new ObjectMapper().readTree(plainRun.resolve(DataRecipe.SOURCE).toFile());
        assertFalse(plain.get("clip").asBoolean(), plain.toString());
    }

    @Test
    void poissonRefusesANegativeCountWithTheSameWording() throws IOException {
        Path counts = dir.resolve("counts.csv");
        Files.writeString(counts, "a,b\n" + "3,1\n".repeat(3) + "2,-2\n" + "0,4\n".repeat(30));
        Path runs = dir.resolve("runs");
        CliRunner.Result r = train(counts, runs, "--likelihood", "poisson");
        assertEquals(1, r.exitCode(), r.err());
        JvmErrorsCliTest.assertOneLine(r.err());
        assertEquals("vae4j: " + counts + ": row 4 (line 5), column 'b': value -2 is outside the non-negative "
                + "integers 0, 1, 2, ..., the support of the poisson likelihood; fix the data or pass --clip",
                r.err().strip());
        assertEquals(List.of(), runFolders(runs), "no run folder for refused data");
    }

    @Test
    void scoreAppliesTheRunsRecordedRule() throws IOException {
        Path fresh = Files.writeString(dir.resolve("fresh.csv"), "a,b,c\n0,0.5,0.5\n1,0.25,1.5\n0,1,0\n");
        // Trained without --clip: the same one line, and nothing written.
        CliRunner.Result r = CliRunner.run("score", plainRun.toString(), "--data", fresh.toString(), "-k", "5",
                "--no-progress");
        assertEquals(1, r.exitCode(), r.err());
        JvmErrorsCliTest.assertOneLine(r.err());
        assertTrue(r.err().startsWith("vae4j: " + fresh + ": row 2 (line 3), column 'c': value 1.5 is outside [0, 1], "
                + "the support of the bernoulli likelihood; fix the data, or train a new run with --clip"), r.err());
        assertFalse(Files.exists(plainRun.resolve("score-fresh")), "a refused score writes nothing");
        // Trained with --clip: clipped, and the run's log says so.
        r = CliRunner.run("score", clippedRun.toString(), "--data", fresh.toString(), "-k", "5", "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("Scored 3 rows of "), r.out());
        Path log = clippedRun.resolve(RunFolder.LOG);
        assertEquals(1, lines(log, "fresh.csv: --clip: 1 value outside [0, 1], the support of the bernoulli "
                + "likelihood, clipped into it (by column: 'c' 1)"), Files.readString(log));
    }

    @Test
    void resumeAppliesTheRunsRecordedRule() throws IOException {
        Path copy = OptionsMeanWhatTheySayCliTest.copyOf(clippedRun, dir);
        CliRunner.Result r = CliRunner.run("train", "--resume", copy.toString(), "--epochs", "2", "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        Path log = copy.resolve(RunFolder.LOG);
        assertEquals(2, lines(log, "outside.csv: " + CLIPPED), "once per start: " + Files.readString(log));
    }
}
