package org.vae4j.eval.estimate;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.provenance.DataDescription;

/**
 * What a {@link LogLikelihoodEstimator} evaluates: examples, checked against the model, and what they
 * are. Either data observed elsewhere ({@link ObservedData}: a test set) or data simulated from the
 * model with the latent that generated each example ({@link SimulatedData}), which bidirectional
 * Monte Carlo needs and every other estimator reads as plain data.
 */
public sealed interface EvaluationData permits ObservedData, SimulatedData {

    /** The examples, [examples, inputSize]. */
    INDArray features();

    /** What the examples are, for the report's provenance. */
    DataDescription description();

    default int examples() {
        return (int) features().rows();
    }
}
