package org.vae4j.examples.run;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.datasets.iterator.EpochDataSetIterator;

/**
 * All examples of an evaluation iterator in one array, with class indices. The iterator keeps
 * file order and fixed binarization, so row i is example i of the evaluation reports.
 *
 * @param labels    class index per row, or null for unlabeled data
 * @param condition the iterator's label matrix, which a conditional VAE takes as its condition c;
 *                  null when the iterator has none
 */
public record TestSet(INDArray features, int[] labels, INDArray condition) {

    /**
     * The rows a model's layer reads: the features, or for a conditional VAE [x | c] with c the
     * iterator's labels (as training reads them).
     */
    public static INDArray inputRows(EpochDataSetIterator iterator, VaeConfig config) {
        TestSet all = collect(iterator, false);
        return config.isConditional() ? all.inputRows(config) : all.features();
    }

    /** {@link #features()}, or [x | c] for a conditional VAE; one line when there is no c of its width. */
    public INDArray inputRows(VaeConfig config) {
        if (!config.isConditional()) {
            return features;
        }
        if (condition == null || condition.columns() != config.conditionSize()) {
            throw new IllegalArgumentException("The model is a conditional VAE (conditionSize = "
                    + config.conditionSize() + ") but the data's labels are "
                    + (condition == null ? "absent" : condition.columns() + " columns wide"));
        }
        return Nd4j.hstack(features, condition.castTo(features.dataType()));
    }

    public static TestSet collect(EpochDataSetIterator iterator, boolean labeled) {
        iterator.startEpoch(0);
        java.util.List<INDArray> features = new java.util.ArrayList<>();
        java.util.List<INDArray> labels = new java.util.ArrayList<>();
        while (iterator.hasNext()) {
            DataSet batch = iterator.next();
            features.add(batch.getFeatures());
            labels.add(batch.getLabels());
        }
        INDArray x = Nd4j.concat(0, features.toArray(INDArray[]::new));
        int[] classes = null;
        // An unlabeled iterator hands its features back as labels (DL4J's convention): no condition.
        boolean hasLabels = !labels.isEmpty() && labels.get(0) != null && labels.get(0) != features.get(0);
        INDArray y = hasLabels ? Nd4j.concat(0, labels.toArray(INDArray[]::new)) : null;
        if (labeled) {
            classes = y.argMax(1).toIntVector();
        }
        return new TestSet(x, classes, y);
    }

    public int examples() {
        return (int) features.rows();
    }
}
