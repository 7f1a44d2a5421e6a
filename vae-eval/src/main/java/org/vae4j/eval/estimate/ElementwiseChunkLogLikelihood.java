package org.vae4j.eval.estimate;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.distribution.ElementwiseReconstructionDistribution;
import org.vae4j.core.model.VaeModel;

/**
 * log p(x|z) for vae4j's element-wise densities (learned-scale Gaussian and Laplace, Poisson,
 * negative binomial, ...) on host memory: the decoder's pre-output from {@link BiasFoldedDecoder},
 * then the distribution's own kernel on heap copies of the pre-output rows and of each example's data
 * row, split over the cores: in FLOAT its {@link ElementwiseReconstructionDistribution#floatRows}
 * blocks, in DOUBLE its exact {@link ElementwiseReconstructionDistribution#rowNegLogDensity} (the one
 * its ND4J methods use). No ND4J call per row or per density term, and the data is never
 * replicated per sample; before this, a tabular Gaussian model spent most of its evaluation in
 * ND4J's scalar transcendental passes and the copies around them (JFR).
 */
final class ElementwiseChunkLogLikelihood extends HostChunkLogLikelihood {

    /** Rows per heap block: their pre-outputs and scales stay in the L1/L2 cache. */
    private static final int BLOCK_ROWS = 64;

    private final ElementwiseReconstructionDistribution distribution;
    /** Pre-output values per row: parameters per value x inputSize. */
    private final int parameters;

    /**
     * @param distribution the model's density ({@code ExactDensities.densityOf})
     * @param data         every example, [examples, inputSize], in the model's data type
     */
    ElementwiseChunkLogLikelihood(VaeModel model, ElementwiseReconstructionDistribution distribution, INDArray data,
                                  int maxExamples, int maxSamples) {
        super(model, data, maxExamples, maxSamples);
        this.distribution = distribution;
        this.parameters = distribution.distributionInputSize(inputSize);
    }

    /** In the model's data type. */
    @Override
    void rows(int from, int to, int samples, double[] logLikelihood) {
        if (type == DataType.FLOAT) {
            floatRows(from, to, samples, logLikelihood);
        } else {
            doubleRows(from, to, samples, logLikelihood);
        }
    }

    /**
     * FLOAT: blocks of up to {@link #BLOCK_ROWS} pre-output rows copied to the heap in bulk, with
     * their examples' data rows, through the distribution's {@link ElementwiseReconstructionDistribution.FloatRows}
     * (a learned scale's steps as vectorized float passes, see {@code FloatMath}).
     */
    private void floatRows(int from, int to, int samples, double[] logLikelihood) {
        ElementwiseReconstructionDistribution.FloatRows kernel = distribution.floatRows(inputSize, BLOCK_ROWS);
        FloatBuffer preOutput = decoder.preOutputBuffer().data().asNioFloat();
        FloatBuffer dataValues = data.data().asNioFloat();
        int dataOffset = (int) data.offset();
        float[] pre = new float[BLOCK_ROWS * parameters];
        float[] x = new float[BLOCK_ROWS * inputSize];
        int[] xOffsets = new int[BLOCK_ROWS];
        int[] examples = new int[BLOCK_ROWS];
        for (int start = from; start < to; start += BLOCK_ROWS) {
            int rows = Math.min(BLOCK_ROWS, to - start);
            preOutput.get(start * parameters, pre, 0, rows * parameters);
            int loaded = -1;
            int xRows = 0;
            for (int r = 0; r < rows; r++) {
                int example = first + (start + r) / samples;
                if (example != loaded) {
                    // Each example's data row once per block, not once per sample.
                    dataValues.get(dataOffset + example * inputSize, x, xRows * inputSize, inputSize);
                    xRows++;
                    loaded = example;
                }
                xOffsets[r] = (xRows - 1) * inputSize;
                examples[r] = example;
            }
            kernel.negLogDensity(pre, rows, x, xOffsets, examples, logLikelihood, start);
            for (int r = 0; r < rows; r++) {
                logLikelihood[start + r] = -logLikelihood[start + r];
            }
        }
    }

    /** DOUBLE: each pre-output row, and each example's data row once, through the exact row kernel. */
    private void doubleRows(int from, int to, int samples, double[] logLikelihood) {
        DoubleBuffer preOutput = decoder.preOutputBuffer().data().asNioDouble();
        DoubleBuffer dataValues = data.data().asNioDouble();
        int dataOffset = (int) data.offset();
        double[] pre = new double[parameters];
        double[] x = new double[inputSize];
        int loaded = -1;
        for (int r = from; r < to; r++) {
            int example = first + r / samples;
            if (example != loaded) {
                dataValues.get(dataOffset + example * inputSize, x);
                loaded = example;
            }
            preOutput.get(r * parameters, pre);
            logLikelihood[r] = -distribution.rowNegLogDensity(x, 0, pre, 0, inputSize, example);
        }
    }
}
