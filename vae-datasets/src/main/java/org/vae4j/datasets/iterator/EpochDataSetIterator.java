package org.vae4j.datasets.iterator;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.train.EpochAware;
import org.vae4j.datasets.DescribedData;
import org.vae4j.datasets.binarize.Seeds;

import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Batches over a fixed list of example ids, in an order that depends only on (seed, epoch).
 * Subclasses write one batch of features (and labels) into preallocated float arrays; this class
 * turns them into one {@code Nd4j.create} per array.
 *
 * <p>{@link #reset()} moves to the next epoch once the current one has served a batch; a reset of
 * an untouched epoch (DL4J resets fresh iterators, e.g. {@code AsyncDataSetIterator}) stays on it,
 * so epoch 0 is never skipped. {@link #startEpoch(int)} jumps to any epoch.
 */
public abstract class EpochDataSetIterator implements DataSetIterator, EpochAware, DescribedData {

    private static final long serialVersionUID = 1L;

    private final int[] exampleIds;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final int featuresPerExample;
    private final int labelsPerExample;

    private int epoch;
    private int[] order;
    private int cursor;
    private boolean epochTouched;
    private DataSetPreProcessor preProcessor;
    private float[] featureBuffer;
    private float[] labelBuffer;

    protected EpochDataSetIterator(int[] exampleIds, int batchSize, boolean shuffle, long seed,
                                   int featuresPerExample, int labelsPerExample) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
        if (exampleIds.length == 0) {
            throw new IllegalArgumentException("no examples to iterate over (empty split or limit 0)");
        }
        this.exampleIds = exampleIds.clone();
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.featuresPerExample = featuresPerExample;
        this.labelsPerExample = labelsPerExample;
        startEpoch(0);
    }

    /**
     * Writes {@code count} examples, {@code order[from] ...}, into {@code features} (row-major,
     * {@code featuresPerExample} per row) and {@code labels} (zeroed, {@code labelsPerExample} per
     * row; null when the subclass has none).
     */
    protected abstract void writeBatch(int[] order, int from, int count, int epoch, float[] features,
                                       float[] labels);

    @Override
    public final void startEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        this.epoch = epoch;
        this.order = shuffle ? shuffled(exampleIds, Seeds.mix(Seeds.SHUFFLE_STREAM, seed, epoch)) : exampleIds;
        this.cursor = 0;
        this.epochTouched = false;
    }

    /** The epoch being served (0-based). */
    public int epoch() {
        return epoch;
    }

    /** Number of examples per epoch. */
    public int examples() {
        return exampleIds.length;
    }

    /** Seed of shuffling and Bernoulli draws. */
    public long seed() {
        return seed;
    }

    @Override
    public void reset() {
        startEpoch(epochTouched ? epoch + 1 : epoch);
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " is over; call reset() or startEpoch()");
        }
        int count = Math.min(num, order.length - cursor);
        float[] features = featureArray(count);
        float[] labels = labelsPerExample > 0 ? labelArray(count) : null;
        writeBatch(order, cursor, count, epoch, features, labels);
        cursor += count;
        epochTouched = true;
        INDArray featureMatrix = Nd4j.create(features, new long[]{count, featuresPerExample}, 'c');
        INDArray labelMatrix = labels == null ? featureMatrix
                : Nd4j.create(labels, new long[]{count, labelsPerExample}, 'c');
        DataSet batch = new DataSet(featureMatrix, labelMatrix);
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    /** Nd4j.create copies, so one buffer serves every full batch. */
    private float[] featureArray(int count) {
        int length = count * featuresPerExample;
        if (featureBuffer == null || featureBuffer.length != length) {
            featureBuffer = new float[length];
        }
        return featureBuffer;
    }

    private float[] labelArray(int count) {
        int length = count * labelsPerExample;
        if (labelBuffer == null || labelBuffer.length != length) {
            labelBuffer = new float[length];
        } else {
            Arrays.fill(labelBuffer, 0f);
        }
        return labelBuffer;
    }

    private static int[] shuffled(int[] ids, long shuffleSeed) {
        int[] copy = ids.clone();
        SplittableRandom rng = new SplittableRandom(shuffleSeed);
        for (int i = copy.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        return copy;
    }

    @Override
    public int inputColumns() {
        return featuresPerExample;
    }

    @Override
    public int totalOutcomes() {
        return labelsPerExample > 0 ? labelsPerExample : featuresPerExample;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }
}
