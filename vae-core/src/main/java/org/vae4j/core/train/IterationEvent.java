package org.vae4j.core.train;

/**
 * One parameter update.
 *
 * @param epoch          0-based epoch
 * @param iteration      updates so far, this one included
 * @param batchSize      examples in the minibatch
 * @param negativeElbo   the minibatch's mean -ELBO per example (nats), before the update
 */
public record IterationEvent(int epoch, long iteration, int batchSize, double negativeElbo) {
}
