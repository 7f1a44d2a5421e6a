package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.examples.cli.CliRunner.run;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** The CLI's commands, help and recipe listing, and its one-line errors (no data needed; see TrainCommandIT). */
class TrainCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void unknownRecipeAndBadNumbersFailWithOneClearLine(@TempDir Path runs) {
        CliRunner.Result unknown = run("train", "--recipe", "nope", "--runs-dir", runs.toString());
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("Unknown recipe 'nope'"), unknown.err());
        CliRunner.Result badEpochs = run("train", "--epochs", "zero", "--runs-dir", runs.toString());
        assertEquals(2, badEpochs.exitCode());
        assertTrue(badEpochs.err().contains("--epochs"), badEpochs.err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"train", "eval", "sample", "reconstruct", "manifold", "recipes", "info"}) {
            CliRunner.Result help = run(command, "--help");
            assertEquals(0, help.exitCode());
            assertTrue(help.out().contains("Usage: vae4j " + command), help.out());
        }
        CliRunner.Result info = run("info");
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains("CpuBackend"), info.out());
    }

    @Test
    void recipesListsAndDescribes() {
        CliRunner.Result list = run("recipes");
        assertEquals(0, list.exitCode(), list.err());
        for (String name : List.of("smoke", "kingma-welling-mnist", "iwae-vae-mnist", "iwae-mnist", "frey-face",
                "fashion-mnist",
                "mnist-2d", "mnist-anomaly")) {
            assertTrue(list.out().contains(name), name + " listed: " + list.out());
        }
        CliRunner.Result iwae = run("recipes", "iwae-vae-mnist");
        assertEquals(0, iwae.exitCode(), iwae.err());
        assertTrue(iwae.out().contains("86.76"), iwae.out());
        assertTrue(iwae.out().contains("\"epochs\" : 3280"), iwae.out());
    }
}
