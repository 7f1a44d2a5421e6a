package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.model.VaeModel;
import org.vae4j.examples.bench.BenchmarkModel;

/** {@code vae4j benchmark}'s options fail before any data is read, naming the option, the value and the range. */
class BenchmarkCommandTest {

    @Test
    void unknownModelNamesTheChoices() {
        CliRunner.Result r = CliRunner.run("benchmark", "train", "--model", "mnist");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("Invalid value for option '--model': mnist (one of bench, kingma-welling, iwae)"),
                r.err());
        CliRunner.Result eval = CliRunner.run("benchmark", "eval", "--model", "kingma-welling");
        assertEquals(2, eval.exitCode(), eval.err());
        assertTrue(eval.err().contains("(one of bench, iwae)"), eval.err());
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
        VaeModel.create(BenchmarkModel.BENCH.config(1)).save(work.resolve("model.zip"));
        CliRunner.Result r = CliRunner.run("benchmark", "eval", "--model", "iwae", "--work", work.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("is a 784-400-20 relu model, not iwae's 784-200-200-50 tanh"), r.err());
    }

    private static void assertInvalid(String expected, String... args) {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("Invalid value for option ") && r.err().contains(expected), r.err());
        assertEquals("", r.out());
    }
}
