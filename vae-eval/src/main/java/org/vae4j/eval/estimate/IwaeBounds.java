package org.vae4j.eval.estimate;

/**
 * IWAE-k lower bounds on log p(x) (Burda et al. 2015, eq. 8) for several k, each estimated from the
 * same K importance samples by averaging logmeanexp over the floor(K / k) disjoint groups of k
 * consecutive samples. In expectation the bound increases with k and stays below log p(x); k = 1 is
 * the ELBO with a Monte Carlo KL.
 *
 * @param sampleCounts       the k of each bound, increasing
 * @param meanNats           mean over examples of each bound, nats per example
 * @param standardErrorNats  standard error of that mean across examples, nats
 * @param perExampleNats     [bound][example] values, nats
 */
public record IwaeBounds(int[] sampleCounts, double[] meanNats, double[] standardErrorNats,
                         double[][] perExampleNats) {

    public IwaeBounds {
        if (meanNats.length != sampleCounts.length || standardErrorNats.length != sampleCounts.length
                || perExampleNats.length != sampleCounts.length) {
            throw new IllegalArgumentException("IwaeBounds: one mean, standard error and per-example row per k");
        }
    }

    /** Mean IWAE-k bound for a k in {@link #sampleCounts()}, nats per example. */
    public double meanFor(int k) {
        for (int j = 0; j < sampleCounts.length; j++) {
            if (sampleCounts[j] == k) {
                return meanNats[j];
            }
        }
        throw new IllegalArgumentException("No IWAE bound for k = " + k + "; have " + java.util.Arrays.toString(sampleCounts));
    }
}
