package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.examples.cli.CliRunner.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.io.AtomicFiles;

/**
 * Faults and bad input on the command line, on a real run folder (the smoke recipe, 2 epochs of
 * 600 images): every failure is one line naming the file, option or value and the cause; a failed
 * command changes no file; nothing half-written or temporary is left behind.
 */
class ReliabilityCliIT {

    @TempDir
    static Path shared;
    private static Path trained;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainTwoEpochs() throws IOException {
        CliRunner.Result r = run("train", "--recipe", "smoke", "--epochs", "2", "--set", "trainLimit=600",
                "--set", "testLimit=50", "--set", "evalImportanceSamples=5", "--runs-dir",
                shared.resolve("runs").toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        trained = CliRunner.runFolders(shared.resolve("runs")).get(0);
    }

    @Test
    void countOptionsOutOfRangeAreRefusedWithTheRangeAndWriteNothing() throws IOException {
        Path runDir = copyOfRun();
        Map<Path, FileTime> before = snapshot(runDir);
        String run = runDir.toString();
        String[][] cases = {
                {"eval", run, "-k", "0"}, {"eval", run, "-k", "-5"}, {"eval", run, "--limit", "0"},
                {"sample", run, "-n", "0"}, {"sample", run, "-n", "-5"}, {"sample", run, "-n", "1001"},
                {"reconstruct", run, "-n", "0"}, {"reconstruct", run, "-n", "-5"}, {"reconstruct", run, "-n", "31"},
                {"manifold", run, "--side", "1"}, {"manifold", run, "--side", "51"},
                {"train", "--resume", run, "--epochs", "0"}, {"train", "--resume", run, "--budget", "0"},
                {"train", "--resume", run, "--budget", "-2"}, {"train", "--resume", run, "--budget", "0m"},
                {"train", "--resume", run, "--budget", "2.5"}, {"train", "--resume", run, "--budget", "1dm"}};
        for (String[] args : cases) {
            CliRunner.Result r = run(args);
            String option = args[args.length - 2];
            String value = args[args.length - 1];
            assertEquals(2, r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertOneLine(r.err());
            assertTrue(r.err().contains("'" + option + "'") && r.err().contains(value), r.err());
            assertTrue(r.err().matches("(?s).*(must be|expected).*"), r.err());
        }
        assertEquals(before, snapshot(runDir), "no file written, changed or created (no empty eval-k0/)");
    }

    @Test
    void aFailedResumeChangesNoFileAndLogsItsTraceInTrainLog() throws IOException {
        Path runDir = copyOfRun();
        try (Stream<Path> checkpoints = Files.list(runDir.resolve("checkpoints"))) {
            for (Path p : checkpoints.toList()) {
                Files.write(p, Arrays.copyOf(Files.readAllBytes(p), 200));
            }
        }
        byte[] config = Files.readAllBytes(runDir.resolve("config.json"));
        byte[] metrics = Files.readAllBytes(runDir.resolve("metrics.csv"));
        CliRunner.Result r = run("train", "--resume", runDir.toString(), "--epochs", "3", "--no-progress");
        assertEquals(1, r.exitCode(), r.err());
        assertOneLine(r.err());
        assertTrue(r.err().startsWith("vae4j: No readable checkpoint in " + runDir.resolve("checkpoints")), r.err());
        assertTrue(r.err().contains("checkpoint-000000000012.zip is not a readable model zip"), r.err());
        assertArrayEquals(config, Files.readAllBytes(runDir.resolve("config.json")), "config.json untouched");
        assertArrayEquals(metrics, Files.readAllBytes(runDir.resolve("metrics.csv")), "metrics.csv untouched");
        String log = Files.readString(runDir.resolve("train.log"));
        assertTrue(log.contains("Failed: java.io.IOException: No readable checkpoint"), log);
        assertTrue(log.contains("\tat org.vae4j.core.train.Checkpoints.load"), "the trace is in train.log");
    }

    @Test
    void resumeFallsBackPastATruncatedCheckpointCleansUpAndNeverRepeatsAnEpoch() throws IOException {
        Path runDir = copyOfRun();
        Path newest = runDir.resolve("checkpoints").resolve("checkpoint-000000000012.zip");
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, Arrays.copyOf(bytes, bytes.length / 2));
        Path leftover = Files.write(runDir.resolve("checkpoints").resolve(".checkpoint-000000000018.zip.5t7u9w1x3y5z.tmp"),
                new byte[4096]);

        CliRunner.Result r = run("train", "--resume", runDir.toString(), "--epochs", "3", "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("after 3 epochs (COMPLETED)"), r.out());
        assertFalse(Files.exists(leftover), "the half-written checkpoint of a killed run is removed");
        String log = Files.readString(runDir.resolve("train.log"));
        assertTrue(log.contains("Skipped checkpoint " + newest), log);
        List<String> rows = Files.readAllLines(runDir.resolve("metrics.csv"));
        assertEquals(List.of("0", "1", "2"), rows.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList(),
                "epoch 1 was trained again from the epoch-1 checkpoint and listed once");
    }

    @Test
    void aFullDiskBeforeTheFirstCheckpointIsOneLineWithTheCauseAndLeavesNoRunFolder() throws IOException {
        Path runs = dir.resolve("runs");
        CliRunner.Result r;
        // config.json, data.json and metrics.csv fit; the first checkpoint (a few MB) does not.
        try (AtomicFiles.Restore ignored = AtomicFiles.useOpener(new FullDisk(64 << 10))) {
            r = run("train", "--recipe", "smoke", "--epochs", "1", "--set", "trainLimit=200",
                    "--set", "evalImportanceSamples=0", "--runs-dir", runs.toString(), "--no-progress");
        }
        assertEquals(1, r.exitCode(), r.err());
        assertOneLine(r.err());
        assertTrue(r.err().startsWith("vae4j: Could not write checkpoint in " + runs), r.err());
        assertTrue(r.err().contains("checkpoint-000000000002.zip"), r.err());
        assertTrue(r.err().strip().endsWith(FullDisk.ENOSPC), r.err());
        // Nothing to resume from: the new run folder goes with everything in it (issue 24, rule 2).
        assertEquals(List.of(), CliRunner.runFolders(runs), "no run folder without a checkpoint");
    }

    @Test
    void aBrokenModelZipIsOneLineNamingTheFile() throws IOException {
        Path model = dir.resolve("model.zip");
        byte[] bytes = Files.readAllBytes(trained.resolve("model.zip"));
        Files.write(model, Arrays.copyOf(bytes, bytes.length - 100));
        for (String command : List.of("sample", "manifold", "eval")) {
            CliRunner.Result r = run(command, model.toString());
            assertEquals(1, r.exitCode(), command + ": " + r.err());
            assertOneLine(r.err());
            assertTrue(r.err().startsWith("vae4j: " + model + " is not a readable model zip"), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }

        // Inside a run folder, the folder's train.log gets the trace.
        Path runDir = copyOfRun();
        Files.write(runDir.resolve("model.zip"), Arrays.copyOf(bytes, bytes.length - 100));
        CliRunner.Result r = run("reconstruct", runDir.toString(), "-n", "5");
        assertEquals(1, r.exitCode(), r.err());
        assertOneLine(r.err());
        String log = Files.readString(runDir.resolve("train.log"));
        assertTrue(log.contains("Failed: java.io.IOException: " + runDir.resolve("model.zip")), log);
        assertTrue(log.contains("\tat org.vae4j.core.model.ModelZipCheck"), log);
        assertFalse(Files.exists(runDir.resolve("reconstructions-test.png")));
    }

    @Test
    void aDamagedConfigJsonIsNamed() throws IOException {
        Path runDir = copyOfRun();
        Files.writeString(runDir.resolve("config.json"), "{\"recipe\": \"smoke\", \"settings\": {");
        for (String[] args : new String[][] {{"train", "--resume", runDir.toString()}, {"sample", runDir.toString()}}) {
            CliRunner.Result r = run(args);
            assertEquals(1, r.exitCode(), r.err());
            assertOneLine(r.err());
            assertTrue(r.err().startsWith("vae4j: " + runDir.resolve("config.json") + ": Not valid JSON"), r.err());
        }
    }

    private static void assertOneLine(String err) {
        assertEquals(1, err.strip().lines().count(), "one line: " + err);
        assertTrue(err.startsWith("vae4j: "), err);
    }

    private Path copyOfRun() throws IOException {
        Path copy = dir.resolve(trained.getFileName());
        try (Stream<Path> all = Files.walk(trained)) {
            for (Path p : all.toList()) {
                Path target = copy.resolve(trained.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return copy;
    }

    /** Every file and folder under {@code root} with its modification time. */
    private static Map<Path, FileTime> snapshot(Path root) throws IOException {
        Map<Path, FileTime> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                files.put(p, Files.getLastModifiedTime(p));
            }
        }
        return files;
    }
}
