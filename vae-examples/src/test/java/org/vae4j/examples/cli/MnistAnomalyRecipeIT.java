package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** mnist-anomaly on a tiny real MNIST subset: both scores per digit, their correlation, the figures. */
class MnistAnomalyRecipeIT {

    @Test
    void writesBothScoresPerTestDigitAndTheFigures(@TempDir Path runs) throws IOException {
        CliRunner.Result r = CliRunner.run("train", "--recipe", "mnist-anomaly", "--epochs", "1",
                "--set", "trainLimit=300", "--set", "testLimit=100", "--set", "evalImportanceSamples=5",
                "--runs-dir", runs.toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        Path run = CliRunner.runFolders(runs).get(0);
        List<String> rows = Files.readAllLines(run.resolve("anomaly.csv"));
        assertEquals(101, rows.size(), "header + 100 test digits");
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            double isLogPx = Double.parseDouble(cells[2]);
            double reconstruction = Double.parseDouble(cells[3]);
            assertTrue(isLogPx < 0 && reconstruction < 0, "log-probabilities of binary images: " + row);
            int rank = Integer.parseInt(cells[4]);
            assertTrue(rank >= 1 && rank <= 100, row);
        }
        JsonNode json = new ObjectMapper().readTree(run.resolve("anomaly.json").toFile());
        double spearman = json.get("spearmanRankCorrelation").asDouble();
        assertTrue(spearman >= -1 && spearman <= 1, json.toString());
        assertEquals(10, json.get("perClass").size());
        for (String png : List.of("anomaly-is-log-px.png", "anomaly-reconstruction-probability.png")) {
            assertNotNull(ImageIO.read(run.resolve(png).toFile()), png);
        }
    }
}
