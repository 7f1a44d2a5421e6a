package org.vae4j.core.distribution;

import org.deeplearning4j.nn.conf.layers.variational.BernoulliReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;

/**
 * The one rule for which density vae4j computes for a reconstruction distribution, applied
 * identically by training (the engine's closed form), {@code VaeModel.elbo} and the
 * importance-sampled evaluation.
 *
 * <p>DL4J's {@link BernoulliReconstructionDistribution} with a sigmoid is the Bernoulli in logits,
 * the same density as {@link LogitBernoulliReconstructionDistribution}, but DL4J computes
 * log(sigmoid(l)) in float and replaces the resulting infinities by 0, so a saturated logit costs
 * it nothing where it should cost |l| nats. vae4j therefore computes it as the exact
 * logit-Bernoulli density everywhere (data outside [0,1] is refused, naming the value). Only these
 * two exact classes are treated so: a subclass may change the density and keeps its own methods.
 * Every other distribution is computed by its own methods. DL4J's own
 * {@code reconstructionLogProbability} still uses DL4J's formula; numbers from it can differ from
 * vae4j's on saturated logits.
 */
public final class ExactDensities {

    private ExactDensities() {
    }

    /** True when vae4j computes {@code distribution} as the logit-Bernoulli density (closed form). */
    public static boolean isLogitBernoulli(ReconstructionDistribution distribution) {
        return distribution != null && (distribution.getClass() == LogitBernoulliReconstructionDistribution.class
                || isDl4jSigmoidBernoulli(distribution));
    }

    /**
     * The distribution whose densities vae4j evaluates for {@code distribution}: the exact
     * logit-Bernoulli for DL4J's sigmoid Bernoulli, otherwise {@code distribution} itself.
     */
    public static ReconstructionDistribution densityOf(ReconstructionDistribution distribution) {
        return isDl4jSigmoidBernoulli(distribution) ? new LogitBernoulliReconstructionDistribution(false) : distribution;
    }

    private static boolean isDl4jSigmoidBernoulli(ReconstructionDistribution distribution) {
        return distribution.getClass() == BernoulliReconstructionDistribution.class
                && ((BernoulliReconstructionDistribution) distribution).getActivationFn() instanceof ActivationSigmoid;
    }
}
