package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad override stops before anything is trained, with one line naming the field. */
class ConfigErrorCliTest {

    @Test
    void badSetValueGivesOneLineNamingTheField(@TempDir Path runs) throws IOException {
        CliRunner.Result r = CliRunner.run("train", "--recipe", "smoke", "--set", "latentSize=0",
                "--runs-dir", runs.toString());
        assertEquals(1, r.exitCode());
        assertEquals("vae4j: VaeConfig.latentSize = 0: must be >= 1", r.err().strip());
        assertTrue(CliRunner.runFolders(runs).isEmpty(), "no run folder for a rejected config");
    }

    @Test
    void badConfigFileValueGivesOneLineNamingTheField(@TempDir Path dir) throws IOException {
        Path yaml = Files.writeString(dir.resolve("run.yaml"), "batchSize: 0\n");
        CliRunner.Result r = CliRunner.run("train", "--recipe", "smoke", "--config", yaml.toString(),
                "--runs-dir", dir.resolve("runs").toString());
        assertEquals(1, r.exitCode());
        assertEquals("vae4j: RecipeSettings.batchSize = 0: must be >= 1", r.err().strip());
    }

    @Test
    void missingConfigFileIsNotFoundNotInvalidYaml(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.yaml");
        CliRunner.Result r = CliRunner.run("train", "--recipe", "smoke", "--config", missing.toString(),
                "--runs-dir", dir.resolve("runs").toString());
        assertEquals(1, r.exitCode());
        assertEquals("vae4j: " + missing + ": config file not found", r.err().strip());
    }

    @Test
    void malformedYamlGivesTheLine(@TempDir Path dir) throws IOException {
        Path yaml = Files.writeString(dir.resolve("run.yaml"), "latentSize: 5\nbatchSize: [1, 2\nepochs: 3\n");
        CliRunner.Result r = CliRunner.run("train", "--recipe", "smoke", "--config", yaml.toString(),
                "--runs-dir", dir.resolve("runs").toString());
        assertEquals(1, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("vae4j: Config file " + yaml + " is not valid YAML at line 3, column "),
                r.err());
    }

    @Test
    void numbersOnTheCommandLineAreDecimalLiterals(@TempDir Path dir) throws IOException {
        for (String value : new String[] {"1d", "2f", "0x1p3", "NaN"}) {
            CliRunner.Result r = CliRunner.run("train", "--recipe", "smoke", "--set", "learningRate=" + value,
                    "--runs-dir", dir.resolve("runs").toString());
            assertEquals(1, r.exitCode(), value);
            assertEquals("vae4j: VaeConfig.learningRate = '" + value + "': must be a number", r.err().strip());
        }
        assertFalse(Files.exists(dir.resolve("runs")), "nothing created for a rejected value");
    }
}
