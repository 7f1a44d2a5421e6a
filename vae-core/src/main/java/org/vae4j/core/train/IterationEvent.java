package org.vae4j.core.train;

/**
 * One parameter update (on Spark: one averaging round, reported at its last update, with the
 * mean -ELBO of its minibatches and all workers' examples).
 *
 * @param epoch          0-based epoch
 * @param iteration      updates so far, this one included
 * @param batchSize      examples in the minibatch
 * @param negativeElbo   the minibatch's mean -ELBO per example (nats), before the update
 * @param learningRate   the learning rate the update applied (NaN for an updater without one)
 */
public record IterationEvent(int epoch, long iteration, int batchSize, double negativeElbo, double learningRate) {
}
