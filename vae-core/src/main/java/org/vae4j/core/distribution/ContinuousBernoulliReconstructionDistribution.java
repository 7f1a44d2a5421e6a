package org.vae4j.core.distribution;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Continuous Bernoulli (Loaiza-Ganem and Cunningham, NeurIPS 2019) for data in [0,1], one
 * pre-output column per data column: the logit {@code eta}, lambda = sigmoid(eta).
 *
 * <p>p(x|lambda) = C(lambda) lambda^x (1-lambda)^(1-x), with
 * C(lambda) = 2 artanh(1-2 lambda)/(1-2 lambda) (C(1/2) = 2). In the natural parameter eta this is
 * the exponential family p(x) = exp(eta x - A(eta)) on [0,1] with A(eta) = log((e^eta - 1)/eta),
 * and -log p(x) = A(eta) - eta x, which equals -[x log lambda + (1-x) log(1-lambda) + log C(lambda)].
 *
 * <p>Near lambda = 1/2 (|eta| < {@value #TAYLOR_BELOW}) A and its derivative are evaluated by
 * their Taylor series, because (e^eta - 1)/eta and 1/(1-e^-eta) - 1/eta cancel there.
 * The mean is A'(eta) = 1/(1 - e^-eta) - 1/eta (1/2 at eta = 0), which is not lambda.
 */
public class ContinuousBernoulliReconstructionDistribution extends ElementwiseReconstructionDistribution {

    static final double TAYLOR_BELOW = 0.02;

    @JsonProperty("clampData")
    private final boolean clampData;

    /** Rejects data outside [0,1]. */
    public ContinuousBernoulliReconstructionDistribution() {
        this(false);
    }

    /** @param clampData clamp data into [0,1] instead of rejecting it */
    @JsonCreator
    public ContinuousBernoulliReconstructionDistribution(@JsonProperty("clampData") boolean clampData) {
        this.clampData = clampData;
    }

    public boolean isClampData() {
        return clampData;
    }

    /** Log normalizer A(eta) = log((e^eta - 1)/eta) = log(integral_0^1 e^(eta x) dx). */
    static double logNormalizer(double eta) {
        double a = Math.abs(eta);
        if (a < TAYLOR_BELOW) {
            double e2 = eta * eta;
            // eta/2 + log(sinh(eta/2)/(eta/2)); series error O(eta^8) < 1e-16 here
            return eta / 2 + e2 / 24 - e2 * e2 / 2880 + e2 * e2 * e2 / 181440;
        }
        // (e^eta - 1)/eta = e^max(eta,0) (1 - e^-|eta|)/|eta|
        return Math.max(eta, 0.0) + StableMath.log1mExp(a) - Math.log(a);
    }

    /** Mean A'(eta) = 1/(1 - e^-eta) - 1/eta. */
    static double meanOf(double eta) {
        if (Math.abs(eta) < TAYLOR_BELOW) {
            double e2 = eta * eta;
            return 0.5 + eta / 12 - eta * e2 / 720 + eta * e2 * e2 / 30240;
        }
        return -1.0 / Math.expm1(-eta) - 1.0 / eta;
    }

    @Override
    protected int parametersPerValue() {
        return 1;
    }

    @Override
    protected double negLogDensity(double x, double[] p) {
        return logNormalizer(p[0]) - p[0] * x;
    }

    @Override
    protected void negLogDensityGradient(double x, double[] p, double[] g) {
        g[0] = meanOf(p[0]) - x;
    }

    @Override
    protected double mean(double[] p) {
        return meanOf(p[0]);
    }

    /** Inverse CDF: F(x) = (e^(eta x) - 1)/(e^eta - 1). */
    @Override
    protected double sample(double[] p, Random rng) {
        double eta = p[0];
        double u = rng.nextDouble();
        if (Math.abs(eta) < 1e-8) {
            return u;
        }
        if (eta > 0) {
            // x = 1 + log(u + (1-u) e^-eta)/eta avoids e^eta overflowing
            return 1 + Math.log(u + (1 - u) * Math.exp(-eta)) / eta;
        }
        return StableMath.log1p(u * Math.expm1(eta)) / eta;
    }

    @Override
    protected double checkSupport(double x, int row, int column) {
        return unitIntervalSupport(x, row, column, clampData);
    }

    @Override
    protected Map<String, Object> configuration() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clampData", clampData);
        return m;
    }
}
