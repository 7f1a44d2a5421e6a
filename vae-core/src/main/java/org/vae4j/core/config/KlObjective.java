package org.vae4j.core.config;

import org.nd4j.shade.jackson.annotation.JsonIgnore;

/**
 * How the KL(q(z|x) || p(z)) term enters the training objective. {@link #standard()} (beta 1, no
 * warm-up, no free bits) is the plain ELBO. Only the {@link TrainingEngine#VAE4J} engine supports
 * anything else; the reported training loss is always the plain negative ELBO.
 *
 * @param beta              weight of the KL term (beta-VAE, Higgins et al. 2017); 0 trains the
 *                          reconstruction term alone
 * @param warmupIterations  KL warm-up (Bowman et al. 2016; Sonderby et al. 2016): the KL weight
 *                          at iteration t (0-based) is min(1, t / warmupIterations) * beta; 0 = off
 * @param freeBitsNats      free bits (Kingma et al. 2016) in nats per latent dimension: the KL of
 *                          latent dimension j, averaged over the minibatch, is replaced by
 *                          max(freeBitsNats, KL_j), so a dimension below the floor gets no KL
 *                          gradient; 0 = off
 */
public record KlObjective(double beta, long warmupIterations, double freeBitsNats) {

    private static final String NAME = "VaeConfig.klObjective.";

    public KlObjective {
        if (!(beta >= 0 && Double.isFinite(beta))) {
            throw new InvalidConfigException(NAME + "beta", beta, "must be finite and >= 0");
        }
        if (warmupIterations < 0) {
            throw new InvalidConfigException(NAME + "warmupIterations", warmupIterations, "must be >= 0");
        }
        if (!(freeBitsNats >= 0 && Double.isFinite(freeBitsNats))) {
            throw new InvalidConfigException(NAME + "freeBitsNats", freeBitsNats, "must be finite and >= 0");
        }
    }

    /** The plain ELBO: beta 1, no warm-up, no free bits. */
    public static KlObjective standard() {
        return new KlObjective(1, 0, 0);
    }

    /** True for the plain ELBO, which DL4J's layer also computes. */
    @JsonIgnore
    public boolean isStandard() {
        return beta == 1 && warmupIterations == 0 && freeBitsNats == 0;
    }

    /** The KL weight at 0-based training iteration {@code iteration}: min(1, t / T) * beta. */
    public double klWeight(long iteration) {
        if (warmupIterations == 0) {
            return beta;
        }
        return Math.min(1.0, (double) iteration / warmupIterations) * beta;
    }
}
