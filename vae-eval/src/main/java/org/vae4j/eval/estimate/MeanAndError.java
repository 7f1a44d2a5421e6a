package org.vae4j.eval.estimate;

/**
 * Mean of per-example values and its standard error across examples (sample standard deviation
 * over sqrt(n)); the error is NaN for a single example, where it is undefined.
 */
public record MeanAndError(double mean, double standardError) {

    public static MeanAndError of(double[] values) {
        int n = values.length;
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double error = n > 1 ? Math.sqrt(squares / (n - 1) / n) : Double.NaN;
        return new MeanAndError(mean, error);
    }
}
