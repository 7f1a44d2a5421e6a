package org.vae4j.core.distribution;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.numbers.gamma.LogGamma;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Poisson for counts, one pre-output column per data column: the log-rate {@code r}
 * (canonical log link, rate = e^r).
 *
 * <p>-log p(x) = e^r - x r + lgamma(x + 1). The gradient e^r - x is exact for any r
 * (the rate overflows only for r > 709).
 */
public class PoissonReconstructionDistribution extends ElementwiseReconstructionDistribution {

    @JsonProperty("clampData")
    private final boolean clampData;

    /** Rejects data that are not non-negative integers. */
    public PoissonReconstructionDistribution() {
        this(false);
    }

    /** @param clampData round data to the nearest non-negative integer instead of rejecting it */
    @JsonCreator
    public PoissonReconstructionDistribution(@JsonProperty("clampData") boolean clampData) {
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
        return Math.exp(p[0]) - x * p[0] + LogGamma.value(x + 1);
    }

    @Override
    protected void negLogDensityGradient(double x, double[] p, double[] g) {
        g[0] = Math.exp(p[0]) - x;
    }

    @Override
    protected double mean(double[] p) {
        return Math.exp(p[0]);
    }

    @Override
    protected double sample(double[] p, Random rng) {
        return CountSampling.poisson(Math.exp(p[0]), rng);
    }

    @Override
    protected double checkSupport(double x, int row, int column) {
        return checkCount(this, clampData, x, row, column);
    }

    /** Shared by the count distributions: non-negative integers, or rounded/clamped ones. */
    static double checkCount(ElementwiseReconstructionDistribution d, boolean clamp, double x, int row, int column) {
        if (x >= 0 && x == Math.rint(x) && !Double.isInfinite(x)) {
            return x;
        }
        if (clamp && Double.isFinite(x)) {
            return Math.max(0.0, Math.rint(x));
        }
        throw d.outOfSupport(x, row, column, "a non-negative integer count");
    }

    @Override
    protected Map<String, Object> configuration() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clampData", clampData);
        return m;
    }
}
