package org.vae4j.core.distribution;

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
public class LaplaceReconstructionDistribution extends LearnedScaleReconstructionDistribution {

    private static final double LN_2 = Math.log(2);

    /** minScale = 1e-3. */
    public LaplaceReconstructionDistribution() {
        this(1e-3);
    }

    /** @param minScale floor added to softplus(r) for b; must be > 0 and finite */
    @JsonCreator
    public LaplaceReconstructionDistribution(@JsonProperty("minScale") double minScale) {
        super(minScale);
    }

    @Override
    protected double logNormalizer() {
        return LN_2;
    }

    @Override
    protected double standardizedNegLog(double u) {
        return Math.abs(u);
    }

    @Override
    protected void standardizedNegLog(float[] u, int n) {
        for (int i = 0; i < n; i++) {
            u[i] = Math.abs(u[i]);
        }
    }

    @Override
    protected void negLogDensityGradient(double x, double[] p, double[] g) {
        double b = scale(p);
        double absDev = Math.abs(x - p[0]);
        g[0] = Math.signum(p[0] - x) / b;
        g[1] = (1 - absDev / b) / b * StableMath.sigmoid(p[1]);
    }

    /** Inverse CDF with u uniform on (-1/2, 1/2). */
    @Override
    protected double sample(double[] p, Random rng) {
        double b = scale(p);
        double u = rng.nextDouble() - 0.5;
        return p[0] - b * Math.signum(u) * StableMath.log1p(-2 * Math.abs(u));
    }
}
