package org.vae4j.eval.estimate;

/**
 * The numbers a paper reports for one evaluation.
 *
 * @param examples                        examples evaluated
 * @param importanceSamples               importance weights per example: k samples of z for importance
 *                                        sampling, one per chain for AIS and BDMC
 * @param negativeLogLikelihoodNats       NLL = -mean over examples of the log p(x) estimate, nats per example
 * @param standardErrorNats               standard error of that mean across examples, nats
 * @param negativeElboNats                -mean ELBO (analytic KL, reconstruction term over the k samples), nats
 * @param elboStandardErrorNats           standard error of the mean ELBO across examples, nats
 * @param meanEffectiveSampleSize         mean over examples of (sum w)^2 / sum w^2
 * @param lowEffectiveSampleSizeExamples  examples flagged for a tiny effective sample size
 * @param seed                            seed of the importance samples
 * @param wallSeconds                     wall time of the evaluation, seconds
 */
public record LogLikelihoodSummary(long examples, int importanceSamples, double negativeLogLikelihoodNats,
                                   double standardErrorNats, double negativeElboNats, double elboStandardErrorNats,
                                   double meanEffectiveSampleSize, int lowEffectiveSampleSizeExamples, long seed,
                                   double wallSeconds) {

    /** The summary of {@code perExample}: means, standard errors and the flagged count. */
    public static LogLikelihoodSummary of(PerExampleEstimates perExample, int importanceSamples, long seed,
                                          double wallSeconds) {
        MeanAndError likelihood = MeanAndError.of(perExample.logLikelihoodNats());
        MeanAndError elbo = MeanAndError.of(perExample.elboNats());
        int flagged = 0;
        for (boolean low : perExample.lowEffectiveSampleSize()) {
            flagged += low ? 1 : 0;
        }
        return new LogLikelihoodSummary(perExample.examples(), importanceSamples, -likelihood.mean(),
                likelihood.standardError(), -elbo.mean(), elbo.standardError(),
                MeanAndError.of(perExample.effectiveSampleSize()).mean(), flagged, seed, wallSeconds);
    }
}
