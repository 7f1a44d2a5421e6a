package org.vae4j.core.train;

import java.util.NoSuchElementException;
import java.util.SplittableRandom;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Minibatches over a fixed list of example ids in an order that depends only on (seed, epoch):
 * the common part of vae4j's {@link EpochAware} iterators. Subclasses only build the batch for a
 * run of ids.
 *
 * <p>{@link #reset()} moves to the next epoch once the current one has served a batch; a reset of
 * an untouched epoch (DL4J resets fresh iterators, e.g. {@code AsyncDataSetIterator}) stays on it,
 * so epoch 0 is never skipped. {@link #startEpoch(int)} jumps to any epoch.
 */
public abstract class EpochOrderedIterator implements DataSetIterator, EpochAware {

    private static final long serialVersionUID = 1L;

    private final int[] exampleIds;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;

    private int epoch;
    private int[] order;
    private int cursor;
    private boolean epochTouched;
    private DataSetPreProcessor preProcessor;

    protected EpochOrderedIterator(int[] exampleIds, int batchSize, boolean shuffle, long seed) {
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
        startEpoch(0);
    }

    /** The ids 0 .. n-1. */
    protected static int[] firstIds(long n) {
        int[] ids = new int[Math.toIntExact(n)];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        return ids;
    }

    /** The minibatch of examples {@code order[from] .. order[from + count - 1]} in {@code epoch}. */
    protected abstract DataSet batch(int[] order, int from, int count, int epoch);

    /** Seed of the shuffle of {@code epoch}; subclasses may keep an established stream. */
    protected long shuffleSeed(long seed, int epoch) {
        return defaultShuffleSeed(seed, epoch);
    }

    static long defaultShuffleSeed(long seed, int epoch) {
        return seed * 31 + epoch;
    }

    @Override
    public final void startEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        this.epoch = epoch;
        this.order = shuffle ? shuffled(exampleIds, shuffleSeed(seed, epoch)) : exampleIds;
        this.cursor = 0;
        this.epochTouched = false;
    }

    /** The epoch being served (0-based). */
    public int epoch() {
        return epoch;
    }

    /** The ids of the examples an epoch serves, in their original (unshuffled) order. */
    public int[] exampleIds() {
        return exampleIds.clone();
    }

    /**
     * The order in which {@code epoch} serves the examples, as positions in {@link #exampleIds()}:
     * epoch e's k-th example is {@code exampleIds()[epochOrder(e)[k]]}. Depends only on (seed,
     * epoch), not on this iterator's state, so a distributed trainer can serve the same minibatches.
     */
    public int[] epochOrder(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        int[] positions = firstIds(exampleIds.length);
        // The swaps of a Fisher-Yates shuffle depend only on the seed and the length, so this is
        // the permutation startEpoch applies to exampleIds.
        return shuffle ? shuffled(positions, shuffleSeed(seed, epoch)) : positions;
    }

    /** Number of examples per epoch. */
    public int examples() {
        return exampleIds.length;
    }

    /** Seed of the shuffling (and of any per-epoch randomness of subclasses). */
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
        DataSet batch = batch(order, cursor, count, epoch);
        cursor += count;
        epochTouched = true;
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    /** A Fisher-Yates shuffle of a copy of {@code ids}. */
    static int[] shuffled(int[] ids, long shuffleSeed) {
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
