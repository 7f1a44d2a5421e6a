package org.vae4j.examples.recipes;

import java.io.IOException;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;
import org.vae4j.datasets.mnist.MnistVariant;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.activations.Activation;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.datasets.binarize.Binarization;
import org.vae4j.examples.config.RecipeSettings;

/**
 * Two VAEs on Fashion-MNIST with the same network (784-500-20, tanh, Adam 0.001, batch 100): a
 * continuous Bernoulli decoder on the grey pixels in [0, 1] (Loaiza-Ganem and Cunningham 2019) and a
 * Bernoulli decoder on dynamically binarized pixels. The recipe trains both (run folders fashion-
 * mnist-continuous-bernoulli-* and fashion-mnist-bernoulli-*) and prints their numbers side by side.
 * The two log-likelihoods are densities of different data (grey levels vs bits) and cannot be compared
 * with each other: a continuous density on [0,1]^784 can exceed 1, so its log p(x) can be positive.
 * Compare each with runs of its own kind.
 */
public final class FashionMnistRecipe implements Recipe {

    public static final String NAME = "fashion-mnist";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Fashion-MNIST: continuous Bernoulli on grey pixels vs Bernoulli on binarized pixels";
    }

    @Override
    public String description() {
        return """
                Two VAEs on Fashion-MNIST with the same network (784-500-20, tanh, Adam 0.001, batch 100): a
                continuous Bernoulli decoder on the grey pixels in [0, 1] (Loaiza-Ganem and Cunningham 2019) and a
                Bernoulli decoder on dynamically binarized pixels. The recipe trains both (run folders fashion-
                mnist-continuous-bernoulli-* and fashion-mnist-bernoulli-*) and prints their numbers side by side.
                The two log-likelihoods are densities of different data (grey levels vs bits) and cannot be compared
                with each other: a continuous density on [0,1]^784 can exceed 1, so its log p(x) can be positive.
                Compare each with runs of its own kind.
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
        return VaeConfig.builder().inputSize(784).encoderLayerSizes(500).decoderLayerSizes(500).latentSize(20)
                .hiddenActivation(Activation.TANH).reconstructionDistribution(new LogitBernoulliReconstructionDistribution())
                .updater(UpdaterKind.ADAM, 1e-3).seed(12345).build();
    }

    @Override
    public RecipeData loadData(RecipeSettings settings, long seed) throws IOException {
        return RecipeDataLoader.mnist(MnistVariant.FASHION_MNIST, settings, seed);
    }

    @Override
    public List<Variant> variants() {
        return List.of(
                new Variant("continuous-bernoulli", Map.of("likelihood", "continuous-bernoulli", "binarization", "NONE")),
                new Variant("bernoulli", Map.of("likelihood", "bernoulli", "binarization", "DYNAMIC")));
    }
}
