package org.vae4j.eval.estimate;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.provenance.DataDescription;

/**
 * Examples to evaluate, read and checked before any sampling ({@link EvaluationInput}), so that a
 * long evaluation cannot fail half-way on a bad batch.
 *
 * @param features    [examples, inputSize] (a conditional VAE: [x | c], [examples, inputSize +
 *                    conditionSize]), checked: finite, the model's input width, at least one row
 * @param description what they are; "unnamed" when the caller did not say
 */
public record ObservedData(INDArray features, DataDescription description) implements EvaluationData {

    /** The rows of {@code features} for {@code model}; {@code description} may be null. */
    public static ObservedData of(VaeModel model, INDArray features, DataDescription description) {
        INDArray x = EvaluationInput.fromArray(features, model.config());
        return new ObservedData(x, described(description, x.rows()));
    }

    /**
     * Every example of {@code iterator} (reset first when it can be): its features, and for a
     * conditional VAE the condition from its labels.
     */
    public static ObservedData of(VaeModel model, DataSetIterator iterator, DataDescription description) {
        INDArray x = EvaluationInput.fromIterator(iterator, model.config());
        return new ObservedData(x, described(description, x.rows()));
    }

    private static DataDescription described(DataDescription description, long examples) {
        return description != null ? description
                : new DataDescription("unnamed", "unknown", "unknown", 0, examples, null);
    }
}
