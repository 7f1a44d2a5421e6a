package org.vae4j.eval.internal;

/**
 * log(sum_i exp(v_i)) over a stream of values, kept as (max, sum of exp(v - max)) in double so that
 * samples can be merged chunk by chunk without holding them and without overflow: log-weights of
 * a 784-pixel model are around -100 nats, far below what exp can represent.
 *
 * <p>Not thread-safe; one instance per quantity per example. Public for vae-eval's other estimators
 * ({@code org.vae4j.eval.ais}).
 */
public final class StreamingLogSumExp {

    private double max = Double.NEGATIVE_INFINITY;
    private double scaledSum;
    private long count;

    public void add(double value) {
        count++;
        if (Double.isNaN(value) || Double.isNaN(max)) {
            max = Double.NaN;   // sticky: a NaN weight must not be hidden by later samples
        } else if (value == Double.NEGATIVE_INFINITY) {
            return;             // a zero weight adds nothing (and -inf - -inf would be NaN)
        } else if (value <= max) {
            scaledSum += Math.exp(value - max);
        } else {
            // Rescale what was summed so far to the new maximum.
            scaledSum = scaledSum * Math.exp(max - value) + 1.0;
            max = value;
        }
    }

    /**
     * Merges {@code count} values given as a partial sum: {@code scaledSum} = sum of exp(v - max) over them,
     * with {@code max} a finite number at or above each of them (their maximum, or a larger one). The same
     * sum as adding them one by one, to rounding, with one exp per merge instead of one per value. A
     * {@code scaledSum} of 0 stands for values that are all -infinity. The caller keeps {@code scaledSum}
     * a normal double (a sum far below the smallest normal has lost digits): see
     * {@link #MIN_PARTIAL_SUM}.
     */
    public void addPartial(double max, double scaledSum, long count) {
        this.count += count;
        if (Double.isNaN(max) || Double.isNaN(scaledSum) || Double.isNaN(this.max)) {
            this.max = Double.NaN;
        } else if (scaledSum == 0) {
            return;
        } else if (max <= this.max) {
            this.scaledSum += scaledSum * Math.exp(max - this.max);
        } else {
            this.scaledSum = this.scaledSum * Math.exp(this.max - max) + scaledSum;
            this.max = max;
        }
    }

    /**
     * The smallest partial sum {@link #addPartial} takes at full precision: 2^-960 (double's normals end at
     * 2^-1022).
     */
    public static final double MIN_PARTIAL_SUM = 0x1p-960;

    /** log(sum exp(v)); -infinity for an empty stream or one of only -infinity. */
    public double logSumExp() {
        if (Double.isNaN(max)) {
            return Double.NaN;
        }
        return max == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : max + Math.log(scaledSum);
    }

    /** log(mean exp(v)) = logSumExp - log(count). */
    public double logMeanExp() {
        return logSumExp() - Math.log(count);
    }

    public long count() {
        return count;
    }

    public void reset() {
        max = Double.NEGATIVE_INFINITY;
        scaledSum = 0;
        count = 0;
    }
}
