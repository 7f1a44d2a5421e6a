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
