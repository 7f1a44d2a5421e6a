package org.vae4j.spark;

import java.io.Serializable;

/**
 * Turns one stored training example into the features an epoch trains on, on the executor that
 * trains it: for example a grey-level image into a fresh Bernoulli draw per epoch (dynamic
 * binarization), or an example id into its row of a broadcast data set. The examples are then
 * what Spark shuffles each epoch; the features exist only inside the worker's round.
 *
 * @param <T> the stored example
 */
@FunctionalInterface
public interface ExampleEncoder<T> extends Serializable {

    /** The features of {@code example} in {@code epoch} (0-based): {@code inputSize} values. */
    double[] encode(T example, int epoch);

    /** Rows that are already features: every epoch trains on them as they are. */
    static ExampleEncoder<double[]> rows() {
        return (row, epoch) -> row;
    }
}
