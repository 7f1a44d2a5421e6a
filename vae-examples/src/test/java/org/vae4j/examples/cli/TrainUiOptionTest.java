package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train --ui: in the default build a one-line refusal saying how to get the UI, before anything is
 * written; in a -Pui build (CI's second step) the UI starts on 127.0.0.1 and prints its address.
 */
class TrainUiOptionTest {

    @TempDir
    Path dir;

    private static boolean uiInBuild() {
        try {
            Class.forName(TrainingUiOption.UI_CLASS);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private Path csv() throws IOException {
        Random random = new Random(5);
        StringBuilder s = new StringBuilder("a,b,c\n");
        for (int i = 0; i < 200; i++) {
            double z = random.nextGaussian();
            s.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f%n", z, 2 * z + 0.1 * random.nextGaussian(),
                    random.nextGaussian()));
        }
        return Files.writeString(dir.resolve("table.csv"), s.toString());
    }

    @Test
    void withoutTheUiInTheBuildUiIsRefusedWithHowToRebuild() throws IOException {
        assumeFalse(uiInBuild(), "this build has the UI (-Pui)");
        Path runs = dir.resolve("runs");
        CliRunner.Result r = CliRunner.run("train", "--data", csv().toString(), "--ui", "--runs-dir", runs.toString());
        assertEquals(2, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("the training UI is not in this build") && r.err().contains("VAE4J_MAVEN_ARGS=-Pui"),
                r.err());
        assertFalse(Files.exists(runs));
    }

    @Test
    void portsOutOfRangeAreRefused() throws IOException {
        CliRunner.Result r = CliRunner.run("train", "--data", csv().toString(), "--ui", "--ui-port", "70000");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("'--ui-port'") && r.err().contains("0 to 65535"), r.err());
        r = CliRunner.run("train", "--data", csv().toString(), "--ui", "--ui-every", "0");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("'--ui-every'"), r.err());
    }

    @Test
    void withTheUiTrainingPrintsItsLoopbackAddress() throws IOException {
        assumeTrue(uiInBuild(), "the UI is only in a -Pui build");
        Path runs = dir.resolve("runs");
        CliRunner.Result r = CliRunner.run("train", "--data", csv().toString(), "--epochs", "2", "--set",
                "evalImportanceSamples=5", "--ui", "--ui-port", "0", "--ui-every", "1", "--runs-dir", runs.toString(),
                "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        String folder = CliRunner.runFolders(runs).get(0).getFileName().toString();
        Matcher m = Pattern.compile("Training UI: http://127\\.0\\.0\\.1:(\\d+)/train/" + Pattern.quote(folder)
                + "/overview").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Integer.parseInt(m.group(1)) > 0);
    }
}
