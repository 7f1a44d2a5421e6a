package org.vae4j.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.bench.model.BenchmarkModel;
import org.vae4j.bench.speed.BenchmarkData;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.examples.config.RecipeSettings;
import org.vae4j.examples.recipes.CsvDataRecipe;
import org.vae4j.examples.recipes.RecipeData;
import org.vae4j.examples.run.TestSet;

/**
 * The data of the {@code tabular} benchmark model (issue 21): what {@code ./vae4j train --data FILE.csv --likelihood
 * gaussian} trains by default, through the same {@link CsvDataRecipe}: every column a numeric feature, rows split into
 * training, validation and test rows by the seeded permutation (the model's validation and test fractions, which are
 * {@code train --data}'s defaults: BenchmarkCommandTest checks them), columns standardized with the training rows'
 * mean and population standard deviation, the model sized from the column count by {@code train --data}'s rule
 * (bench/models.json repeats the rule for the PyTorch twin: BenchmarkModelTest checks that they agree). The file is
 * read on {@link #open()}: for training, after ND4J's initialisation, as {@code train --data} reads it.
 */
final class CsvBenchmarkData implements BenchmarkData {

    private final BenchmarkModel model;
    private final Path csv;
    private CsvDataRecipe recipe;

    CsvBenchmarkData(BenchmarkModel model, Path csv) {
        this.model = model;
        this.csv = csv;
    }

    /** Reads and checks the file as {@code train --data FILE.csv --likelihood L} does (once), L the model's. */
    @Override
    public void open() throws IOException {
        if (recipe == null) {
            BenchmarkModel.Training t = model.training();
            recipe = CsvDataRecipe.open(csv, List.of(), List.of(), List.of(), null, model.network().likelihood(), null,
                    t.validationFraction(), t.testFraction(), false);
        }
    }

    /** The recipe of the file: {@link #open()} must have read it. */
    CsvDataRecipe recipe() {
        if (recipe == null) {
            throw new IllegalStateException(csv + " is not read yet");
        }
        return recipe;
    }

    /** {@code train --data}'s default model for this file, seeded with {@code seed}. */
    @Override
    public VaeConfig config(long seed) {
        return recipe().defaultConfig().toBuilder().seed(seed).build();
    }

    @Override
    public Training load(long seed, Integer limit) throws IOException {
        RecipeData split = split(seed, limit, null);
        return new Training(split.train(), () -> testRows(split));
    }

    /**
     * @throws IllegalArgumentException when the file's test split has fewer than {@code examples} rows
     */
    @Override
    public INDArray evaluationRows(long modelSeed, int examples) throws IOException {
        INDArray x = testRows(split(modelSeed, null, examples));
        if (x.rows() < examples) {
            throw new IllegalArgumentException("--examples " + examples + ": the test split of " + csv + " has "
                    + x.rows() + " rows");
        }
        return x;
    }

    /** The test rows as {@code benchmark eval} scores them: PyTorch scores the same rows. */
    @Override
    public Optional<INDArray> exportedRows(long modelSeed) throws IOException {
        return Optional.of(testRows(split(modelSeed, null, null)));
    }

    /** Fails unless {@code vae} was trained on this file (same SHA-256), when its metadata says. */
    @Override
    public void requireTrainedOn(VaeModel vae, Path zip) {
        if (vae.data() == null || vae.data().fileSha256().isEmpty()) {
            return;
        }
        Map<String, String> now = recipe().source().fileSha256();
        if (!Objects.equals(Map.copyOf(vae.data().fileSha256()), Map.copyOf(now))) {
            throw new IllegalArgumentException(zip + " was trained on " + vae.data().fileSha256() + ", not on "
                    + now + " (a model for another --data? remove the folder to train a new one)");
        }
    }

    /**
     * The split, scaled rows as {@code train --data} makes them from {@code seed}: the training iterator (the model's
     * minibatch, shuffled per epoch) cut to the first {@code trainLimit} training rows and the test iterator to the
     * first {@code testLimit} test rows (null = all).
     */
    private RecipeData split(long seed, Integer trainLimit, Integer testLimit) throws IOException {
        RecipeSettings s = recipe().defaultSettings();
        return recipe().loadData(new RecipeSettings(s.epochs(), s.batchSize(), s.binarization(),
                trainLimit == null ? -1 : trainLimit, s.validationSize(), testLimit == null ? -1 : testLimit,
                s.evalImportanceSamples(), s.budgetEpochs(), s.budgetMinutes()), seed);
    }

    /** The test rows of {@code data} in one [rows, columns] array, in file order. */
    private static INDArray testRows(RecipeData data) {
        return TestSet.collect(data.test(), false).features();
    }
}
