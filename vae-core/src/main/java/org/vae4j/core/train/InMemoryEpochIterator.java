package org.vae4j.core.train;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches of an in-memory feature matrix, reshuffled every epoch in an order that depends only
 * on (seed, epoch), so training on it can be checkpointed and resumed exactly. Labels, when given,
 * travel with their rows.
 */
public final class InMemoryEpochIterator implements DataSetIterator, EpochAware {

    private final INDArray features;
    private final INDArray labels;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private int epoch = -1;
    private int[] order;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    /**
     * @param features [examples, columns]
     * @param labels   [examples, classes] or null
     * @param shuffle  false keeps the original order in every epoch
     */
    public InMemoryEpochIterator(INDArray features, INDArray labels, int batchSize, boolean shuffle, long seed) {
        if (features.rank() != 2 || features.rows() < 1) {
            throw new IllegalArgumentException("features must be a non-empty [examples, columns] matrix, got shape "
                    + java.util.Arrays.toString(features.shape()));
        }
        if (labels != null && labels.rows() != features.rows()) {
            throw new IllegalArgumentException("labels have " + labels.rows() + " rows but features have "
                    + features.rows());
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.features = features;
        this.labels = labels;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        startEpoch(0);
    }

    @Override
    public void startEpoch(int epoch) {
        this.epoch = epoch;
        order = epochOrder((int) features.rows(), shuffle, seed, epoch);
        cursor = 0;
    }

    /**
     * The order in which epoch {@code epoch} visits {@code examples} rows: the identity, or a
     * Fisher-Yates shuffle seeded by (seed, epoch). Public so that a distributed trainer can
     * serve the same minibatches as this iterator.
     */
    public static int[] epochOrder(int examples, boolean shuffle, long seed, int epoch) {
        int[] order = new int[examples];
        for (int i = 0; i < examples; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom random = new SplittableRandom(seed * 31 + epoch);
            for (int i = examples - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** Epoch whose order is being served. */
    public int epoch() {
        return epoch;
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
            throw new NoSuchElementException("Epoch " + epoch + " has no more minibatches");
        }
        int end = Math.min(cursor + num, order.length);
        int[] rows = new int[end - cursor];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = order[cursor + i];
        }
        cursor = end;
        INDArray x = Nd4j.pullRows(features, 1, rows);
        INDArray y = labels == null ? null : Nd4j.pullRows(labels, 1, rows);
        DataSet batch = new DataSet(x, y);
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    /** Advances to the next epoch (DL4J's reset semantics). */
    @Override
    public void reset() {
        startEpoch(epoch + 1);
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
    public int inputColumns() {
        return (int) features.columns();
    }

    @Override
    public int totalOutcomes() {
        return labels == null ? 0 : (int) labels.columns();
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

    @Override
    public List<String> getLabels() {
        return null;
    }
}
