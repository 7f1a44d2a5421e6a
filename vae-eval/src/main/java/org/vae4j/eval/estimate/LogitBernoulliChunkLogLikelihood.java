package org.vae4j.eval.estimate;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.distribution.ExactDensities;
import org.vae4j.core.distribution.LogitBernoulliKernel;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;
import org.vae4j.core.model.VaeModel;

/**
 * log p(x|z) for vae4j's logit-Bernoulli decoder (host memory): the logits a = [h | 1] [[W], [b]]
 * ({@link BiasFoldedDecoder}; h the last hidden layer), native passes e = exp(-|a|) into a second
 * buffer, then {@link LogitBernoulliKernel}, vae4j's one implementation of the density, per row on
 * heap copies of a, t and the example's data row, split over the cores. Every buffer is sized for
 * the largest chunk once and reused; the data is never replicated per sample.
 *
 * <p>The kernel is exact at any logit (a saturated logit costs its full |a| nats, with no
 * overflow), in FLOAT to float precision and in DOUBLE to double precision, so no row needs a
 * second path. Data outside [0, 1] is refused by the kernel's one message, whose row is the
 * example's index in the data set, or clamped if the distribution says so.
 */
final class LogitBernoulliChunkLogLikelihood extends HostChunkLogLikelihood {

    private final boolean clampData;
    /** exp(logits), [maxExamples * maxSamples, inputSize]. */
    private final INDArray expBuffer;

    /**
     * @param data every example, [examples, inputSize]
     */
    LogitBernoulliChunkLogLikelihood(VaeModel model, INDArray data, int maxExamples, int maxSamples) {
        super(model, data, maxExamples, maxSamples);
        this.clampData = ((LogitBernoulliReconstructionDistribution) ExactDensities.densityOf(
                model.config().reconstructionDistribution())).isClampData();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.expBuffer = Nd4j.create(type, maxRows(), inputSize);
        }
    }

    /** exp(a) in one native pass; each row becomes exp(-|a|) on the heap (expNegativeAbsFromExp). */
    @Override
    void afterDecoder(INDArray logits, int rows) {
        LogitBernoulliKernel.exp(logits, expBuffer.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all()));
    }

    @Override
    void rows(int from, int to, int samples, double[] logLikelihood) {
        LogitBernoulliKernel kernel = new LogitBernoulliKernel(clampData);
        if (type == DataType.FLOAT) {
            rowsFloat(kernel, from, to, samples, logLikelihood);
        } else {
            rowsDouble(kernel, from, to, samples, logLikelihood);
        }
    }

    /** Rows [from, to), FLOAT: a and t of each row and x of each example copied to the heap in bulk. */
    private void rowsFloat(LogitBernoulliKernel kernel, int from, int to, int samples, double[] logLikelihood) {
        FloatBuffer a = decoder.preOutputBuffer().data().asNioFloat();
        FloatBuffer t = expBuffer.data().asNioFloat();
        FloatBuffer xs = data.data().asNioFloat();
        int dataOffset = (int) data.offset();
        float[] aRow = new float[inputSize];
        float[] tRow = new float[inputSize];
        float[] xRow = new float[inputSize];
        float[] xChecked = xRow;
        int loaded = -1;
        for (int r = from; r < to; r++) {
            int example = first + r / samples;
            if (example != loaded) {
                // Each example's data is checked (or clamped) once, not once per sample.
                xs.get(dataOffset + example * inputSize, xRow);
                xChecked = kernel.inSupport(xRow, 0, inputSize, (long) example * inputSize, inputSize);
                loaded = example;
            }
            a.get(r * inputSize, aRow);
            t.get(r * inputSize, tRow);
            LogitBernoulliKernel.expNegativeAbsFromExp(tRow, 0, inputSize);
            logLikelihood[r] = kernel.logDensityInSupport(aRow, xChecked, tRow, 0, inputSize, null, 0);
        }
    }

    /** {@link #rowsFloat} in DOUBLE. */
    private void rowsDouble(LogitBernoulliKernel kernel, int from, int to, int samples, double[] logLikelihood) {
        DoubleBuffer a = decoder.preOutputBuffer().data().asNioDouble();
        DoubleBuffer t = expBuffer.data().asNioDouble();
        DoubleBuffer xs = data.data().asNioDouble();
        int dataOffset = (int) data.offset();
        double[] aRow = new double[inputSize];
        double[] tRow = new double[inputSize];
        double[] xRow = new double[inputSize];
        double[] xChecked = xRow;
        int loaded = -1;
        for (int r = from; r < to; r++) {
            int example = first + r / samples;
            if (example != loaded) {
                // Each example's data is checked (or clamped) once, not once per sample.
                xs.get(dataOffset + example * inputSize, xRow);
                xChecked = kernel.inSupport(xRow, 0, inputSize, (long) example * inputSize, inputSize);
                loaded = example;
            }
            a.get(r * inputSize, aRow);
            t.get(r * inputSize, tRow);
            LogitBernoulliKernel.expNegativeAbsFromExp(tRow, 0, inputSize);
            logLikelihood[r] = kernel.logDensityInSupport(aRow, xChecked, tRow, 0, inputSize, null, 0);
        }
    }

    @Override
    public void close() {
        super.close();
        expBuffer.close();
    }
}
