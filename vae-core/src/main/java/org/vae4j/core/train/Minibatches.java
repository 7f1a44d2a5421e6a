package org.vae4j.core.train;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.VaeConfig;

/** How vae4j's trainers take minibatches from a DL4J {@link DataSetIterator}. */
final class Minibatches {

    private Minibatches() {
    }

    /**
     * The rows the VAE layer reads: the features as [examples, inputSize] (images are flattened);
     * for a conditional VAE followed by the condition, which is the DataSet's labels (as DL4J's
     * MNIST iterator gives one-hot digits), [examples, inputSize + conditionSize]. Features that
     * already are such rows [x | c] (arrays, Spark rows) are taken as they are. Or a clear error.
     */
    static INDArray inputRows(DataSet batch, VaeConfig config) {
        INDArray x = batch.getFeatures();
        if (x.rank() != 2) {
            x = x.reshape(x.size(0), x.length() / x.size(0));
        }
        if (config.isConditional() && x.columns() == config.networkInputSize()) {
            return x;
        }
        if (x.columns() != config.inputSize()) {
            throw new IllegalArgumentException("A minibatch has shape " + Arrays.toString(batch.getFeatures().shape())
                    + " (" + x.columns() + " features per example) but the model's inputSize is " + config.inputSize());
        }
        if (!config.isConditional()) {
            return x;
        }
        INDArray c = batch.getLabels();
        if (c == null || c.rank() != 2 || c.rows() != x.rows() || c.columns() != config.conditionSize()) {
            throw new IllegalArgumentException("A conditional VAE takes its condition from the DataSet's labels, "
                    + "[examples, conditionSize = " + config.conditionSize() + "]; a minibatch has "
                    + (c == null ? "no labels" : "labels of shape " + Arrays.toString(c.shape())));
        }
        return Nd4j.hstack(x.castTo(config.dataType()), c.castTo(config.dataType()));
    }

    /** Positions {@code iterator} at the first minibatch of {@code epoch}. */
    static void startEpoch(DataSetIterator iterator, int epoch) {
        if (iterator instanceof EpochAware epochAware) {
            epochAware.startEpoch(epoch);
        } else if (iterator.resetSupported()) {
            iterator.reset();
        } else if (!iterator.hasNext()) {
            throw new IllegalArgumentException("The iterator is exhausted and does not support reset(); "
                    + "cannot start epoch " + epoch);
        }
    }

    /**
     * vae4j's own iterators build new arrays for every minibatch and keep no reference to them:
     * freeing them right after the step keeps off-heap memory flat. Otherwise ~190 MB of such
     * garbage per MNIST epoch waits for a Java GC, which a mostly idle heap rarely needs, and peak
     * RSS climbs to JavaCPP's maxphysicalbytes (measured: 1.57 GB with 1500m). Arrays of other
     * iterators may be reused by them and are left alone.
     */
    static void releaseIfOwn(DataSetIterator source, DataSet batch) {
        if (source instanceof EpochOrderedIterator) {
            release(batch.getFeatures());
            release(batch.getLabels());
        }
    }

    private static void release(INDArray array) {
        if (array != null && array.closeable() && !array.wasClosed()) {
            array.close();
        }
    }
}
