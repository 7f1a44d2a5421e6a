package org.vae4j.eval.estimate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The features to evaluate, checked before any sampling so that a long evaluation cannot fail
 * half-way on a bad batch: an iterator is read to the end first (features only; 10k MNIST images
 * are 31 MB as FLOAT), which is why evaluation holds the data, never the samples, in memory.
 * Shared by every estimator of vae-eval.
 */
public final class EvaluationInput {

    private EvaluationInput() {
    }

    public static INDArray fromArray(INDArray features, int inputSize) {
        if (features == null) {
            throw new IllegalArgumentException("Evaluation data is null");
        }
        check(features, inputSize, "Evaluation data");
        return features;
    }

    public static INDArray fromIterator(DataSetIterator iterator, int inputSize) {
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
            check(features, inputSize, "Evaluation iterator batch " + batch);
            batches.add(features);
            batch++;
        }
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("Evaluation iterator yielded no examples"
                    + (iterator.resetSupported() ? "" : " (it does not support reset: was it already consumed?)"));
        }
        return batches.size() == 1 ? batches.get(0) : Nd4j.vstack(batches.toArray(new INDArray[0]));
    }

    private static void check(INDArray features, int inputSize, String what) {
        if (features.rank() != 2 || features.columns() != inputSize) {
            throw new IllegalArgumentException(what + " must be [examples, " + inputSize
                    + "] to match the model's inputSize, got shape " + Arrays.toString(features.shape()));
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
