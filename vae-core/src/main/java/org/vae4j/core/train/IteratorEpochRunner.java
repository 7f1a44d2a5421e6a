package org.vae4j.core.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.vae4j.core.model.VaeModel;

/**
 * One machine: each unit is one {@link ElboStep} on the iterator's next minibatch. Resuming
 * inside an epoch replays (skips) the minibatches already done; that is exact for
 * {@link EpochAware} iterators, whose epochs depend only on (seed, epoch).
 */
final class IteratorEpochRunner implements EpochRunner {

    private final VaeModel model;
    private final DataSetIterator train;
    private final ElboStep step;
    private final Dl4jListeners dl4jListeners;
    /** The next minibatch built on a background thread (vae4j's own iterators), or null. */
    private final MinibatchPrefetch prefetch;

    IteratorEpochRunner(VaeModel model, DataSetIterator train, Dl4jListeners dl4jListeners) {
        this.model = model;
        this.train = train;
        this.step = new ElboStep(model);
        this.dl4jListeners = dl4jListeners;
        this.prefetch = MinibatchPrefetch.forIterator(train);
        step.afterGradient(dl4jListeners::gradientCalculated);
    }

    @Override
    public void runEpoch(int epoch, int unitsDone, long iteration, UnitSink sink) {
        Minibatches.startEpoch(train, epoch);
        for (int i = 0; i < unitsDone; i++) {
            if (!train.hasNext()) {
                throw new IllegalStateException("Cannot resume epoch " + epoch + " after " + unitsDone
                        + " minibatches: the iterator has only " + i);
            }
            Minibatches.releaseIfOwn(train, train.next());
        }
        if (prefetch == null) {
            trainEpoch(epoch, iteration, sink);
            return;
        }
        prefetch.requestNext();
        try {
            trainEpoch(epoch, iteration, sink);
        } finally {
            // Nothing may still run on the iterator when this epoch ends, however it ends.
            DataSet unused = prefetch.drainQuietly();
            if (unused != null) {
                Minibatches.releaseIfOwn(train, unused);
            }
        }
    }

    /** The epoch's minibatches from the iterator's position (from the prefetch when there is one). */
    private void trainEpoch(int epoch, long iteration, UnitSink sink) {
        long t = iteration;
        for (DataSet batch = nextBatch(); batch != null; batch = nextBatch()) {
            INDArray x = Minibatches.inputRows(batch, model.config());
            long rows = x.rows();
            double rate = step.learningRate(t, epoch);
            // DL4J listeners read the minibatch through the network (batchSize(), input) until
            // iterationDone, which the sink calls; the runner frees it after that.
            boolean listening = !dl4jListeners.isEmpty();
            if (listening) {
                dl4jListeners.setInput(x);
            }
            double loss = step.apply(x, t++, epoch);
            boolean more = sink.unitDone(new UnitResult(1, rows, loss, 1, rate));
            if (listening) {
                dl4jListeners.clearInput();
            }
            Minibatches.releaseIfOwn(train, batch);
            if (x != batch.getFeatures() && x.closeable() && !x.wasClosed() && !x.isView()) {
                x.close();   // a conditional VAE's joined [x | c] rows
            }
            if (!more) {
                return;
            }
        }
    }

    /** The iterator's next minibatch (from the prefetch when there is one), or null at the end of the epoch. */
    private DataSet nextBatch() {
        if (prefetch == null) {
            if (!train.hasNext()) {
                return null;
            }
            DataSet batch = train.next();
            if (batch == null) {
                throw new IllegalStateException("The training iterator " + train.getClass().getName()
                        + " returned no minibatch from next() although hasNext() was true");
            }
            return batch;
        }
        DataSet batch = prefetch.take();
        if (batch != null) {
            prefetch.requestNext();   // built while this one trains
        }
        return batch;
    }

    @Override
    public void close() {
        if (prefetch != null) {
            prefetch.close();
        }
        step.close();
    }
}
