package org.vae4j.examples.cli;

import java.io.IOException;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.bench.model.BenchmarkModel;
import org.vae4j.bench.speed.BenchmarkData;
import org.vae4j.bench.speed.ThresholdedMnist;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.examples.config.RecipeSettings;
import org.vae4j.examples.recipes.Recipe;

/**
 * The data of a benchmark model that is a vae4j recipe (kingma-welling, iwae): the recipe's own data loader, so the
 * benchmark trains what the recipe's users train (its validation split held out, its binarization, its minibatch).
 * The configuration is bench/models.json's, which BenchmarkModelTest checks equals the recipe's. The test -ELBO and
 * the evaluation use the MNIST test images binarized by threshold, as for every MNIST model (the PyTorch side reads
 * the same images).
 */
final class RecipeBenchmarkData implements BenchmarkData {

    private final BenchmarkModel model;
    private final Recipe recipe;

    RecipeBenchmarkData(BenchmarkModel model, Recipe recipe) {
        this.model = model;
        this.recipe = recipe;
    }

    @Override
    public VaeConfig config(long seed) {
        return model.config(seed);
    }

    @Override
    public Training load(long seed, Integer limit) throws IOException {
        return new Training(recipe.loadData(settings(recipe, limit), seed).train(), ThresholdedMnist::testImages);
    }

    @Override
    public INDArray evaluationRows(long modelSeed, int examples) throws IOException {
        return ThresholdedMnist.testImages(examples);
    }

    /** The recipe's settings with the training set cut to {@code limit} examples (null = all). */
    static RecipeSettings settings(Recipe recipe, Integer limit) {
        RecipeSettings s = recipe.defaultSettings();
        return new RecipeSettings(s.epochs(), s.batchSize(), s.binarization(), limit == null ? -1 : limit,
                s.validationSize(), s.testLimit(), s.evalImportanceSamples(), s.budgetEpochs(), s.budgetMinutes());
    }
}
