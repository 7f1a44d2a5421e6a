package org.vae4j.core.distribution;

import java.util.LinkedHashMap;
import java.util.Map;
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
public class LearnedScaleGaussianReconstructionDistribution extends ElementwiseReconstructionDistribution {

    static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    @JsonProperty("minScale")
    private final double minScale;

    /** minScale = 1e-3. */
    public LearnedScaleGaussianReconstructionDistribution() {
        this(1e-3);
    }

    /** @param minScale floor added to softplus(r) for sigma; must be > 0 and finite */
    @JsonCreator
    public LearnedScaleGaussianReconstructionDistribution(@JsonProperty("minScale") double minScale) {
        this.minScale = requirePositiveFinite("minScale", minScale);
    }

    public double getMinScale() {
        return minScale;
    }

    @Override
    protected int parametersPerValue() {
        return 2;
    }

    @Override
    protected double negLogDensity(double x, double[] p) {
        double sigma = StableMath.softplusScale(p[1], minScale);
        double z = (x - p[0]) / sigma;
        return HALF_LOG_2PI + Math.log(sigma) + 0.5 * z * z;
    }

    @Override
    protected void negLogDensityGradient(double x, double[] p, double[] g) {
        double sigma = StableMath.softplusScale(p[1], minScale);
        double z = (x - p[0]) / sigma;
        g[0] = -z / sigma;
        g[1] = (1 - z * z) / sigma * StableMath.sigmoid(p[1]);
    }

    @Override
    protected double mean(double[] p) {
        return p[0];
    }

    @Override
    protected double sample(double[] p, Random rng) {
        return p[0] + StableMath.softplusScale(p[1], minScale) * rng.nextGaussian();
    }

    @Override
    protected double checkSupport(double x, int row, int column) {
        if (Double.isFinite(x)) {
            return x;
        }
        throw outOfSupport(x, row, column, "a finite value");
    }

    @Override
    protected Map<String, Object> configuration() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("minScale", minScale);
        return m;
    }
}
