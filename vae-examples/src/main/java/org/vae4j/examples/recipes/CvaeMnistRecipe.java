package org.vae4j.examples.recipes;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.activations.Activation;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;
import org.vae4j.datasets.binarize.Binarization;
import org.vae4j.datasets.mnist.MnistVariant;
import org.vae4j.examples.config.RecipeSettings;

/**
 * A conditional VAE on MNIST conditioned on the digit (Sohn, Lee and Yan 2015): q(z|x, c) and
 * p(x|z, c) with c the one-hot label, which MNIST's iterators give as the DataSet's labels. Two
 * runs of one architecture and budget (784-400-20, tanh, Bernoulli decoder, Adam 0.001, batch 100):
 * variant {@code conditional} and its baseline {@code unconditional} (conditionSize = 0). The test
 * -log p(x|c) of the first must be below the -log p(x) of the second: knowing the digit is worth
 * up to log 10 = 2.3 nats. The conditional run's samples.png is the class grid (one z per column,
 * one digit per row).
 */
public final class CvaeMnistRecipe implements Recipe {

    public static final String NAME = "cvae-mnist";
    public static final int CLASSES = 10;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "conditional VAE on the digit label vs the same VAE without it: test -log p(x|c) vs -log p(x)";
    }

    @Override
    public String description() {
        return """
                A conditional VAE on MNIST conditioned on the digit (Sohn, Lee and Yan 2015): q(z|x, c) and p(x|z, c)
                with c the one-hot label. Two runs of one architecture and budget (784-400-20, tanh, Bernoulli
                decoder, Adam 0.001, batch 100, 10 epochs, dynamic binarization, test k = 1000 on all 10,000 test
                images): variant conditional (conditionSize = 10) and its baseline, variant unconditional. The
                conditional run's test -log p(x|c) should be below the baseline's -log p(x): the label is worth up
                to log 10 = 2.3 nats. Its samples.png is the class grid: row k is digit k, a column one z.
                """.strip();
    }

    @Override
    public List<Variant> variants() {
        return List.of(new Variant("conditional", Map.of()),
                new Variant("unconditional", Map.of("conditionSize", "0")));
    }

    @Override
    public RecipeSettings defaultSettings() {
        // epochs, batchSize, binarization, trainLimit, validationSize, testLimit, evalImportanceSamples,
        // budgetEpochs, budgetMinutes
        return new RecipeSettings(10, 100, Binarization.DYNAMIC, -1, 400, -1, 1000, 0, 0);
    }

    @Override
    public VaeConfig defaultConfig() {
        return VaeConfig.builder().inputSize(784).conditionSize(CLASSES).encoderLayerSizes(400)
                .decoderLayerSizes(400).latentSize(20).hiddenActivation(Activation.TANH)
                .reconstructionDistribution(new LogitBernoulliReconstructionDistribution())
                .updater(UpdaterKind.ADAM, 1e-3).seed(12345).build();
    }

    @Override
    public RecipeData loadData(RecipeSettings settings, long seed) throws IOException {
        return RecipeDataLoader.mnist(MnistVariant.MNIST, settings, seed);
    }
}
