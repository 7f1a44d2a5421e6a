package org.vae4j.core.distribution;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogBeta;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Negative binomial for over-dispersed counts (e.g. gene expression, as in scVI: Lopez et al.
 * 2018), in the mean / inverse-dispersion parametrization, two pre-output blocks for D data
 * columns: columns [0,D) are log m (log mean), columns [D,2D) are log theta (log inverse
 * dispersion, theta > 0; variance m + m^2/theta).
 *
 * <p>log p(x) = lgamma(x + theta) - lgamma(theta) - lgamma(x + 1)
 * + theta log(theta/(theta + m)) + x log(m/(theta + m)).
 *
 * <p>Evaluated as log x + logBeta(theta, x) + theta softplus(r1 - r2) + x softplus(r2 - r1)
 * (x > 0), because lgamma(x + theta) - lgamma(theta) cancels when theta is large (the Poisson
 * limit); commons-numbers' LogBeta is accurate there. For the same reason the digamma difference
 * in the theta-gradient uses its asymptotic expansion for theta >= 10.
 */
public class NegativeBinomialReconstructionDistribution extends ElementwiseReconstructionDistribution {

    @JsonProperty("clampData")
    private final boolean clampData;

    /** Rejects data that are not non-negative integers. */
    public NegativeBinomialReconstructionDistribution() {
        this(false);
    }

    /** @param clampData round data to the nearest non-negative integer instead of rejecting it */
    @JsonCreator
    public NegativeBinomialReconstructionDistribution(@JsonProperty("clampData") boolean clampData) {
        this.clampData = clampData;
    }

    public boolean isClampData() {
        return clampData;
    }

    @Override
    protected int parametersPerValue() {
        return 2;
    }

    @Override
    protected double negLogDensity(double x, double[] p) {
        double theta = Math.exp(p[1]);
        double tail = theta * StableMath.softplus(p[0] - p[1]) + x * StableMath.softplus(p[1] - p[0]);
        if (x == 0) {
            return tail;
        }
        // lgamma(x+theta) - lgamma(theta) - lgamma(x+1) = -log x - logBeta(theta, x)
        return Math.log(x) + LogBeta.value(theta, x) + tail;
    }

    @Override
    protected void negLogDensityGradient(double x, double[] p, double[] g) {
        double theta = Math.exp(p[1]);
        double sigmaMean = StableMath.sigmoid(p[0] - p[1]); // m / (theta + m)
        double sigmaTheta = StableMath.sigmoid(p[1] - p[0]); // theta / (theta + m)
        g[0] = theta * sigmaMean - x * sigmaTheta;
        g[1] = -theta * digammaIncrement(theta, x) + theta * StableMath.softplus(p[0] - p[1])
                - theta * sigmaMean + x * sigmaTheta;
    }

    /** psi(theta + x) - psi(theta) for x >= 0, accurate also when theta >> x. */
    static double digammaIncrement(double theta, double x) {
        if (x == 0) {
            return 0;
        }
        if (theta < 10) {
            // well conditioned: psi(theta) is not large relative to the difference
            return Digamma.value(theta + x) - Digamma.value(theta);
        }
        // psi(z) = log z - 1/(2z) - sum_k B_2k/(2k z^2k); differences taken term by term
        double z = theta + x;
        double it = 1 / theta;
        double iz = 1 / z;
        double it2 = it * it;
        double iz2 = iz * iz;
        return StableMath.log1p(x / theta)
                + x / (2 * theta * z)
                + x * (2 * theta + x) * it2 * iz2 / 12
                - (it2 * it2 - iz2 * iz2) / 120
                + (it2 * it2 * it2 - iz2 * iz2 * iz2) / 252
                - (it2 * it2 * it2 * it2 - iz2 * iz2 * iz2 * iz2) / 240;
    }

    @Override
    protected double mean(double[] p) {
        return Math.exp(p[0]);
    }

    /** Gamma-Poisson mixture: rate ~ Gamma(theta, scale m/theta). */
    @Override
    protected double sample(double[] p, Random rng) {
        double theta = Math.exp(p[1]);
        double rate = CountSampling.gamma(theta, rng) * Math.exp(p[0]) / theta;
        return CountSampling.poisson(rate, rng);
    }

    @Override
    protected double checkSupport(double x, int row, int column) {
        return PoissonReconstructionDistribution.checkCount(this, clampData, x, row, column);
    }

    @Override
    protected Map<String, Object> configuration() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clampData", clampData);
        return m;
    }
}
