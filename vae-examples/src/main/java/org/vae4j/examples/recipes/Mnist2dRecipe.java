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
 * A VAE with a two-dimensional latent space on MNIST (784-500-2, tanh, Bernoulli decoder, Adam 0.001,
 * batch 100), as in the manifold figure of Kingma and Welling (2013, Fig. 4a). After training it draws
 * manifold.png (decoder means over a 20 x 20 grid of latent points taken through the inverse Gaussian
 * CDF) and latent-scatter.png (posterior means of the test images, coloured by digit).
 */
public final class Mnist2dRecipe implements Recipe {

    public static final String NAME = "mnist-2d";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "2-D latent MNIST VAE: learned manifold (inverse-CDF grid) and test-set latent scatter";
    }

    @Override
    public String description() {
        return """
                A VAE with a two-dimensional latent space on MNIST (784-500-2, tanh, Bernoulli decoder, Adam 0.001,
                batch 100), as in the manifold figure of Kingma and Welling (2013, Fig. 4a). After training it draws
                manifold.png (decoder means over a 20 x 20 grid of latent points taken through the inverse Gaussian
                CDF) and latent-scatter.png (posterior means of the test images, coloured by digit).
                """.strip();
    }

    @Override
    public RecipeSettings defaultSettings() {
        // epochs, batchSize, binarization, trainLimit, validationSize, testLimit, evalImportanceSamples,
        // budgetEpochs, budgetMinutes
        return new RecipeSettings(30, 100, Binarization.DYNAMIC, -1, 400, 1000, 1000, 0, 0);
    }

    @Override
    public VaeConfig defaultConfig() {
        return VaeConfig.builder().inputSize(784).encoderLayerSizes(500).decoderLayerSizes(500).latentSize(2)
                .hiddenActivation(Activation.TANH).reconstructionDistribution(new LogitBernoulliReconstructionDistribution())
                .updater(UpdaterKind.ADAM, 1e-3).seed(12345).build();
    }

    @Override
    public RecipeData loadData(RecipeSettings settings, long seed) throws IOException {
        return RecipeDataLoader.mnist(MnistVariant.MNIST, settings, seed);
    }
}
