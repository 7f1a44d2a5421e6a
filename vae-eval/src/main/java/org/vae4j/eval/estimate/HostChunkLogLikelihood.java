package org.vae4j.eval.estimate;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.Vae4jThreads;
import org.vae4j.core.model.VaeModel;

/**
 * What the host-memory paths share: the data held contiguous in the model's data type, the
 * decoder pass with folded biases ({@link BiasFoldedDecoder}) into buffers sized for the largest
 * chunk, and the chunk's rows split over vae4j's threads for the density, which each subclass
 * computes on heap copies of its rows.
 */
abstract class HostChunkLogLikelihood implements ChunkLogLikelihood {

    final DataType type;
    final int inputSize;
    final BiasFoldedDecoder decoder;
    /** Every example, contiguous, in the model's data type. */
    final INDArray data;
    /** The current block's first example. */
    int first;
    private final int maxExamples;
    private final int maxSamples;

    /** @param data every example, [examples, inputSize] */
    HostChunkLogLikelihood(VaeModel model, INDArray data, int maxExamples, int maxSamples) {
        this.type = model.dataType();
        this.inputSize = model.config().inputSize();
        this.maxExamples = maxExamples;
        this.maxSamples = maxSamples;
        this.data = data.ordering() != 'c' || data.elementWiseStride() != 1 || data.dataType() != type
                ? data.castTo(type).dup('c') : data;
        this.decoder = new BiasFoldedDecoder(model, maxRows());
    }

    /** Rows of the largest chunk: every buffer is sized for it once. */
    final long maxRows() {
        return (long) maxExamples * maxSamples;
    }

    @Override
    public final void startBlock(int first, int count) {
        this.first = first;
    }

    @Override
    public final void compute(double[] z, int examples, int samples, double[] logLikelihood) {
        if (examples > maxExamples || samples > maxSamples) {
            throw new IllegalStateException("chunk of " + examples + " x " + samples + " exceeds the buffers' "
                    + maxExamples + " x " + maxSamples);
        }
        int rows = examples * samples;
        afterDecoder(decoder.preOutput(z, rows), rows);
        // Plain Java: split the rows over vae4j's threads (ND4J's passes use the cores too, not at the same time).
        int parts = Math.min(rows, Vae4jThreads.threads());
        Vae4jThreads.forEachPart(parts, part -> rows((int) ((long) rows * part / parts),
                (int) ((long) rows * (part + 1) / parts), samples, logLikelihood));
    }

    /** A native pass over the chunk's pre-output before the rows split, if the density needs one. */
    void afterDecoder(INDArray preOutput, int rows) {
    }

    /**
     * log p(x_e | z_r) of rows [from, to) of the current chunk into {@code logLikelihood}; row r
     * belongs to example {@code first + r / samples}. Runs on one of vae4j's threads.
     */
    abstract void rows(int from, int to, int samples, double[] logLikelihood);

    @Override
    public void close() {
        decoder.close();
    }
}
