package org.vae4j.eval.estimate;

import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.vae4j.core.distribution.ExactDensities;
import org.vae4j.core.distribution.LogitBernoulliKernel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.model.RepeatedPassWorkspace;
import org.vae4j.core.model.VaeForward;
import org.vae4j.core.model.VaeModel;

/**
 * log p(x|z) through the model's decoder and its reconstruction distribution's
 * {@code exampleNegLogProbability} (of the density {@link ExactDensities} assigns): works for every
 * distribution, DL4J's included. The data block
 * replicated once per sample is allocated once and refilled; the pass runs in a reused workspace.
 */
final class DistributionChunkLogLikelihood implements ChunkLogLikelihood {

    private static final String WORKSPACE_ID = "vae4j-eval-chunk";

    private final VaeModel model;
    private final VaeForward forward;
    private final ReconstructionDistribution distribution;
    private final INDArray data;
    private final long maxRows;
    private INDArray replicated;
    private INDArray block;
    private int replicatedSamples = -1;
    private int first;

    DistributionChunkLogLikelihood(VaeModel model, INDArray data, int maxExamples, int maxSamples) {
        this.model = model;
        this.forward = new VaeForward(model.layer());
        this.distribution = ExactDensities.densityOf(model.config().reconstructionDistribution());
        this.data = data;
        this.maxRows = (long) maxExamples * maxSamples;
    }

    @Override
    public void startBlock(int first, int count) {
        this.first = first;
        block = data.get(NDArrayIndex.interval(first, first + count), NDArrayIndex.all());
        replicatedSamples = -1;
    }

    @Override
    public void compute(double[] z, int examples, int samples, double[] logLikelihood) {
        int rows = examples * samples;
        INDArray x = replicatedBlock(samples).get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
        double[] negLogLikelihood;
        try (MemoryWorkspace ignored = RepeatedPassWorkspace.open(WORKSPACE_ID)) {
            INDArray preOutput = forward.decoderPreOutput(latentArray(z, rows));
            negLogLikelihood = distribution.exampleNegLogProbability(x, preOutput).castTo(DataType.DOUBLE)
                    .dup('c').data().asDouble();
        } catch (LogitBernoulliKernel.DataOutsideSupport e) {
            throw e.atRow(first + e.row() / samples);   // a replicated row, as the example's index in the data
        }
        for (int row = 0; row < rows; row++) {
            logLikelihood[row] = -negLogLikelihood[row];
        }
    }

    /** The decoder's input rows: z, or a conditional VAE's [z | c]. */
    private INDArray latentArray(double[] z, int rows) {
        int width = model.config().networkLatentSize();
        INDArray values = Nd4j.createFromArray(java.util.Arrays.copyOf(z, rows * width));
        return values.reshape(rows, width).castTo(model.dataType());
    }

    /** The block's rows, each repeated {@code samples} times in a row (example-major). */
    private INDArray replicatedBlock(int samples) {
        if (samples == replicatedSamples) {
            return replicated;
        }
        long b = block.rows();
        long width = block.columns();
        if (replicated == null) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                replicated = Nd4j.create(block.dataType(), maxRows, width);
            }
        }
        // As [b, samples, width], the block broadcasts along the samples axis: one native op.
        INDArray view = replicated.get(NDArrayIndex.interval(0, b * samples), NDArrayIndex.all())
                .reshape('c', b, samples, width).assign(0);
        Nd4j.getExecutioner().exec(new BroadcastAddOp(view, block, view, 0, 2));
        replicatedSamples = samples;
        return replicated;
    }

    @Override
    public void close() {
        if (replicated != null) {
            replicated.close();
            replicated = null;
        }
    }
}
