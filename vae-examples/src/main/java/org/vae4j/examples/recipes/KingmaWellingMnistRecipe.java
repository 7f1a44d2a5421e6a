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
 * Kingma and Welling (2013), Auto-Encoding Variational Bayes, MNIST experiments (Fig. 2): one tanh
 * hidden layer of 500 units in encoder and decoder, latent size 20 by default (the paper shows 3, 5,
 * 10, 20 and 200: --set latentSize=N), Bernoulli decoder, Adagrad with step size 0.02, minibatches of
 * 100, L = 1 sample of z per example, and a small L2 weight penalty of 1/60000 per example (the N(0,
 * I) weight prior of the paper spread over the training set). The paper trains for 10^8 examples
 * (about 1,700 epochs); the default here is 100 epochs. The paper does not say how it binarized MNIST:
 * this recipe uses dynamic binarization for training and a fixed sampled binarization for validation
 * and test. The learning curve plot has the axes of the paper (lower bound vs training examples seen).
 */
public final class KingmaWellingMnistRecipe implements Recipe {

    public static final String NAME = "kingma-welling-mnist";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Kingma & Welling (2013) MNIST: 784-500-z tanh, Bernoulli, Adagrad, batch 100, L = 1";
    }

    @Override
    public String description() {
        return """
                Kingma and Welling (2013), Auto-Encoding Variational Bayes, MNIST experiments (Fig. 2): one tanh
                hidden layer of 500 units in encoder and decoder, latent size 20 by default (the paper shows 3, 5,
                10, 20 and 200: --set latentSize=N), Bernoulli decoder, Adagrad with step size 0.02, minibatches of
                100, L = 1 sample of z per example, and a small L2 weight penalty of 1/60000 per example (the N(0,
                I) weight prior of the paper spread over the training set). The paper trains for 10^8 examples
                (about 1,700 epochs); the default here is 100 epochs. The paper does not say how it binarized MNIST:
                this recipe uses dynamic binarization for training and a fixed sampled binarization for validation
                and test. The learning curve plot has the axes of the paper (lower bound vs training examples seen).
                """.strip();
    }

    @Override
    public RecipeSettings defaultSettings() {
        // epochs, batchSize, binarization, trainLimit, validationSize, testLimit, evalImportanceSamples,
        // budgetEpochs, budgetMinutes
        return new RecipeSettings(100, 100, Binarization.DYNAMIC, -1, 400, 1000, 1000, 0, 0);
    }

    @Override
    public VaeConfig defaultConfig() {
        return VaeConfig.builder().inputSize(784).encoderLayerSizes(500).decoderLayerSizes(500).latentSize(20)
                .hiddenActivation(Activation.TANH).reconstructionDistribution(new LogitBernoulliReconstructionDistribution())
                .updater(UpdaterKind.ADAGRAD, 0.02).l2(1.0 / 60_000).monteCarloSamples(1).seed(12345).build();
    }

    @Override
    public RecipeData loadData(RecipeSettings settings, long seed) throws IOException {
        return RecipeDataLoader.mnist(MnistVariant.MNIST, settings, seed);
    }
}
