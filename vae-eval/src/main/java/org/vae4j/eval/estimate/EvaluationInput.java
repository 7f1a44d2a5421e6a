package org.vae4j.eval.estimate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.VaeConfig;

/**
 * The features to evaluate, checked before any sampling so that a long evaluation cannot fail
 * half-way on a bad batch: an iterator is read to the end first (features only; 10k MNIST images
 * are 31 MB as FLOAT), which is why evaluation holds the data, never the samples, in memory.
 * Shared by every estimator of vae-eval.
 */
public final class EvaluationInput {

    private EvaluationInput() {
    }

    /**
     * The rows the model's layer reads: [examples, inputSize], or for a conditional VAE
     * [examples, inputSize + conditionSize], the condition last ([x | c]).
     */
    public static INDArray fromArray(INDArray features, VaeConfig config) {
        if (features == null) {
            throw new IllegalArgumentException("Evaluation data is null");
        }
        check(features, config, "Evaluation data");
        return features;
    }

    /**
     * Every example's features, and for a conditional VAE its condition from the DataSet's labels
     * (as the trainers read it), joined into the rows [x | c] the layer reads.
     */
    public static INDArray fromIterator(DataSetIterator iterator, VaeConfig config) {
        if (iterator == null) {
            throw new IllegalArgumentException("Evaluation iterator is null");
        }
        if (iterator.resetSupported()) {
            iterator.reset();
        }
        List<INDArray> batches = new ArrayList<>();
        int batch = 0;
        while (iterator.hasNext()) {
            DataSet next = iterator.next();
            INDArray features = next.getFeatures();
            if (features == null) {
                throw new IllegalArgumentException("Evaluation iterator batch " + batch + " has no features");
            }
            if (config.isConditional()) {
                INDArray c = next.getLabels();
                if (c == null || c.rank() != 2 || c.rows() != features.rows() || c.columns() != config.conditionSize()) {
                    throw new IllegalArgumentException("Evaluation iterator batch " + batch + ": a conditional VAE takes "
                            + "its condition from the DataSet's labels, [examples, conditionSize = "
                            + config.conditionSize() + "]; got " + (c == null ? "no labels"
                            : "labels of shape " + Arrays.toString(c.shape())));
                }
                features = Nd4j.hstack(features.castTo(config.dataType()), c.castTo(config.dataType()));
            }
            check(features, config, "Evaluation iterator batch " + batch);
            batches.add(features);
            batch++;
        }
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("Evaluation iterator yielded no examples"
                    + (iterator.resetSupported() ? "" : " (it does not support reset: was it already consumed?)"));
        }
        return batches.size() == 1 ? batches.get(0) : Nd4j.vstack(batches.toArray(new INDArray[0]));
    }

    private static void check(INDArray features, VaeConfig config, String what) {
        int width = config.networkInputSize();
        if (features.rank() != 2 || features.columns() != width) {
            throw new IllegalArgumentException(what + " must be [examples, " + width + "] to match the model's "
                    + (config.isConditional() ? "inputSize + conditionSize ([x | c], the condition last)" : "inputSize")
                    + ", got shape " + Arrays.toString(features.shape()));
        }
        if (features.rows() < 1) {
            throw new IllegalArgumentException(what + " has no examples");
        }
        if (!features.dataType().isFPType()) {
            return;   // integer data cannot hold NaN or infinity
        }
        if (features.isNaN().any()) {
            throw new IllegalArgumentException(what + " contains NaN (first at row "
                    + firstBadRow(features) + ")");
        }
        if (features.isInfinite().any()) {
            throw new IllegalArgumentException(what + " contains infinite values (first at row "
                    + firstBadRow(features) + ")");
        }
    }

    private static long firstBadRow(INDArray features) {
        for (long r = 0; r < features.rows(); r++) {
            INDArray row = features.getRow(r);
            if (row.isNaN().any() || row.isInfinite().any()) {
                return r;
            }
        }
        return -1;
    }
}
