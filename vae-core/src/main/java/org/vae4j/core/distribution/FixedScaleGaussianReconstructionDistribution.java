package org.vae4j.core.distribution;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Gaussian with a standard deviation fixed in the configuration; one pre-output column per data
 * column, the mean (identity link).
 *
 * <p>-log p(x) = 0.5 log(2 pi) + log sigma + (x - mu)^2 / (2 sigma^2). With sigma fixed this is a
 * scaled squared error plus a constant, but unlike DL4J's MSE loss wrapper the constant is kept,
 * so ELBOs are true bounds in nats and comparable across models.
 */
public class FixedScaleGaussianReconstructionDistribution extends ElementwiseReconstructionDistribution {

    @JsonProperty("sigma")
    private final double sigma;

    /** sigma = 1. */
    public FixedScaleGaussianReconstructionDistribution() {
        this(1.0);
    }

    /** @param sigma standard deviation; must be finite and > 0 */
    @JsonCreator
    public FixedScaleGaussianReconstructionDistribution(@JsonProperty("sigma") double sigma) {
        this.sigma = requirePositiveFinite("sigma", sigma);
    }

    public double getSigma() {
        return sigma;
    }

    @Override
    protected int parametersPerValue() {
        return 1;
    }

    @Override
    protected double negLogDensity(double x, double[] p) {
        double z = (x - p[0]) / sigma;
        return LearnedScaleGaussianReconstructionDistribution.HALF_LOG_2PI + Math.log(sigma) + 0.5 * z * z;
    }

    @Override
    protected void negLogDensityGradient(double x, double[] p, double[] g) {
        g[0] = (p[0] - x) / (sigma * sigma);
    }

    @Override
    protected double mean(double[] p) {
        return p[0];
    }

    @Override
    protected double sample(double[] p, Random rng) {
        return p[0] + sigma * rng.nextGaussian();
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
        m.put("sigma", sigma);
        return m;
    }
}
