package org.vae4j.core.train;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.vae4j.core.backend.HostTransfer;

/**
 * Minibatches of an in-memory feature matrix, reshuffled every epoch in an order that depends only
 * on (seed, epoch), so training on it can be checkpointed and resumed exactly. Labels, when given,
 * travel with their rows.
 */
public final class InMemoryEpochIterator extends EpochOrderedIterator {

    private static final long serialVersionUID = 1L;

    private final INDArray features;
    private final INDArray labels;

    /**
     * @param features [examples, columns]
     * @param labels   [examples, classes] or null
     * @param shuffle  false keeps the original order in every epoch
     */
    public InMemoryEpochIterator(INDArray features, INDArray labels, int batchSize, boolean shuffle, long seed) {
        super(firstIds(checkedRows(features, labels)), batchSize, shuffle, seed);
        this.features = features;
        this.labels = labels;
    }

    /**
     * The order in which epoch {@code epoch} visits {@code examples} rows: the identity, or the
     * shuffle seeded by (seed, epoch) this iterator uses. Public so that a distributed trainer can
     * serve the same minibatches.
     */
    public static int[] epochOrder(int examples, boolean shuffle, long seed, int epoch) {
        int[] ids = firstIds(examples);
        return shuffle ? shuffled(ids, defaultShuffleSeed(seed, epoch)) : ids;
    }

    private static long checkedRows(INDArray features, INDArray labels) {
        if (features.rank() != 2 || features.rows() < 1) {
            throw new IllegalArgumentException("features must be a non-empty [examples, columns] matrix, got shape "
                    + java.util.Arrays.toString(features.shape()));
        }
        if (labels != null && labels.rows() != features.rows()) {
            throw new IllegalArgumentException("labels have " + labels.rows() + " rows but features have "
                    + features.rows());
        }
        return features.rows();
    }

    @Override
    protected DataSet batch(int[] order, int from, int count, int epoch) {
        int[] rows = java.util.Arrays.copyOfRange(order, from, from + count);
        return new DataSet(HostTransfer.rows(features, rows), labels == null ? null : HostTransfer.rows(labels, rows));
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
    public List<String> getLabels() {
        return null;
    }
}
