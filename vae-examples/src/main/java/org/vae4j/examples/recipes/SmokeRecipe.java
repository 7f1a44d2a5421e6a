package org.vae4j.examples.recipes;

import java.io.IOException;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;
import org.vae4j.datasets.mnist.MnistVariant;

import org.nd4j.linalg.activations.Activation;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.datasets.binarize.Binarization;
import org.vae4j.examples.config.RecipeSettings;

/**
 * A tiny end-to-end run on real MNIST: a 784-200-10 VAE with a Bernoulli decoder trained for five
 * epochs on the first 2,000 training images (dynamic binarization), then log p(x) by importance
 * sampling with k = 50 on the first 500 test images, and every plot. It checks the install and the
 * pipeline in about a minute; the numbers are far from converged.
 */
public final class SmokeRecipe implements Recipe {

    public static final String NAME = "smoke";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "tiny MNIST run (2,000 train / 500 test, 5 epochs, k = 50): proves the install works";
    }

    @Override
    public String description() {
        return """
                A tiny end-to-end run on real MNIST: a 784-200-10 VAE with a Bernoulli decoder trained for five
                epochs on the first 2,000 training images (dynamic binarization), then log p(x) by importance
                sampling with k = 50 on the first 500 test images, and every plot. It checks the install and the
                pipeline in about a minute; the numbers are far from converged.
                """.strip();
    }

    @Override
    public RecipeSettings defaultSettings() {
        // epochs, batchSize, binarization, trainLimit, validationSize, testLimit, evalImportanceSamples,
        // budgetEpochs, budgetMinutes
        return new RecipeSettings(5, 100, Binarization.DYNAMIC, 2000, 400, 500, 50, 0, 0);
    }

    @Override
    public VaeConfig defaultConfig() {
        return VaeConfig.builder().inputSize(784).encoderLayerSizes(200).decoderLayerSizes(200).latentSize(10)
                .hiddenActivation(Activation.TANH).reconstructionDistribution(new LogitBernoulliReconstructionDistribution())
                .updater(UpdaterKind.ADAM, 1e-3).seed(12345).build();
    }

    @Override
    public RecipeData loadData(RecipeSettings settings, long seed) throws IOException {
        return RecipeDataLoader.mnist(MnistVariant.MNIST, settings, seed);
    }
}
