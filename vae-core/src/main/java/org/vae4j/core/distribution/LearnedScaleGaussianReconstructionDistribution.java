package org.vae4j.core.distribution;

import org.nd4j.linalg.api.rng.Random;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Gaussian with a learned per-value standard deviation, two pre-output blocks for D data columns:
 * columns [0,D) are the means (identity link), columns [D,2D) are {@code r} with
 * sigma = softplus(r) + minScale.
 *
 * <p>-log p(x) = 0.5 log(2 pi) + log sigma + (x - mu)^2 / (2 sigma^2).
 *
 * <p>Why not DL4J's {@code GaussianReconstructionDistribution}: its log-variance goes through the
 * same activation as the mean, so with TANH it is clamped to [-1,1] (sigma in [0.61, 1.65]), and
 * with IDENTITY exp(logVar) overflows/underflows in float. The softplus scale is unbounded above,
 * grows only linearly, and the floor keeps the density finite when a value is reconstructed
 * exactly.
 */
public class LearnedScaleGaussianReconstructionDistribution extends LearnedScaleReconstructionDistribution {

    static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    /** minScale = 1e-3. */
    public LearnedScaleGaussianReconstructionDistribution() {
        this(1e-3);
    }

    /** @param minScale floor added to softplus(r) for sigma; must be > 0 and finite */
    @JsonCreator
    public LearnedScaleGaussianReconstructionDistribution(@JsonProperty("minScale") double minScale) {
        super(minScale);
    }

    @Override
    protected double logNormalizer() {
        return HALF_LOG_2PI;
    }

    @Override
    protected double standardizedNegLog(double u) {
        return 0.5 * u * u;
    }

    @Override
    protected void standardizedNegLog(float[] u, int n) {
        for (int i = 0; i < n; i++) {
            u[i] = 0.5f * u[i] * u[i];
        }
    }

    @Override
    protected void negLogDensityGradient(double x, double[] p, double[] g) {
        double sigma = scale(p);
        double z = (x - p[0]) / sigma;
        g[0] = -z / sigma;
        g[1] = (1 - z * z) / sigma * StableMath.sigmoid(p[1]);
    }

    @Override
    protected double sample(double[] p, Random rng) {
        return p[0] + scale(p) * rng.nextGaussian();
    }
}
