package org.vae4j.core.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every intermediate array of one ELBO gradient step for one minibatch size, allocated once:
 * DL4J's layer allocates each of these (and more) on every step, and a JavaCPP allocation costs
 * more than most of the small ops that fill them.
 */
final class ElboBuffers {

    final HiddenLayerBuffers[] encoder;
    final HiddenLayerBuffers[] decoder;
    final INDArray input;

    /** q(z|x) and the reparametrised sample, [rows, latent]; Java views for {@link LatentTerms}. */
    final INDArray mean;
    final INDArray logVariance;
    final INDArray noise;
    final INDArray z;
    final INDArray dLdz;
    final INDArray dLdMean;
    final INDArray dLdLogVariance;
    final DirectArray meanView;
    final DirectArray logVarianceView;
    final DirectArray noiseView;
    final DirectArray zView;
    final DirectArray dLdzView;
    final DirectArray dLdMeanView;
    final DirectArray dLdLogVarianceView;
    /** exp(log-variance) and its square root, kept in double for the backward pass. */
    final double[] variance;
    final double[] sigma;
    final double[] klPerDimension;
    final double[] klWeightPerDimension;

    /** p(x|z)'s pre-output, its gradient and one scratch array, [rows, distribution input size]. */
    final INDArray distributionPre;
    final INDArray distributionGradient;
    final INDArray distributionScratch;
    final DirectArray distributionPreView;
    final DirectArray distributionGradientView;
    final DirectArray distributionScratchView;
    /** Ones [rows, 1]: column sums (bias gradients) as one GEMM, ~2x faster than ND4J's sum(0). */
    final INDArray onesColumn;
    /** Ones shaped like the pre-output: a total as one BLAS dot, ~10x faster than sumNumber(). */
    final INDArray onesLikeDistributionPre;

    ElboBuffers(DataType type, long rows, int[] encoderSizes, int[] decoderSizes, int latentSize,
                int inputSize, int distributionInputSize) {
        encoder = HiddenLayerBuffers.layers(type, rows, encoderSizes);
        decoder = HiddenLayerBuffers.layers(type, rows, decoderSizes);
        input = Nd4j.create(type, rows, inputSize);
        mean = Nd4j.create(type, rows, latentSize);
        logVariance = Nd4j.create(type, rows, latentSize);
        noise = Nd4j.create(type, rows, latentSize);
        z = Nd4j.create(type, rows, latentSize);
        dLdz = Nd4j.create(type, rows, latentSize);
        dLdMean = Nd4j.create(type, rows, latentSize);
        dLdLogVariance = Nd4j.create(type, rows, latentSize);
        meanView = DirectArray.of(mean);
        logVarianceView = DirectArray.of(logVariance);
        noiseView = DirectArray.of(noise);
        zView = DirectArray.of(z);
        dLdzView = DirectArray.of(dLdz);
        dLdMeanView = DirectArray.of(dLdMean);
        dLdLogVarianceView = DirectArray.of(dLdLogVariance);
        int latentElements = Math.toIntExact(rows * latentSize);
        variance = new double[latentElements];
        sigma = new double[latentElements];
        klPerDimension = new double[latentSize];
        klWeightPerDimension = new double[latentSize];
        distributionPre = Nd4j.create(type, rows, distributionInputSize);
        distributionGradient = Nd4j.create(type, rows, distributionInputSize);
        distributionScratch = Nd4j.create(type, rows, distributionInputSize);
        distributionPreView = DirectArray.of(distributionPre);
        distributionGradientView = DirectArray.of(distributionGradient);
        distributionScratchView = DirectArray.of(distributionScratch);
        onesColumn = Nd4j.ones(type, rows, 1);
        onesLikeDistributionPre = Nd4j.ones(type, rows, distributionInputSize);
    }

    /** One hidden layer's pre-activation, activation and dL/d(activation), with Java views. */
    static final class HiddenLayerBuffers {
        final INDArray pre;
        final INDArray activation;
        final INDArray epsilon;
        final DirectArray preView;
        final DirectArray activationView;
        final DirectArray epsilonView;

        private HiddenLayerBuffers(DataType type, long rows, int size) {
            pre = Nd4j.create(type, rows, size);
            activation = Nd4j.create(type, rows, size);
            epsilon = Nd4j.create(type, rows, size);
            preView = DirectArray.of(pre);
            activationView = DirectArray.of(activation);
            epsilonView = DirectArray.of(epsilon);
        }

        static HiddenLayerBuffers[] layers(DataType type, long rows, int[] sizes) {
            HiddenLayerBuffers[] layers = new HiddenLayerBuffers[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                layers[i] = new HiddenLayerBuffers(type, rows, sizes[i]);
            }
            return layers;
        }
    }
}
