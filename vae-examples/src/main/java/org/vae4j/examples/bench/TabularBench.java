package org.vae4j.examples.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.examples.config.RecipeSettings;
import org.vae4j.examples.recipes.CsvDataRecipe;
import org.vae4j.examples.recipes.RecipeData;
import org.vae4j.examples.run.TestSet;

/**
 * The {@code tabular} benchmark model (issue 21): what {@code ./vae4j train --data FILE.csv --likelihood gaussian}
 * trains by default, through the same {@link CsvDataRecipe}: every column a numeric feature, rows split 80 / 10 / 10
 * into training, validation and test rows by the seeded permutation, columns standardized with the training rows'
 * mean and population standard deviation, the model sized from the column count (one tanh hidden layer of
 * max(16, min(256, 2 x columns)) units, latent max(2, min(16, columns / 4)), learned-scale Gaussian p(x|z)), Adam
 * 5e-3, minibatch 64. {@code bench/pytorch_train.py --model tabular} is its PyTorch twin.
 */
public final class TabularBench {

    /** {@code train --data}'s likelihood for the benchmark: the default for a CSV file. */
    public static final String LIKELIHOOD = "gaussian";
    /** {@code train --data}'s default {@code --validation-fraction} (BenchmarkCommandTest checks it). */
    public static final double VALIDATION_FRACTION = 0.1;
    /** {@code train --data}'s default {@code --test-fraction} (BenchmarkCommandTest checks it). */
    public static final double TEST_FRACTION = 0.1;

    private final CsvDataRecipe recipe;

    private TabularBench(CsvDataRecipe recipe) {
        this.recipe = recipe;
    }

    /** Reads and checks {@code csv} as {@code train --data csv --likelihood gaussian} does. */
    public static TabularBench open(Path csv) throws IOException {
        return new TabularBench(CsvDataRecipe.open(csv, List.of(), List.of(), null, LIKELIHOOD, null,
                VALIDATION_FRACTION, TEST_FRACTION, false));
    }

    public CsvDataRecipe recipe() {
        return recipe;
    }

    /** {@code train --data}'s default model for this file, seeded with {@code seed}. */
    public VaeConfig config(long seed) {
        return recipe.defaultConfig().toBuilder().seed(seed).build();
    }

    /**
     * The split, scaled rows as {@code train --data} makes them from {@code seed}: the training iterator
     * (minibatch 64, shuffled per epoch) cut to the first {@code trainLimit} training rows and the test iterator
     * to the first {@code testLimit} test rows (null = all).
     */
    public RecipeData load(long seed, Integer trainLimit, Integer testLimit) throws IOException {
        RecipeSettings s = recipe.defaultSettings();
        return recipe.loadData(new RecipeSettings(s.epochs(), s.batchSize(), s.binarization(),
                trainLimit == null ? -1 : trainLimit, s.validationSize(), testLimit == null ? -1 : testLimit,
                s.evalImportanceSamples(), s.budgetEpochs(), s.budgetMinutes()), seed);
    }

    /** The test rows of {@code data} in one [rows, columns] array, in file order. */
    public static INDArray testRows(RecipeData data) {
        return TestSet.collect(data.test(), false).features();
    }

    /**
     * Values &gt; 0 in {@code x}: both sides of {@code bench/compare.sh tabular}'s evaluation print it as
     * {@code data_ones}, so that different rows show (MNIST's one-pixels play the same part).
     */
    public static long positiveValues(INDArray x) {
        long count = 0;
        for (float v : x.castTo(DataType.FLOAT).dup('c').data().asFloat()) {
            if (v > 0) {
                count++;
            }
        }
        return count;
    }
}
