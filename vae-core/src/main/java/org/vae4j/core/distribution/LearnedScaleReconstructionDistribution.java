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
     * Gaussian model's evaluation time (JFR, the tabular benchmark's importance sampling). The
     * formula's terms are a map into a double array (no support check inside it), summed per row
     * over four accumulators; only a row whose sum is not finite has its data checked. The
     * per-value loop with the check and one accumulator took 3 ns per value, a quarter of a
     * compiled tabular evaluation (bench/README).
     */
    @Override
    public final FloatRows floatRows(int dataSize, int maxRows) {
        int capacity = maxRows * dataSize;
        float[] r = new float[capacity];
        float[] scale = new float[capacity];
        float[] logScale = new float[capacity];
        double[] terms = new double[capacity];
        float floor = (float) minScale;
        FloatMath math = new FloatMath(capacity);
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
                int values = row * dataSize;
                int data = xOffsets[row];
                int locations = 2 * row * dataSize;
                for (int col = 0; col < dataSize; col++) {
                    terms[values + col] = negLogDensity(x[data + col], pre[locations + col], scale[values + col],
                            logScale[values + col]);
                }
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int col = 0;
                for (; col + 4 <= dataSize; col += 4) {
                    s0 += terms[values + col];
                    s1 += terms[values + col + 1];
                    s2 += terms[values + col + 2];
                    s3 += terms[values + col + 3];
                }
                for (; col < dataSize; col++) {
                    s0 += terms[values + col];
                }
                double sum = (s0 + s1) + (s2 + s3);
                if (!Double.isFinite(sum)) {
                    // Finite data, location and scale give a finite sum: check this row's data (the
                    // first value outside the support is refused; a non-finite location is returned).
                    for (col = 0; col < dataSize; col++) {
                        checkSupport(x[data + col], rowNumbers[row], col);
                    }
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
