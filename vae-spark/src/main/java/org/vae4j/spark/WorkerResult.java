package org.vae4j.spark;

import java.io.Serializable;

/**
 * What one worker sends back after its steps of a round.
 *
 * @param parameters       flattened parameters after the worker's last step
 * @param updaterState     flattened updater state after it (null for stateless updaters)
 * @param negativeElboSum  sum over the worker's minibatches of each minibatch's mean -ELBO, nats
 * @param minibatches      steps the worker took
 * @param examples         examples it trained on
 * @param lastLearningRate the learning rate its last step applied
 */
record WorkerResult(FlatArray parameters, FlatArray updaterState, double negativeElboSum, int minibatches,
                    long examples, double lastLearningRate) implements Serializable {

    private static final long serialVersionUID = 1L;
}
