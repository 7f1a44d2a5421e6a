package org.vae4j.core.train;

/**
 * What one epoch of training measured. ELBO terms are mean nats per example, summed over
 * dimensions; validation values are NaN when no validation data was given.
 *
 * @param epoch                        0-based epoch index
 * @param iteration                    parameter updates so far (after this epoch)
 * @param examplesSeen                 training examples processed so far
 * @param trainNegativeElbo            mean -ELBO over the epoch's minibatches (one z draw each,
 *                                     measured before each update)
 * @param validationNegativeElbo       mean -ELBO on the validation data after the epoch
 * @param validationKl                 mean KL(q(z|x) || p(z)) on the validation data
 * @param validationNegativeLogLikelihood mean -E_q[log p(x|z)] (reconstruction term) on validation data
 * @param examplesPerSecond            training throughput of this epoch
 * @param wallSeconds                  training wall time so far
 */
public record EpochMetrics(int epoch, long iteration, long examplesSeen, double trainNegativeElbo,
                           double validationNegativeElbo, double validationKl,
                           double validationNegativeLogLikelihood, double examplesPerSecond, double wallSeconds) {
}
