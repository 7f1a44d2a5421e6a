package org.vae4j.eval.estimate;

/**
 * Per-example results, in the order the examples were given.
 *
 * @param logLikelihoodNats          importance-sampled log p(x), nats
 * @param elboNats                   ELBO with analytic KL, nats
 * @param effectiveSampleSize        (sum w)^2 / sum w^2 of the importance weights, in [1, k]
 * @param lowEffectiveSampleSize     true where the effective sample size is below the threshold of
 *                                   {@link ImportanceSampledLikelihood.Builder#minimumEffectiveSampleSize}
 */
public record PerExampleEstimates(double[] logLikelihoodNats, double[] elboNats, double[] effectiveSampleSize,
                                  boolean[] lowEffectiveSampleSize) {

    public PerExampleEstimates {
        int n = logLikelihoodNats.length;
        if (elboNats.length != n || effectiveSampleSize.length != n || lowEffectiveSampleSize.length != n) {
            throw new IllegalArgumentException("PerExampleEstimates: all arrays need one value per example");
        }
    }

    public int examples() {
        return logLikelihoodNats.length;
    }
}
