package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.vae4j.examples.recipes.DataRecipe;

/** Issue 24, rule 5: options mean what they say, or are refused. */
class OptionsMeanWhatTheySayCliTest {

    @TempDir
    static Path shared;
    static Path run;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainASmallRun() throws IOException {
        run = SmallRun.train(shared);
    }

    /**
     * A copy of {@code run} in {@code dir}/runs, with the data its data-source.json names copied to
     * the same place relative to it (the run folder names its data relative to itself), as when a
     * user copies a project: data and runs together.
     */
    static Path copyOf(Path run, Path dir) throws IOException {
        Path copy = dir.resolve("runs").resolve(run.getFileName());
        Files.createDirectories(copy.getParent());
        try (Stream<Path> all = Files.walk(run)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.naturalOrder())::iterator) {
                Files.copy(p, copy.resolve(run.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Path source = run.resolve(DataRecipe.SOURCE);
        if (Files.exists(source)) {
            String relative = new ObjectMapper().readTree(source.toFile()).get("path").asText();
            Path data = copy.resolve(relative).normalize();
            if (!Files.exists(data)) {
                Files.createDirectories(data.getParent());
                Files.copy(run.resolve(relative).normalize(), data);
            }
        }
        return copy;
    }

    @Test
    void emptyListItemsAreRefused() {
        for (String value : new String[] {"400,,400", "400,", ",400"}) {
            CliRunner.Result r = CliRunner.run("train", "--recipe", "smoke", "--set", "encoderLayerSizes=" + value,
                    "--runs-dir", dir.resolve("runs").toString());
            assertEquals(1, r.exitCode(), r.err());
            JvmErrorsCliTest.assertOneLine(r.err());
            assertTrue(r.err().contains("encoderLayerSizes = '" + value + "': has an empty item"), r.err());
        }
        assertFalse(Files.exists(dir.resolve("runs")));
    }

    @Test
    void uiPortWithoutUiIsRefused() {
        for (String option : new String[] {"--ui-port", "--ui-every"}) {
            CliRunner.Result r = CliRunner.run("train", "--recipe", "smoke", option, "9001", "--runs-dir",
                    dir.resolve("runs").toString());
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().startsWith("vae4j: " + option + " is given without --ui"), r.err());
        }
        assertFalse(Files.exists(dir.resolve("runs")));
    }

    @Test
    void anUnknownLikelihoodInARunFolderIsRefused() throws IOException {
        Path folder = copyOf(run, dir);
        Path source = folder.resolve(DataRecipe.SOURCE);
        Files.writeString(source, Files.readString(source).replace("\"gaussian\"", "\"bogus\""));
        String[][] commands = {{"score", folder.toString(), "--data", shared.resolve("readings.csv").toString()},
                {"eval", folder.toString(), "-k", "2"}, {"train", "--resume", folder.toString()}};
        for (String[] args : commands) {
            CliRunner.Result r = CliRunner.run(args);
            assertEquals(1, r.exitCode(), args[0] + ": " + r.err());
            JvmErrorsCliTest.assertOneLine(r.err());
            assertTrue(r.err().contains(source.toString()) && r.err().contains("bogus"), r.err());
        }
    }

    @Test
    void aTestSplitTooSmallForAStandardErrorSaysSo() throws IOException {
        Path csv = Files.writeString(dir.resolve("twelve.csv"), SmallRun.csv(12, 5));
        CliRunner.Result r = CliRunner.run("train", "--data", csv.toString(), "--id-column", "id", "--epochs", "1",
                "--runs-dir", dir.resolve("runs").toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        assertFalse(r.out().contains("NaN"), r.out());
        assertTrue(r.out().contains("(no standard error from 1 test example: the test split is too small)"), r.out());
    }

    @Test
    void everyColumnOfScoreIsSeeded() throws IOException {
        Path folder = copyOf(run, dir);
        byte[][] files = new byte[2][];
        for (int i = 0; i < 2; i++) {
            CliRunner.Result r = CliRunner.run("score", folder.toString(), "--data", shared.resolve("readings.csv")
                    .toString(), "-k", "5", "--seed", "1", "--no-progress");
            assertEquals(0, r.exitCode(), r.err());
            files[i] = Files.readAllBytes(folder.resolve("score-readings").resolve(ScoreCommand.CSV));
        }
        assertArrayEquals(files[0], files[1], "score --seed 1 twice gives the same file");
    }

    @Test
    void limitAppliesToBdmc() throws IOException {
        Path folder = copyOf(run, dir);
        CliRunner.Result r = CliRunner.run("eval", folder.toString(), "--estimator", "bdmc", "--ais-steps", "2",
                "--ais-chains", "2", "--limit", "3", "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains(", 3 simulated examples:"), r.out());
        assertTrue(Files.isDirectory(folder.resolve("eval-bdmc-n3-c2")), r.out());
    }
}
