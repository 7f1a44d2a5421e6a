package org.vae4j.eval.estimate;

import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.backend.ArrayMemory;
import org.vae4j.core.backend.ComputePaths;
import org.vae4j.core.distribution.ElementwiseReconstructionDistribution;
import org.vae4j.core.distribution.ExactDensities;
import org.vae4j.core.model.VaeModel;

/**
 * log p(x|z) for the rows of one chunk of importance samples: the decoder pass and the
 * reconstruction density. It is given the whole data set once and then works block by block;
 * rows are example-major: row {@code e * samples + s} is sample s of example e of the current
 * block. Holds native buffers sized for the largest chunk, hence {@link AutoCloseable}.
 */
interface ChunkLogLikelihood extends AutoCloseable {

    /** Starts the block of examples [first, first + count) of the data. */
    void startBlock(int first, int count);

    /**
     * @param z             latent samples, row-major [examples * samples, latentSize]
     * @param examples      examples of this chunk (those of the current block)
     * @param samples       samples per example in this chunk
     * @param logLikelihood receives log p(x_e | z_row) in nats, one per row
     */
    void compute(double[] z, int examples, int samples, double[] logLikelihood);

    @Override
    void close();

    /**
     * The fastest exact implementation for this model: {@link LogitBernoulliChunkLogLikelihood}
     * for a FLOAT or DOUBLE model whose density is the logit Bernoulli ({@link ExactDensities}: vae4j's
     * LogitBernoulli or DL4J's sigmoid Bernoulli, not subclasses); {@link ElementwiseChunkLogLikelihood}
     * for vae4j's other element-wise densities; otherwise (DL4J's own distributions, categorical,
     * composite, device memory) the density's own {@code exampleNegLogProbability} on chunks.
     *
     * @param data        every example, [examples, inputSize], in the model's data type, C order
     * @param maxExamples most examples in a block
     * @param maxSamples  most samples per example in a chunk
     */
    static ChunkLogLikelihood forModel(VaeModel model, INDArray data, int maxExamples, int maxSamples) {
        ReconstructionDistribution density = ExactDensities.densityOf(model.config().reconstructionDistribution());
        DataType type = model.dataType();
        String hostLoops = ArrayMemory.hostLoopsRefused();
        // The host paths: FLOAT or DOUBLE, host memory, a decoder with hidden layers (BiasFoldedDecoder).
        boolean host = (type == DataType.FLOAT || type == DataType.DOUBLE)
                && !model.config().decoderLayerSizes().isEmpty() && hostLoops == null;
        if (host && ExactDensities.isLogitBernoulli(density)) {
            ComputePaths.chose(ImportanceSampledLikelihood.LOG_LIKELIHOOD_COMPONENT,
                    ImportanceSampledLikelihood.CLOSED_FORM_PATH, "logit Bernoulli, host memory, " + type);
            return new LogitBernoulliChunkLogLikelihood(model, data, maxExamples, maxSamples);
        }
        if (host && density instanceof ElementwiseReconstructionDistribution elementwise) {
            ComputePaths.chose(ImportanceSampledLikelihood.LOG_LIKELIHOOD_COMPONENT,
                    ImportanceSampledLikelihood.ELEMENTWISE_PATH,
                    density.getClass().getSimpleName() + ", host memory, " + type);
            return new ElementwiseChunkLogLikelihood(model, elementwise, data, maxExamples, maxSamples);
        }
        ComputePaths.chose(ImportanceSampledLikelihood.LOG_LIKELIHOOD_COMPONENT,
                ImportanceSampledLikelihood.DISTRIBUTION_OPS_PATH, hostLoops != null ? hostLoops
                : density.getClass().getSimpleName() + ", " + type);
        return new DistributionChunkLogLikelihood(model, data, maxExamples, maxSamples);
    }
}
