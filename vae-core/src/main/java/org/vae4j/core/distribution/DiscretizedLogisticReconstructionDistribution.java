package org.vae4j.core.distribution;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Discretized logistic for 8-bit data (Kingma et al. 2016, IAF; Salimans et al. 2017, PixelCNN++),
 * two pre-output blocks for D data columns: columns [0,D) are the location mu (identity link, in
 * data units), columns [D,2D) are {@code r} with scale s = softplus(r) + minScale.
 *
 * <p>Grid convention: data are pixel intensities k/255, k = 0..255 (what dividing 8-bit values by
 * 255 gives). Bin k is [k/255 - 1/510, k/255 + 1/510], width 1/255, so the bins tile the real line
 * once the edge bins are extended: bin 0 to -infinity, bin 255 to +infinity. This is PixelCNN++'s
 * convention mapped from [-1,1] to [0,1]. (IAF's bins of width 1/256 assume the grid k/256, which
 * does not tile with data k/255.)
 *
 * <p>P(k) = sigmoid((k/255 + 1/510 - mu)/s) - sigmoid((k/255 - 1/510 - mu)/s), with the edge
 * terms replaced by 1 and 0. The log of the difference is evaluated without cancellation as
 * log sigmoid(a) - softplus(b) + log(e^(b-a) - 1), after reflecting so that a + b <= 0.
 */
public class DiscretizedLogisticReconstructionDistribution extends ElementwiseReconstructionDistribution {

    static final int LEVELS = 256;
    static final double MAX_LEVEL = LEVELS - 1;
    static final double HALF_BIN = 0.5 / MAX_LEVEL;
    /** Data within this distance of a grid point (in units of levels) count as on the grid. */
    static final double GRID_TOLERANCE_LEVELS = 1e-3;

    @JsonProperty("minScale")
    private final double minScale;
    @JsonProperty("clampData")
    private final boolean clampData;

    /** minScale = 1e-3, data off the grid rejected. */
    public DiscretizedLogisticReconstructionDistribution() {
        this(1e-3, false);
    }

    /**
     * @param minScale  floor added to softplus(r) for s; must be > 0 and finite
     * @param clampData round data to the nearest grid point in [0,1] instead of rejecting it
     */
    @JsonCreator
    public DiscretizedLogisticReconstructionDistribution(@JsonProperty("minScale") double minScale,
            @JsonProperty("clampData") boolean clampData) {
        this.minScale = requirePositiveFinite("minScale", minScale);
        this.clampData = clampData;
    }

    public double getMinScale() {
        return minScale;
    }

    public boolean isClampData() {
        return clampData;
    }

    @Override
    protected int parametersPerValue() {
        return 2;
    }

    /** log(sigmoid(b) - sigmoid(a)) for a < b. */
    static double logSigmoidDifference(double a, double b) {
        if (a + b > 0) {
            // sigmoid(b) - sigmoid(a) = sigmoid(-a) - sigmoid(-b): work in the small tail
            double t = a;
            a = -b;
            b = -t;
        }
        return StableMath.logSigmoid(a) - StableMath.softplus(b) + StableMath.logExpm1(b - a);
    }

    /** log P(bin k) for location mu and scale s. */
    static double logBinProbability(int k, double mu, double s) {
        double center = k / MAX_LEVEL;
        double a = (center - HALF_BIN - mu) / s;
        double b = (center + HALF_BIN - mu) / s;
        if (k == 0) {
            return StableMath.logSigmoid(b);
        }
        if (k == LEVELS - 1) {
            return StableMath.logSigmoid(-a);
        }
        return logSigmoidDifference(a, b);
    }

    @Override
    protected double negLogDensity(double x, double[] p) {
        return -logBinProbability(level(x), p[0], StableMath.softplusScale(p[1], minScale));
    }

    @Override
    protected void negLogDensityGradient(double x, double[] p, double[] g) {
        int k = level(x);
        double mu = p[0];
        double s = StableMath.softplusScale(p[1], minScale);
        double center = k / MAX_LEVEL;
        double a = (center - HALF_BIN - mu) / s;
        double b = (center + HALF_BIN - mu) / s;
        double dMu;
        double dScale;
        if (k == 0) {
            double w = StableMath.sigmoid(-b);
            dMu = w / s;
            dScale = b * w / s;
        } else if (k == LEVELS - 1) {
            double w = StableMath.sigmoid(a);
            dMu = -w / s;
            dScale = -a * w / s;
        } else {
            double logP = logSigmoidDifference(a, b);
            // sigmoid'(z)/P, with log sigmoid'(z) = -softplus(z) - softplus(-z)
            double ratioA = Math.exp(-StableMath.softplus(a) - StableMath.softplus(-a) - logP);
            double ratioB = Math.exp(-StableMath.softplus(b) - StableMath.softplus(-b) - logP);
            // (sigmoid'(b) - sigmoid'(a))/P = 1 - sigmoid(a) - sigmoid(b) exactly
            dMu = (1 - StableMath.sigmoid(a) - StableMath.sigmoid(b)) / s;
            dScale = (b * ratioB - a * ratioA) / s;
        }
        g[0] = dMu;
        g[1] = dScale * StableMath.sigmoid(p[1]);
    }

    /** Mean of the discretized distribution, sum over the 256 levels (not mu: edge bins pile up). */
    @Override
    protected double mean(double[] p) {
        double s = StableMath.softplusScale(p[1], minScale);
        double mean = 0;
        for (int k = 1; k < LEVELS; k++) {
            mean += k / MAX_LEVEL * Math.exp(logBinProbability(k, p[0], s));
        }
        return mean;
    }

    /** A logistic draw rounded to its bin: exactly the discretized distribution. */
    @Override
    protected double sample(double[] p, Random rng) {
        double s = StableMath.softplusScale(p[1], minScale);
        double u = rng.nextDouble();
        double y = p[0] + s * (Math.log(u) - StableMath.log1p(-u));
        double k = Math.rint(y * MAX_LEVEL);
        return Math.min(MAX_LEVEL, Math.max(0, k)) / MAX_LEVEL;
    }

    private static int level(double x) {
        return (int) Math.rint(x * MAX_LEVEL);
    }

    @Override
    protected double checkSupport(double x, int row, int column) {
        double levels = x * MAX_LEVEL;
        if (x >= 0 && x <= 1 && Math.abs(levels - Math.rint(levels)) <= GRID_TOLERANCE_LEVELS) {
            return x;
        }
        if (clampData && !Double.isNaN(x)) {
            return Math.min(MAX_LEVEL, Math.max(0, Math.rint(levels))) / MAX_LEVEL;
        }
        throw outOfSupport(x, row, column, "an 8-bit intensity k/255, k = 0..255");
    }

    @Override
    protected Map<String, Object> configuration() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("minScale", minScale);
        m.put("clampData", clampData);
        return m;
    }
}
