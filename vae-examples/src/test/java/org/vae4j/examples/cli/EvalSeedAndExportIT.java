package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.examples.cli.CliRunner.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.vae4j.examples.recipes.RecipeData;
import org.vae4j.examples.run.RunEvaluation;
import org.vae4j.examples.run.ScoredData;
import org.vae4j.examples.run.TestSet;

/**
 * {@code train} and {@code eval} score a model with the same importance-sampling seed by default
 * (issue 14, part 4: they used to print 122.145 and 122.189 for one model), and {@code eval
 * --export-data} writes exactly the examples it scored. One small smoke run serves every test.
 */
class EvalSeedAndExportIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path runs;
    private static Path run;
    private static String trainOut;

    @BeforeAll
    static void trainOnce() throws IOException {
        CliRunner.Result trained = run("train", "--recipe", "smoke", "--epochs", "1", "--set", "trainLimit=300",
                "--set", "testLimit=40", "--set", "evalImportanceSamples=10", "--runs-dir", runs.toString(),
                "--no-progress");
        assertEquals(0, trained.exitCode(), trained.err());
        trainOut = trained.out();
        run = CliRunner.runFolders(runs).get(0);
    }

    private static JsonNode summary(Path evalJson) throws IOException {
        return JSON.readTree(evalJson.toFile()).get("summary");
    }

    @Test
    void trainAndEvalGiveTheSameNumberForTheSameModelByDefault() throws IOException {
        assertTrue(trainOut.contains("eval seed " + RunEvaluation.DEFAULT_SEED), trainOut);
        CliRunner.Result eval = run("eval", run.toString(), "-k", "10", "--no-progress");
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.out().contains("k = 10, 40 examples of mnist, eval seed " + RunEvaluation.DEFAULT_SEED),
                eval.out());

        JsonNode fromTrain = summary(run.resolve(RunEvaluation.JSON));
        JsonNode fromEval = summary(run.resolve("eval-k10").resolve(RunEvaluation.JSON));
        for (String field : new String[] {"negativeLogLikelihoodNats", "standardErrorNats", "negativeElboNats",
                "meanEffectiveSampleSize", "seed", "examples"}) {
            assertEquals(fromTrain.get(field).asDouble(), fromEval.get(field).asDouble(), 0.0, field);
        }
        assertEquals(Files.readAllLines(run.resolve(RunEvaluation.CSV)),
                Files.readAllLines(run.resolve("eval-k10").resolve(RunEvaluation.CSV)), "every example identical");
    }

    @Test
    void anExplicitSeedIsUsedAndPrinted() throws IOException {
        Path out = run.resolve("eval-seed-7");
        CliRunner.Result eval = run("eval", run.toString(), "-k", "10", "--eval-seed", "7", "--out", out.toString(),
                "--no-progress");
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.out().contains("eval seed 7"), eval.out());
        assertEquals(7, summary(out.resolve(RunEvaluation.JSON)).get("seed").asLong());
        assertNotEquals(summary(run.resolve(RunEvaluation.JSON)).get("negativeLogLikelihoodNats").asDouble(),
                summary(out.resolve(RunEvaluation.JSON)).get("negativeLogLikelihoodNats").asDouble(),
                "another seed draws other samples");
        // --seed, the option's earlier name, still works.
        CliRunner.Result old = run("eval", run.toString(), "-k", "10", "--seed", "7", "--out",
                run.resolve("eval-old-name").toString(), "--no-progress");
        assertEquals(0, old.exitCode(), old.err());
        assertEquals(summary(out.resolve(RunEvaluation.JSON)).get("negativeLogLikelihoodNats").asDouble(),
                summary(run.resolve("eval-old-name").resolve(RunEvaluation.JSON)).get("negativeLogLikelihoodNats")
                        .asDouble(), 0.0);
    }

    @Test
    void exportedDataIsExactlyTheScoredTestSetInBothFormats() throws IOException {
        ModelSource source = ModelSource.open(run);
        RecipeData data = source.data(null, null);
        INDArray expected = TestSet.collect(data.test(), false).features();
        assertEquals(40, expected.rows());
        for (String name : new String[] {"scored.npy", "scored.csv"}) {
            Path file = run.resolve(name);
            CliRunner.Result eval = run("eval", run.toString(), "-k", "3", "--export-data", file.toString(), "--out",
                    run.resolve("eval-export").toString(), "--no-progress");
            assertEquals(0, eval.exitCode(), eval.err());
            assertTrue(eval.out().contains("Scored data: " + file.toAbsolutePath() + " (40 x 784"), eval.out());
            INDArray back = ScoredData.read(file, DataType.FLOAT);
            assertEquals(expected, back, name + " holds the scored images, in order");
        }
    }

    @Test
    void aBadExportNameFailsBeforeAnyWork() throws IOException {
        Path out = run.resolve("eval-never");
        CliRunner.Result eval = run("eval", run.toString(), "-k", "10", "--export-data",
                run.resolve("scored.txt").toString(), "--out", out.toString(), "--no-progress");
        assertEquals(1, eval.exitCode());
        assertTrue(eval.err().contains("must end in .npy") && eval.err().contains(".csv"), eval.err());
        assertFalse(Files.exists(out), "nothing evaluated or written");
        assertFalse(Files.exists(run.resolve("scored.txt")));
    }
}
