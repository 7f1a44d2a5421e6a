package org.vae4j.eval.estimate;

/**
 * The numbers a paper reports for one evaluation.
 *
 * @param examples                        examples evaluated
 * @param importanceSamples               k, samples of z per example
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
}
