package org.vae4j.datasets.iterator;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.backend.HostTransfer;
import org.vae4j.core.train.EpochOrderedIterator;
import org.vae4j.datasets.DescribedData;
import org.vae4j.datasets.binarize.Seeds;

import java.util.Arrays;

/**
 * Batches over a fixed list of example ids, in an order that depends only on (seed, epoch)
 * ({@link EpochOrderedIterator}). Subclasses write one batch of features (and labels) into
 * preallocated float arrays; this class copies them into one new matrix per array.
 */
public abstract class EpochDataSetIterator extends EpochOrderedIterator implements DescribedData {

    private static final long serialVersionUID = 1L;

    private final int featuresPerExample;
    private final int labelsPerExample;
    private float[] featureBuffer;
    private float[] labelBuffer;

    protected EpochDataSetIterator(int[] exampleIds, int batchSize, boolean shuffle, long seed,
                                   int featuresPerExample, int labelsPerExample) {
        super(exampleIds, batchSize, shuffle, seed);
        this.featuresPerExample = featuresPerExample;
        this.labelsPerExample = labelsPerExample;
    }

    /**
     * Writes {@code count} examples, {@code order[from] ...}, into {@code features} (row-major,
     * {@code featuresPerExample} per row) and {@code labels} (zeroed, {@code labelsPerExample} per
     * row; null when the subclass has none).
     */
    protected abstract void writeBatch(int[] order, int from, int count, int epoch, float[] features,
                                       float[] labels);

    @Override
    protected long shuffleSeed(long seed, int epoch) {
        return Seeds.mix(Seeds.SHUFFLE_STREAM, seed, epoch);
    }

    @Override
    protected DataSet batch(int[] order, int from, int count, int epoch) {
        float[] features = featureArray(count);
        float[] labels = labelsPerExample > 0 ? labelArray(count) : null;
        writeBatch(order, from, count, epoch, features, labels);
        INDArray featureMatrix = matrix(features, count, featuresPerExample);
        INDArray labelMatrix = labels == null ? featureMatrix : matrix(labels, count, labelsPerExample);
        return new DataSet(featureMatrix, labelMatrix);
    }

    /**
     * A new [rows, columns] FLOAT matrix of {@code values}: one bulk copy on host memory
     * ({@link HostTransfer}). {@code Nd4j.create(float[], shape, 'c')} took 370-410 us for a 128 x 784
     * minibatch, three times the binarization itself (a microbenchmark).
     */
    private static INDArray matrix(float[] values, int rows, int columns) {
        INDArray matrix = Nd4j.createUninitialized(DataType.FLOAT, rows, columns);
        HostTransfer.write(values, 0, rows * columns, matrix, 0);
        return matrix;
    }

    /** {@link #matrix} copies, so one buffer serves every full batch. */
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

    @Override
    public int inputColumns() {
        return featuresPerExample;
    }

    @Override
    public int totalOutcomes() {
        return labelsPerExample > 0 ? labelsPerExample : featuresPerExample;
    }
}
