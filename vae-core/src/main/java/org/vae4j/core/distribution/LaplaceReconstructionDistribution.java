package org.vae4j.core.distribution;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Laplace with location and learned scale, two pre-output blocks for D data columns: columns
 * [0,D) are the locations mu (identity link), columns [D,2D) are {@code r} with
 * b = softplus(r) + minScale.
 *
 * <p>-log p(x) = log(2b) + |x - mu| / b. The gradient in mu at x = mu is taken as 0 (the
 * subgradient midpoint).
 */
public class LaplaceReconstructionDistribution extends ElementwiseReconstructionDistribution {

    @JsonProperty("minScale")
    private final double minScale;

    /** minScale = 1e-3. */
    public LaplaceReconstructionDistribution() {
        this(1e-3);
    }

    /** @param minScale floor added to softplus(r) for b; must be > 0 and finite */
    @JsonCreator
    public LaplaceReconstructionDistribution(@JsonProperty("minScale") double minScale) {
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
        double b = StableMath.softplusScale(p[1], minScale);
        return Math.log(2 * b) + Math.abs(x - p[0]) / b;
    }

    @Override
    protected void negLogDensityGradient(double x, double[] p, double[] g) {
        double b = StableMath.softplusScale(p[1], minScale);
        double absDev = Math.abs(x - p[0]);
        g[0] = Math.signum(p[0] - x) / b;
        g[1] = (1 - absDev / b) / b * StableMath.sigmoid(p[1]);
    }

    @Override
    protected double mean(double[] p) {
        return p[0];
    }

    /** Inverse CDF with u uniform on (-1/2, 1/2). */
    @Override
    protected double sample(double[] p, Random rng) {
        double b = StableMath.softplusScale(p[1], minScale);
        double u = rng.nextDouble() - 0.5;
        return p[0] - b * Math.signum(u) * Math.log1p(-2 * Math.abs(u));
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
