package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.io.AtomicFiles;

/** Issue 24, rule 2: a failed command leaves nothing behind, on every path. */
class LeftoversCliTest {

    @TempDir
    static Path shared;
    static Path run;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainASmallRun() throws IOException {
        run = SmallRun.train(shared);
    }

    private static List<Path> runFolders(Path runs) throws IOException {
        return Files.exists(runs) ? CliRunner.runFolders(runs) : List.of();
    }

    @Test
    void aBadDataFolderForARecipeLeavesNoRunFolder() throws IOException {
        Path data = dir.resolve("data");
        Path mnist = Files.createDirectories(data.resolve("mnist"));
        for (String name : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")) {
            Files.write(mnist.resolve(name), new byte[] {0, 0, 8, 3, 0, 0, 0, 9});
        }
        System.setProperty("vae4j.data", data.toString());
        try {
            CliRunner.Result r = CliRunner.run("train", "--recipe", "smoke", "--runs-dir", dir.resolve("runs").toString(),
                    "--no-progress");
            assertEquals(1, r.exitCode(), r.err());
            JvmErrorsCliTest.assertOneLine(r.err());
        } finally {
            System.clearProperty("vae4j.data");
        }
        assertEquals(List.of(), runFolders(dir.resolve("runs")));
    }

    @Test
    void aSettingTheDataCannotMeetLeavesNoRunFolder() throws IOException {
        CliRunner.Result r = CliRunner.run("train", "--recipe", "smoke", "--set", "validationSize=60000",
                "--runs-dir", dir.resolve("runs").toString(), "--no-progress");
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("validationSize") && r.err().contains("60000"), r.err());
        assertEquals(List.of(), runFolders(dir.resolve("runs")));
    }

    @Test
    void poissonOnNegativeDataLeavesNoRunFolder() throws IOException {
        Path csv = dir.resolve("negative.csv");
        Files.writeString(csv, SmallRun.csv(200, 3).replace(",2.", ",-2."));
        CliRunner.Result r = CliRunner.run("train", "--data", csv.toString(), "--likelihood", "poisson", "--epochs", "1",
                "--runs-dir", dir.resolve("runs").toString(), "--no-progress");
        assertEquals(1, r.exitCode(), r.err());
        JvmErrorsCliTest.assertOneLine(r.err());
        assertEquals(List.of(), runFolders(dir.resolve("runs")));
    }

    @Test
    void aTinyHeapIsOneLineAndLeavesNoRunFolder() throws Exception {
        // Through the launcher: a heap too small to load the CLI is refused before Java starts.
        Path root = Path.of("").toAbsolutePath().getParent();
        ProcessBuilder launcher = new ProcessBuilder("bash", root.resolve("vae4j").toString(), "train", "--recipe",
                "smoke", "--runs-dir", dir.resolve("runs").toString()).redirectErrorStream(true);
        launcher.environment().put("VAE4J_JAVA_OPTS", "-Xmx16m");
        Process p = launcher.start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), output);
        assertEquals("vae4j: VAE4J_JAVA_OPTS -Xmx16m leaves the JVM 16 MiB; vae4j needs -Xmx128m or more "
                + "(default -Xmx1g)", output.strip());
        // A heap that starts the CLI but runs out while training: one line, and the run folder goes.
        ChildJvm.Result r = ChildJvm.run(dir, Map.of("OMP_NUM_THREADS", "1"), List.of("-Xmx64m"), "train", "--recipe",
                "smoke", "--epochs", "1", "--runs-dir", dir.resolve("runs").toString(), "--no-progress");
        assertEquals(1, r.exitCode(), r.err());
        assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("vae4j: ")).count(), r.err());
        assertTrue(r.err().contains("VAE4J_JAVA_OPTS=-Xmx"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals(List.of(), runFolders(dir.resolve("runs")));
    }

    @Test
    void evalOutOnAFullDiskLeavesNoFolder() {
        Path out = dir.resolve("full").resolve("eval");
        CliRunner.Result r;
        try (AtomicFiles.Restore ignored = AtomicFiles.useOpener(new FullDisk(0))) {
            r = CliRunner.run("eval", run.toString(), "-k", "2", "--out", out.toString(), "--no-progress");
        }
        assertEquals(1, r.exitCode(), r.err());
        JvmErrorsCliTest.assertOneLine(r.err());
        assertTrue(r.err().contains(FullDisk.ENOSPC), r.err());
        assertFalse(Files.exists(out), "no empty --out folder");
    }
}
