package org.vae4j.examples.run;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.datasets.iterator.EpochDataSetIterator;

/**
 * All examples of an evaluation iterator in one array, with class indices. The iterator keeps
 * file order and fixed binarization, so row i is example i of the evaluation reports.
 *
 * @param labels class index per row, or null for unlabeled data
 */
public record TestSet(INDArray features, int[] labels) {

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
        if (labeled) {
            INDArray y = Nd4j.concat(0, labels.toArray(INDArray[]::new));
            classes = y.argMax(1).toIntVector();
        }
        return new TestSet(x, classes);
    }

    public int examples() {
        return (int) features.rows();
    }
}
