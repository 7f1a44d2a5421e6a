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
     * The density's constant per value, nats: -log p = constant + log scale
     * + {@link #standardizedNegLog}((x - mu) / scale).
     */
    protected abstract double logNormalizer();

    /**
     * The density's shape at a standardized residual u = (x - mu) / scale (u^2 / 2 for a Gaussian, |u| for a
     * Laplace). With {@link #logNormalizer} and the scale's logarithm it is the whole density: each subclass
     * writes its formula once per precision, here and in {@link #standardizedNegLog(float[], int)}.
     */
    protected abstract double standardizedNegLog(double u);

    /**
     * {@link #standardizedNegLog(double)} over {@code u[0, n)} in float, in place, as a loop of plain arithmetic
     * that C2 compiles to SIMD instructions (no branch, no call).
     */
    protected abstract void standardizedNegLog(float[] u, int n);

    /** -log p of one value from its location, scale and log-scale: the value-by-value and row paths' formula. */
    protected final double negLogDensity(double x, double location, double scale, double logScale) {
        return logNormalizer() + logScale + standardizedNegLog((x - location) / scale);
    }

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
     * Float rows, every step a pass over the whole block of rows x dataSize values: each row's locations,
     * scale parameters and data gathered into contiguous arrays; the scales and their logarithms
     * ({@link FloatMath}); the standardized residuals, the subclass's shape and the log-scale added; then
     * each row's terms summed in double, over four accumulators, plus dataSize times the constant. The
     * passes are plain float arithmetic that C2 turns into SIMD instructions (FloatMath's exponent-bit
     * steps aside, which stay scalar in JDK 17). Before, the terms went value by
     * value through the double formula (a virtual call, a double division): 4-6 of the kernel's 8.2-11.6 ns
     * per value on the tabular benchmark's rows (bench/README). Float terms add about 3e-7 of each
     * term's size, the order of the float scale's own error. Only a row whose sum is not finite has its
     * data checked.
     */
    @Override
    public final FloatRows floatRows(int dataSize, int maxRows) {
        int capacity = maxRows * dataSize;
        float[] location = new float[capacity];
        float[] scale = new float[capacity];
        float[] logScale = new float[capacity];
        float[] term = new float[capacity];
        float floor = (float) minScale;
        double rowConstant = dataSize * logNormalizer();
        FloatMath math = new FloatMath(capacity);
        return (pre, rows, x, xOffsets, rowNumbers, out, outOffset) -> {
            for (int row = 0; row < rows; row++) {
                int values = row * dataSize;
                System.arraycopy(pre, 2 * values, location, values, dataSize);
                System.arraycopy(pre, 2 * values + dataSize, term, values, dataSize);   // r, for now
                System.arraycopy(x, xOffsets[row], logScale, values, dataSize);         // x, for now
            }
            int n = rows * dataSize;
            for (int i = 0; i < n; i++) {
                location[i] = logScale[i] - location[i];   // x - mu
            }
            math.softplus(term, n, scale);
            for (int i = 0; i < n; i++) {
                scale[i] += floor;
            }
            math.log(scale, n, logScale);
            for (int i = 0; i < n; i++) {
                term[i] = location[i] / scale[i];
            }
            standardizedNegLog(term, n);
            for (int i = 0; i < n; i++) {
                term[i] += logScale[i];
            }
            for (int row = 0; row < rows; row++) {
                int values = row * dataSize;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int col = 0;
                for (; col + 4 <= dataSize; col += 4) {
                    s0 += term[values + col];
                    s1 += term[values + col + 1];
                    s2 += term[values + col + 2];
                    s3 += term[values + col + 3];
                }
                for (; col < dataSize; col++) {
                    s0 += term[values + col];
                }
                double sum = rowConstant + ((s0 + s1) + (s2 + s3));
                if (!Double.isFinite(sum)) {
                    // Finite data, location and scale give a finite sum: check this row's data (the
                    // first value outside the support is refused; a non-finite location is returned).
                    for (col = 0; col < dataSize; col++) {
                        checkSupport(x[xOffsets[row] + col], rowNumbers[row], col);
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
