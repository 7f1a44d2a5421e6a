package org.vae4j.eval.diagnostics;

/**
 * Streaming per-dimension statistics of q(z|x) over a data set, merged block by block in double:
 * the variance of the posterior mean (Welford's update, for {@link ActiveUnits}) and the mean KL
 * per dimension.
 */
public final class LatentStatistics {

    private final int latentSize;
    private final double[] meanOfMean;
    private final double[] squaredDeviations;
    private final double[] klSum;
    private long examples;

    public LatentStatistics(int latentSize) {
        this.latentSize = latentSize;
        this.meanOfMean = new double[latentSize];
        this.squaredDeviations = new double[latentSize];
        this.klSum = new double[latentSize];
    }

    /**
     * @param posteriorMean  row-major [examples, latentSize] means of q(z|x)
     * @param klPerDimension row-major [examples, latentSize] KL(q || p) per dimension, nats
     */
    public void add(double[] posteriorMean, double[] klPerDimension) {
        int rows = posteriorMean.length / latentSize;
        for (int r = 0; r < rows; r++) {
            examples++;
            for (int u = 0; u < latentSize; u++) {
                double value = posteriorMean[r * latentSize + u];
                double delta = value - meanOfMean[u];
                meanOfMean[u] += delta / examples;
                squaredDeviations[u] += delta * (value - meanOfMean[u]);
                klSum[u] += klPerDimension[r * latentSize + u];
            }
        }
    }

    /** Population variance across examples of E_q[z_u], as in Burda et al. */
    public double[] posteriorMeanVariance() {
        double[] variance = new double[latentSize];
        for (int u = 0; u < latentSize; u++) {
            variance[u] = examples > 0 ? squaredDeviations[u] / examples : Double.NaN;
        }
        return variance;
    }

    /** Mean over examples of KL(q(z_u|x) || N(0, 1)), nats per dimension. */
    public double[] meanKlPerDimension() {
        double[] kl = new double[latentSize];
        for (int u = 0; u < latentSize; u++) {
            kl[u] = klSum[u] / examples;
        }
        return kl;
    }

    public ActiveUnits activeUnits(double threshold) {
        return ActiveUnits.of(posteriorMeanVariance(), threshold);
    }
}
