package org.vae4j.examples.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.vae4j.core.model.VaeModel;
import org.vae4j.examples.config.ConfigOverrides;
import org.vae4j.examples.config.EffectiveConfig;
import org.vae4j.examples.recipes.Recipe;
import org.vae4j.examples.recipes.Recipes;
import org.vae4j.examples.run.Progress;
import org.vae4j.examples.run.RecipeRunner;
import org.vae4j.examples.run.RunFolder;
import org.vae4j.spark.LocalSpark;

import picocli.CommandLine;

/**
 * SparkTrain --recipe on real MNIST (700 training images, dynamically binarized): with one worker
 * it trains exactly what './vae4j train --recipe' trains (same minibatches, binarization draws,
 * noise and validation), and writes a run folder that 'vae4j eval' reads like the single machine's.
 */
class SparkTrainRecipeIT {

    private static final String RECIPE = "kingma-welling-mnist";

    @Test
    void oneWorkerTrainsARecipeExactlyAsTheSingleMachineTrainer(@TempDir Path dir) throws Exception {
        Recipe recipe = Recipes.named(RECIPE);
        EffectiveConfig config = new ConfigOverrides().set("trainLimit=700").set("evalImportanceSamples=0")
                .set("epochs=2").applyTo(recipe.defaults());
        RunFolder single = RunFolder.create(dir.resolve("single"), RECIPE);
        RecipeRunner.run(recipe, config, single, false, Progress.disabled());

        SparkTrain command = new SparkTrain();
        // 7 minibatches of 100 per epoch, averaging every 3 steps: rounds of 3, 3 and a partial 1.
        new CommandLine(command).parseArgs("--recipe", RECIPE, "--set", "trainLimit=700", "--set",
                "evalImportanceSamples=0", "--epochs", "2", "--workers", "1", "--averaging-frequency", "3",
                "--runs-dir", dir.resolve("spark").toString());
        Path spark = command.train(LocalSpark.get());

        VaeModel expected = VaeModel.load(single.resolve(RunFolder.MODEL));
        VaeModel actual = VaeModel.load(spark.resolve(RunFolder.MODEL));
        assertArrayEquals(expected.layer().params().castTo(DataType.FLOAT).toFloatVector(),
                actual.layer().params().castTo(DataType.FLOAT).toFloatVector());
        assertEquals(14, actual.training().iterations());
        assertEquals(expected.data(), actual.data());
        for (String file : List.of(RunFolder.CONFIG, RunFolder.DATA)) {
            assertEquals(Files.readString(single.resolve(file)), Files.readString(spark.resolve(file)), file);
        }
        // metrics.csv: the same -ELBO columns (train, validation with its KL and reconstruction split,
        // the train probe) to every printed digit; examples/s and wall seconds differ.
        List<String> singleRows = Files.readAllLines(single.resolve(RunFolder.METRICS));
        List<String> sparkRows = Files.readAllLines(spark.resolve(RunFolder.METRICS));
        assertEquals(3, sparkRows.size());
        for (int i = 0; i < singleRows.size(); i++) {
            assertEquals(withoutTiming(singleRows.get(i)), withoutTiming(sparkRows.get(i)), "metrics.csv row " + i);
        }
    }

    /** A metrics.csv row without its examples_per_second and wall_seconds columns. */
    private static String withoutTiming(String row) {
        String[] cells = row.split(",");
        cells[7] = "";
        cells[8] = "";
        return String.join(",", cells);
    }
}
