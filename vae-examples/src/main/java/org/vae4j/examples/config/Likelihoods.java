package org.vae4j.examples.config;

import java.io.IOException;
import java.util.Locale;

import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.vae4j.core.config.InvalidConfigException;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.ContinuousBernoulliReconstructionDistribution;
import org.vae4j.core.distribution.DiscretizedLogisticReconstructionDistribution;
import org.vae4j.core.distribution.LaplaceReconstructionDistribution;
import org.vae4j.core.distribution.NegativeBinomialReconstructionDistribution;
import org.vae4j.core.distribution.PoissonReconstructionDistribution;
import org.vae4j.core.distribution.LearnedScaleGaussianReconstructionDistribution;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;

/** Short command-line names for the reconstruction distributions recipes use. */
public final class Likelihoods {

    public static final String NAMES = "bernoulli|continuous-bernoulli|gaussian|laplace|poisson|negative-binomial|"
            + "discretized-logistic";

    private Likelihoods() {
    }

    public static ReconstructionDistribution of(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "bernoulli", "logit-bernoulli" -> new LogitBernoulliReconstructionDistribution();
            case "continuous-bernoulli" -> new ContinuousBernoulliReconstructionDistribution();
            case "gaussian", "learned-scale-gaussian" -> new LearnedScaleGaussianReconstructionDistribution();
            case "laplace" -> new LaplaceReconstructionDistribution();
            case "poisson" -> new PoissonReconstructionDistribution();
            case "negative-binomial" -> new NegativeBinomialReconstructionDistribution();
            case "discretized-logistic" -> new DiscretizedLogisticReconstructionDistribution();
            default -> throw new InvalidConfigException("likelihood", name, "one of " + NAMES);
        };
    }

    /** The distribution as VaeConfig's JSON stores it (DL4J's type-tagged form). */
    static JsonNode json(String name) {
        VaeConfig probe = VaeConfig.builder().inputSize(1).latentSize(1).reconstructionDistribution(of(name)).build();
        try {
            return EffectiveConfig.MAPPER.readTree(probe.toJson()).get("reconstructionDistribution");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A short name for a distribution, for tables. */
    public static String nameOf(ReconstructionDistribution distribution) {
        if (distribution instanceof ContinuousBernoulliReconstructionDistribution) {
            return "continuous-bernoulli";
        }
        if (distribution instanceof LogitBernoulliReconstructionDistribution) {
            return "bernoulli";
        }
        if (distribution instanceof LearnedScaleGaussianReconstructionDistribution) {
            return "gaussian";
        }
        if (distribution instanceof LaplaceReconstructionDistribution) {
            return "laplace";
        }
        if (distribution instanceof PoissonReconstructionDistribution) {
            return "poisson";
        }
        if (distribution instanceof NegativeBinomialReconstructionDistribution) {
            return "negative-binomial";
        }
        if (distribution instanceof DiscretizedLogisticReconstructionDistribution) {
            return "discretized-logistic";
        }
        return distribution.getClass().getSimpleName();
    }
}
