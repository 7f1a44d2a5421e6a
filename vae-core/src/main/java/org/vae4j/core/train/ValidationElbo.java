package org.vae4j.core.train;

import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.vae4j.core.model.ElboTotals;
import org.vae4j.core.model.VaeModel;

/**
 * The validation ELBO after each epoch: one draw of z per example with the noise seed
 * {@code seed + minibatch index}, fixed, so epochs are compared on equal terms and both trainers
 * report the same numbers for the same model and data.
 */
public final class ValidationElbo {

    private final DataSetIterator data;
    private final long seed;

    private ValidationElbo(DataSetIterator data, long seed) {
        this.data = Objects.requireNonNull(data, "validation data");
        this.seed = seed;
    }

    /** Validation minibatches from {@code data} (started at epoch 0, or reset, before each use). */
    public static ValidationElbo of(DataSetIterator data, long seed) {
        return new ValidationElbo(data, seed);
    }

    /**
     * Validation examples [examples, inputSize] (a conditional VAE: [x | c], [examples, inputSize +
     * conditionSize]) in minibatches of {@code batchSize}, in order.
     */
    public static ValidationElbo of(INDArray data, int batchSize, long seed) {
        return new ValidationElbo(new InMemoryEpochIterator(data, null, batchSize, false, 0), seed);
    }

    /** Sums of the ELBO terms over every validation example. */
    public ElboTotals evaluate(VaeModel model) {
        Minibatches.startEpoch(data, 0);
        ElboTotals totals = new ElboTotals();
        int batch = 0;
        while (data.hasNext()) {
            totals.add(model.elboOfInputRows(Minibatches.inputRows(data.next(), model.config()), 1, seed + batch++));
        }
        if (totals.examples() == 0) {
            throw new IllegalArgumentException("The validation data holds no examples");
        }
        return totals;
    }
}
