package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.bench.model.BenchmarkModel;
import org.vae4j.bench.model.BenchmarkModels;
import org.vae4j.core.model.VaeModel;

import picocli.CommandLine.Option;

/** {@code vae4j benchmark}'s options fail before any data is read, naming the option, the value and the range. */
class BenchmarkCommandTest {

    @Test
    void unknownModelNamesTheChoices() {
        // The models of bench/models.json, for every subcommand: each can train, export and evaluate.
        for (String command : new String[] {"train", "eval", "export"}) {
            CliRunner.Result r = CliRunner.run("benchmark", command, "--model", "mnist");
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().contains("Invalid value for option '--model': mnist (one of bench, latent2, "
                    + "kingma-welling, iwae, tabular)"), r.err());
        }
        CliRunner.Result help = CliRunner.run("benchmark", "train", "--help");
        assertTrue(help.out().contains("One of bench, latent2, kingma-welling, iwae, tabular."), help.out());
    }

    @Test
    void modelIsRequired() {
        CliRunner.Result r = CliRunner.run("benchmark", "train");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--model"), r.err());
    }

    @Test
    void countsOutOfRangeAreRefused() {
        assertInvalid("'--epochs': 0 (must be >= 1)", "benchmark", "train", "--model", "bench", "--epochs", "0");
        assertInvalid("'--limit': 0 (must be >= 1)", "benchmark", "train", "--model", "iwae", "--limit", "0");
        assertInvalid("'--examples': 10001 (must be 1 to 10000)", "benchmark", "eval", "--model", "bench",
                "--examples", "10001");
        assertInvalid("'-k': 0 (must be >= 1)", "benchmark", "eval", "--model", "iwae", "-k", "0");
    }

    @Test
    void aRunWithoutASecondIterationIsRefused() {
        // examples/s is measured after the first iteration: 100 examples in minibatches of 128 is one.
        assertInvalid("'--limit': 100 (1 epoch(s) of 100 examples in minibatches of 128 is 1 iteration(s): at least 2 "
                + "are needed", "benchmark", "train", "--model", "bench", "--limit", "100");
        assertInvalid("minibatches of 20 is 1 iteration(s)", "benchmark", "train", "--model", "iwae", "--limit", "20");
        assertInvalid("minibatches of 100 is 1 iteration(s)", "benchmark", "train", "--model", "kingma-welling",
                "--limit", "60");
    }

    @Test
    void evalWithoutAModelSaysHowToMakeOne(@TempDir Path work) {
        CliRunner.Result r = CliRunner.run("benchmark", "eval", "--model", "bench", "--work", work.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("No model " + work.resolve("model.zip")), r.err());
        assertTrue(r.err().contains("bench/compare.sh eval trains and exports one"), r.err());
    }

    @Test
    void evalRefusesAModelOfAnotherArchitecture(@TempDir Path work) throws IOException {
        VaeModel.create(BenchmarkModels.named("bench").config(1)).save(work.resolve("model.zip"));
        CliRunner.Result r = CliRunner.run("benchmark", "eval", "--model", "iwae", "--work", work.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("is a 784-400-20 relu model, not iwae's 784-200-200-50 tanh"), r.err());
    }

    @Test
    void tabularNeedsDataAndOnlyTabularTakesIt() {
        for (String command : new String[] {"train", "eval", "export"}) {
            assertInvalid("'--model': tabular (needs --data FILE.csv)", "benchmark", command, "--model", "tabular");
        }
        assertInvalid("'--data': x.csv (only with --model tabular; bench reads MNIST)", "benchmark", "train",
                "--model", "bench", "--data", "x.csv");
        assertInvalid("'--data': x.csv (only with --model tabular; iwae reads MNIST)", "benchmark", "eval",
                "--model", "iwae", "--data", "x.csv");
        // Tabular evaluation is not bound by MNIST's 10,000 test images, only by the file's test rows.
        assertInvalid("'--examples': 0 (must be >= 1)", "benchmark", "eval", "--model", "tabular", "--data", "x.csv",
                "--examples", "0");
    }

    @Test
    void aMissingDataFileIsAOneLineErrorNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("missing.csv");
        for (String[] args : new String[][] {
                {"benchmark", "train", "--model", "tabular", "--data", missing.toString()},
                {"benchmark", "eval", "--model", "tabular", "--data", missing.toString(), "--work", dir.toString()},
                {"benchmark", "export", "--model", "tabular", "--data", missing.toString(), "--work", dir.toString()}}) {
            CliRunner.Result r = CliRunner.run(args);
            assertEquals(1, r.exitCode(), r.err());
            assertEquals("vae4j: " + missing + ": no such file", r.err().strip(), String.join(" ", args));
            assertEquals("", r.out());
        }
        CliRunner.Result directory = CliRunner.run("benchmark", "train", "--model", "tabular", "--data",
                dir.toString());
        assertEquals(1, directory.exitCode(), directory.err());
        assertEquals(1, directory.err().strip().lines().count(), directory.err());
        assertTrue(directory.err().contains(dir + ": a directory; --data takes a CSV file"), directory.err());
    }

    @Test
    void tabularUsesTrainDatasDefaultFractions() throws NoSuchFieldException {
        // The benchmark opens the CSV as `train --data FILE.csv` does with its default options.
        BenchmarkModel.Training tabular = BenchmarkModels.named("tabular").training();
        assertEquals(Double.parseDouble(DataOptions.class.getDeclaredField("validationFraction")
                .getAnnotation(Option.class).defaultValue()), tabular.validationFraction());
        assertEquals(Double.parseDouble(DataOptions.class.getDeclaredField("testFraction")
                .getAnnotation(Option.class).defaultValue()), tabular.testFraction());
    }

    private static void assertInvalid(String expected, String... args) {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("Invalid value for option ") && r.err().contains(expected), r.err());
        assertEquals("", r.out());
    }
}
