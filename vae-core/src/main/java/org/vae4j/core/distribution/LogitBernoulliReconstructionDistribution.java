package org.vae4j.core.distribution;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Bernoulli over binary data, parametrized by the logit {@code l} (one pre-output column per data
 * column, identity link; p = sigmoid(l)).
 *
 * <p>-log p(x) = softplus(l) - x*l = (1-x) softplus(l) + x softplus(-l), the latter form being
 * exact to relative precision at any logit, also when the prediction is confidently right. DL4J's built-in
 * {@code BernoulliReconstructionDistribution} takes log(sigmoid(l)) in float and replaces the
 * resulting infinities by 0, so a confidently wrong logit of +-20 costs it 20 nats instead of 40.
 *
 * <p>Data must be in [0,1]. For x in (0,1) the value is the binary cross-entropy, which is not a
 * normalized density on [0,1]; use {@link ContinuousBernoulliReconstructionDistribution} for that.
 */
public class LogitBernoulliReconstructionDistribution extends ElementwiseReconstructionDistribution {

    @JsonProperty("clampData")
    private final boolean clampData;

    /** Rejects data outside [0,1]. */
    public LogitBernoulliReconstructionDistribution() {
        this(false);
    }

    /** @param clampData clamp data into [0,1] instead of rejecting it */
    @JsonCreator
    public LogitBernoulliReconstructionDistribution(@JsonProperty("clampData") boolean clampData) {
        this.clampData = clampData;
    }

    public boolean isClampData() {
        return clampData;
    }

    @Override
    protected int parametersPerValue() {
        return 1;
    }

    @Override
    protected double negLogDensity(double x, double[] p) {
        // = softplus(l) - x l, written so that a correct confident logit gives e^-|l| without cancellation
        return (1 - x) * StableMath.softplus(p[0]) + x * StableMath.softplus(-p[0]);
    }

    @Override
    protected void negLogDensityGradient(double x, double[] p, double[] g) {
        // = sigmoid(l) - x, without the cancellation of 1 - sigmoid(l) at large l
        g[0] = (1 - x) * StableMath.sigmoid(p[0]) - x * StableMath.sigmoid(-p[0]);
    }

    @Override
    protected double mean(double[] p) {
        return StableMath.sigmoid(p[0]);
    }

    @Override
    protected double sample(double[] p, Random rng) {
        return rng.nextDouble() < StableMath.sigmoid(p[0]) ? 1.0 : 0.0;
    }

    @Override
    protected double checkSupport(double x, int row, int column) {
        if (x >= 0 && x <= 1) {
            return x;
        }
        if (clampData && !Double.isNaN(x)) {
            return Math.min(1.0, Math.max(0.0, x));
        }
        throw outOfSupport(x, row, column, "a value in [0,1]");
    }

    @Override
    protected Map<String, Object> configuration() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clampData", clampData);
        return m;
    }
}
