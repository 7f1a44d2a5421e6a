package org.vae4j.core.train;

/**
 * What one update unit of an epoch did: one minibatch step on one machine, or one averaging round
 * of several steps on Spark.
 *
 * @param iterations      parameter updates the unit advanced the run by
 * @param examples        training examples it processed
 * @param negativeElboSum sum over its minibatches of each minibatch's mean -ELBO per example (nats)
 * @param minibatches     minibatches in that sum
 * @param learningRate    the learning rate the updater applied in the unit's last update (NaN
 *                        for an updater without one)
 */
public record UnitResult(int iterations, long examples, double negativeElboSum, int minibatches,
                         double learningRate) {

    /** The unit's mean minibatch -ELBO per example (nats). */
    public double meanNegativeElbo() {
        return negativeElboSum / minibatches;
    }
}
