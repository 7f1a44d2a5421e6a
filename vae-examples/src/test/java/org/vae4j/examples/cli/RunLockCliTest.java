package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.examples.run.RunLock;

/**
 * Issue 24, rule 3: a run folder has one writer. Tested with two processes: a live holder (the
 * test JVM's parent, or a second JVM resuming the run) is refused in one line naming it; a lock
 * of a process that is gone is taken over, and said so; the sweep leaves a live writer's files.
 */
class RunLockCliTest {

    @TempDir
    static Path shared;
    static Path run;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainASmallRun() throws IOException {
        run = SmallRun.train(shared);
    }

    private Path copyOfRun() throws IOException {
        return OptionsMeanWhatTheySayCliTest.copyOf(run, dir);
    }

    @Test
    void aLiveHolderIsRefusedInOneLineAndItsTemporariesStay() throws IOException {
        Path folder = copyOfRun();
        ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();
        Files.writeString(folder.resolve(RunLock.FILE), RunLock.contentFor(parent.pid(), parent.info().startInstant(),
                "train --resume"));
        Path live = Files.writeString(folder.resolve("checkpoints").resolve(".checkpoint-000000000009.zip.abc123.tmp"),
                "being written");
        String[][] commands = {{"train", "--resume", folder.toString()}, {"eval", folder.toString(), "-k", "2"},
                {"score", folder.toString(), "--data", shared.resolve("readings.csv").toString()}};
        for (String[] args : commands) {
            CliRunner.Result r = CliRunner.run(args);
            assertEquals(1, r.exitCode(), r.err());
            JvmErrorsCliTest.assertOneLine(r.err());
            assertTrue(r.err().startsWith("vae4j: " + folder + " is in use by pid " + parent.pid() + " on "
                    + RunLock.hostName() + " (train --resume, since "), r.err());
            assertTrue(r.err().contains("remove " + folder.resolve(RunLock.FILE)), r.err());
        }
        assertTrue(Files.exists(live), "the sweep never ran under another writer's lock");
        assertTrue(Files.exists(folder.resolve(RunLock.FILE)), "the holder's lock stays");
        assertFalse(Files.exists(folder.resolve("eval-k2")));
    }

    @Test
    void aLockOfAProcessThatIsGoneIsTakenOverAndSaidSo() throws Exception {
        Path folder = copyOfRun();
        Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").redirectErrorStream(true).start();
        gone.getInputStream().readAllBytes();
        gone.waitFor();
        Files.writeString(folder.resolve(RunLock.FILE), RunLock.contentFor(gone.pid(), Optional.empty(), "train"));
        CliRunner.Result r = CliRunner.run("eval", folder.toString(), "-k", "2", "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("vae4j: took over the stale lock of " + folder + " from pid " + gone.pid() + " on "
                + RunLock.hostName() + " (train, since ", r.err().strip().substring(0, r.err().strip().indexOf("since ") + 6));
        assertTrue(r.err().strip().endsWith("which is no longer running"), r.err());
        assertFalse(Files.exists(folder.resolve(RunLock.FILE)), "released after the command");
    }

    @Test
    void aSecondResumeIsRefusedWhileAnotherJvmTrainsAndCtrlCPrintsTheResumeLine() throws Exception {
        Path folder = copyOfRun();
        ProcessBuilder pb = ChildJvm.builder(dir, Map.of("OMP_NUM_THREADS", "1"), List.of("-Xmx512m"), "train",
                "--resume", folder.toString(), "--epochs", "100000", "--no-progress");
        Path out = dir.resolve("child.out");
        pb.redirectOutput(out.toFile()).redirectError(dir.resolve("child.err").toFile());
        Process child = pb.start();
        try {
            Path lock = folder.resolve(RunLock.FILE);
            Path metrics = folder.resolve("metrics.csv");
            long lines = Files.readAllLines(metrics).size();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            // Training has started once an epoch beyond the copied ones is in metrics.csv.
            while (Files.readAllLines(metrics).size() <= lines + 1 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(child.isAlive(), Files.readString(dir.resolve("child.err")));
            assertTrue(Files.readString(lock).startsWith("pid=" + child.pid() + "\n"), Files.readString(lock));

            CliRunner.Result r = CliRunner.run("train", "--resume", folder.toString(), "--no-progress");
            assertEquals(1, r.exitCode(), r.err());
            JvmErrorsCliTest.assertOneLine(r.err());
            assertTrue(r.err().startsWith("vae4j: " + folder + " is in use by pid " + child.pid() + " on "), r.err());

            // Ctrl-C (SIGINT and SIGTERM run the same shutdown hooks): the child saves, prints how to go on, unlocks.
            child.destroy();
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child stops after a checkpoint");
            String printed = Files.readString(out, StandardCharsets.UTF_8);
            assertTrue(printed.contains("Stopped with a checkpoint; continue with: ./vae4j train --resume " + folder),
                    printed + Files.readString(dir.resolve("child.err")));
            assertFalse(Files.exists(lock), "the child released its lock");
        } finally {
            child.destroyForcibly();
        }
    }
}
