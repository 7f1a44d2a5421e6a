package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.backend.ArrayMemory;
import org.vae4j.core.backend.ComputePaths;
import org.vae4j.eval.estimate.ImportanceSampledLikelihood;

/**
 * {@code score} as a CUDA user runs it (a device backend, played on the CPU with
 * {@link ArrayMemory#simulate}): it takes the ND4J-op path for log p(x|z) and writes the scores the
 * CPU fast path writes, row for row, on a Bernoulli model of a [0, 1] table.
 */
class ScoreCommandDeviceTest {

    @TempDir
    Path dir;

    @Test
    void scoreOnADeviceTakesTheNd4jOpPathAndWritesTheSameScores() throws IOException {
        Path table = dir.resolve("switches.csv");
        Random random = new Random(3);
        StringBuilder s = new StringBuilder("a,b,c,d,e,f\n");
        for (int i = 0; i < 300; i++) {
            boolean on = random.nextBoolean();
            for (int j = 0; j < 6; j++) {
                s.append(j == 0 ? "" : ",").append((random.nextDouble() < 0.9) == (on ^ j >= 3) ? "1" : "0");
            }
            s.append('\n');
        }
        Files.writeString(table, s.toString());
        Path runs = dir.resolve("runs");
        CliRunner.Result r = CliRunner.run("train", "--data", table.toString(), "--likelihood", "bernoulli",
                "--epochs", "3", "--set", "evalImportanceSamples=5", "--runs-dir", runs.toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        Path run = CliRunner.runFolders(runs).get(0);

        ComputePaths.clear();
        Map<String, Double> host = score(run, table, dir.resolve("host"));
        assertEquals(ImportanceSampledLikelihood.CLOSED_FORM_PATH,
                ComputePaths.pathOf(ImportanceSampledLikelihood.LOG_LIKELIHOOD_COMPONENT));
        Map<String, Double> device;
        try (ArrayMemory.Scope ignored = ArrayMemory.simulate(ArrayMemory.DEVICE)) {
            device = score(run, table, dir.resolve("device"));
        }
        assertEquals(ImportanceSampledLikelihood.DISTRIBUTION_OPS_PATH,
                ComputePaths.pathOf(ImportanceSampledLikelihood.LOG_LIKELIHOOD_COMPONENT));
        assertEquals(host.keySet(), device.keySet());
        for (Map.Entry<String, Double> row : host.entrySet()) {
            // FLOAT model, the same importance samples: the two paths differ by float round-off.
            assertEquals(row.getValue(), device.get(row.getKey()), 1e-3, "row " + row.getKey());
        }
    }

    /** -log p(x) by file row, from scores.csv. */
    private static Map<String, Double> score(Path run, Path table, Path out) throws IOException {
        CliRunner.Result r = CliRunner.run("score", run.toString(), "--data", table.toString(), "-k", "50",
                "--out", out.toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = Files.readAllLines(out.resolve(ScoreCommand.CSV));
        assertTrue(lines.get(0).startsWith("rank,row,"), lines.get(0));
        Map<String, Double> byRow = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            byRow.put(c[1], Double.parseDouble(lines.get(0).contains(",id,") ? c[3] : c[2]));
        }
        assertEquals(300, byRow.size());
        return byRow;
    }
}
