package org.vae4j.core.train;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** How vae4j's trainers take minibatches from a DL4J {@link DataSetIterator}. */
final class Minibatches {

    private Minibatches() {
    }

    /** The features as [examples, inputSize] (images are flattened), or a clear error. */
    static INDArray features(DataSet batch, int inputSize) {
        INDArray x = batch.getFeatures();
        if (x.rank() != 2) {
            x = x.reshape(x.size(0), x.length() / x.size(0));
        }
        if (x.columns() != inputSize) {
            throw new IllegalArgumentException("A minibatch has shape " + Arrays.toString(batch.getFeatures().shape())
                    + " (" + x.columns() + " features per example) but the model's inputSize is " + inputSize);
        }
        return x;
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
