package org.vae4j.examples.recipes;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.learning.config.Adam;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;
import org.vae4j.datasets.binarize.Binarization;
import org.vae4j.datasets.mnist.MnistVariant;
import org.vae4j.examples.config.RecipeSettings;

/**
 * The VAE baseline of Burda, Grosse and Salakhutdinov (2015), Importance Weighted Autoencoders,
 * Table 1 (k = 1, one stochastic layer): 784-200-200-50 tanh, dynamic
 * binarization, Adam, minibatch 20, and their schedule of 3^i epochs at learning rate
 * 0.001 * 10^(-i/7) for i = 0..7 (3,280 epochs). Reported test -log p(x) with k = 5000: 86.76 nats.
 */
public final class IwaeVaeMnistRecipe implements Recipe {

    public static final String NAME = "iwae-vae-mnist";
    /** Stages of the Burda et al. schedule, i = 0..7. */
    public static final int STAGES = 8;
    public static final double PAPER_NEGATIVE_LOG_LIKELIHOOD_NATS = 86.76;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Burda et al. (2015) VAE baseline: 784-200-200-50, Adam, 3^i-epoch schedule, k = 5000 (paper: 86.76 nats)";
    }

    @Override
    public String description() {
        return """
                The VAE (k = 1) of Burda, Grosse and Salakhutdinov (2015), Importance Weighted Autoencoders,
                with one stochastic layer: 784-200-200-50 tanh encoder and 50-200-200-784 decoder, Bernoulli
                decoder, dynamic binarization, Adam, minibatches of 20, and the schedule of the paper: 3^i
                epochs at learning rate 0.001 * 10^(-i/7) for i = 0..7, 3,280 epochs in all. The test
                log-likelihood is estimated with k = 5000 importance samples (--set evalImportanceSamples=K)
                and compared with the 86.76 nats of the paper. The full schedule takes days on a small CPU:
                --budget N (epochs) or --budget Nm (minutes) truncates it; the schedule is indexed by epoch, so a
                truncated run is the start of the full one and can be resumed with a larger budget.
                """.strip();
    }

    @Override
    public RecipeSettings defaultSettings() {
        return new RecipeSettings(scheduleEpochs(), 20, Binarization.DYNAMIC, -1, 400, -1, 5000, 0, 0);
    }

    @Override
    public VaeConfig defaultConfig() {
        return VaeConfig.builder().inputSize(784).encoderLayerSizes(200, 200).decoderLayerSizes(200, 200)
                .latentSize(50).hiddenActivation(Activation.TANH)
                .reconstructionDistribution(new LogitBernoulliReconstructionDistribution())
                .updater(new Adam(schedule(1e-3))).seed(12345).build();
    }

    @Override
    public RecipeData loadData(RecipeSettings settings, long seed) throws IOException {
        return RecipeDataLoader.mnist(MnistVariant.MNIST, settings, seed);
    }

    /** Sum of 3^i for i = 0..7. */
    public static int scheduleEpochs() {
        int total = 0;
        for (int i = 0, length = 1; i < STAGES; i++, length *= 3) {
            total += length;
        }
        return total;
    }

    /**
     * Stage i starts at epoch (3^i - 1) / 2 with rate base * 10^(-i/7); base is 0.001 in the paper
     * ({@code --set learningRate} scales the whole schedule).
     */
    public static MapSchedule schedule(double baseLearningRate) {
        Map<Integer, Double> rates = new LinkedHashMap<>();
        for (int i = 0, start = 0, length = 1; i < STAGES; i++, start += length, length *= 3) {
            rates.put(start, baseLearningRate * Math.pow(10, -i / 7.0));
        }
        return new MapSchedule(ScheduleType.EPOCH, rates);
    }
}
