package org.vae4j.core.distribution;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.vae4j.core.backend.FloatMath;

/**
 * A location-scale density on the real line with a learned per-value scale: two pre-output blocks
 * for D data columns, columns [0,D) the location mu (identity link, also the mean) and columns
 * [D,2D) {@code r} with scale = softplus(r) + minScale. The floor keeps the density finite when a
 * value is reconstructed exactly; softplus grows only linearly, so the scale neither clamps nor
 * overflows. Subclasses give the density.
 */
public abstract class LearnedScaleReconstructionDistribution extends ElementwiseReconstructionDistribution {

    @JsonProperty("minScale")
    private final double minScale;

    /** @param minScale floor added to softplus(r) for the scale; must be > 0 and finite */
    protected LearnedScaleReconstructionDistribution(double minScale) {
        this.minScale = requirePositiveFinite("minScale", minScale);
    }

    public double getMinScale() {
        return minScale;
    }

    /** The scale of one value from its pre-output {@code p = {mu, r}}. */
    protected final double scale(double[] p) {
        return StableMath.softplusScale(p[1], minScale);
    }

    /**
     * -log p of one value from its location, scale and log-scale: each subclass's density, written
     * once, for the value-by-value path ({@link #negLogDensity(double, double[])}) and the row one
     * ({@link #rowNegLogDensity}) alike.
     */
    protected abstract double negLogDensity(double x, double location, double scale, double logScale);

    @Override
    protected final double negLogDensity(double x, double[] p) {
        double scale = scale(p);
        return negLogDensity(x, p[0], scale, Math.log(scale));
    }

    /** One row: the scale softplus(r) + minScale and its logarithm per value, then the subclass's formula. */
    @Override
    public final double rowNegLogDensity(double[] x, int xOffset, double[] pre, int preOffset, int dataSize,
                                         int row) {
        double sum = 0;
        for (int col = 0; col < dataSize; col++) {
            double scale = StableMath.softplusScale(pre[preOffset + dataSize + col], minScale);
            sum += negLogDensity(checkSupport(x[xOffset + col], row, col), pre[preOffset + col], scale,
                    Math.log(scale));
        }
        return sum;
    }

    /**
     * Float rows with the block's scales and log-scales computed first, all at once
     * ({@link FloatMath}'s vectorized passes, float precision), then the subclass's formula per value
     * in double. The exp and two logarithms per value were nearly all of a
     * Gaussian model's evaluation time (JFR, the tabular benchmark's importance sampling).
     */
    @Override
    public final FloatRows floatRows(int dataSize, int maxRows) {
        float[] r = new float[maxRows * dataSize];
        float[] scale = new float[maxRows * dataSize];
        float[] logScale = new float[maxRows * dataSize];
        float floor = (float) minScale;
        FloatMath math = new FloatMath(maxRows * dataSize);
        return (pre, rows, x, xOffsets, rowNumbers, out, outOffset) -> {
            for (int row = 0; row < rows; row++) {
                System.arraycopy(pre, (2 * row + 1) * dataSize, r, row * dataSize, dataSize);
            }
            int n = rows * dataSize;
            math.softplus(r, n, scale);
            for (int i = 0; i < n; i++) {
                scale[i] += floor;
            }
            math.log(scale, n, logScale);
            for (int row = 0; row < rows; row++) {
                double sum = 0;
                int location = 2 * row * dataSize;
                int values = row * dataSize;
                for (int col = 0; col < dataSize; col++) {
                    sum += negLogDensity(checkSupport(x[xOffsets[row] + col], rowNumbers[row], col),
                            pre[location + col], scale[values + col], logScale[values + col]);
                }
                out[outOffset + row] = sum;
            }
        };
    }

    @Override
    protected final int parametersPerValue() {
        return 2;
    }

    @Override
    protected final double mean(double[] p) {
        return p[0];
    }

    @Override
    protected final double checkSupport(double x, int row, int column) {
        if (Double.isFinite(x)) {
            return x;
        }
        throw outOfSupport(x, row, column, "a finite value");
    }

    @Override
    protected final Map<String, Object> configuration() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("minScale", minScale);
        return m;
    }
}
