package org.vae4j.core.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every intermediate array of one ELBO gradient step for one minibatch size, allocated once:
 * DL4J's layer allocates each of these (and more) on every step.
 */
final class ElboBuffers {

    final INDArray[] encoderPre;
    final INDArray[] encoderAct;
    final INDArray[] encoderEps;
    final INDArray[] decoderPre;
    final INDArray[] decoderAct;
    final INDArray[] decoderEps;
    final INDArray mean;
    final INDArray logVariance;
    final INDArray variance;
    final INDArray sigma;
    final INDArray noise;
    final INDArray z;
    final INDArray kl;
    final INDArray dLdz;
    final INDArray dLdMean;
    final INDArray dLdLogVariance;
    final INDArray input;
    final INDArray distributionPre;
    final INDArray distributionScratch;
    final INDArray klWeights;

    ElboBuffers(DataType type, long rows, int[] encoderSizes, int[] decoderSizes, int latentSize,
                int inputSize, int distributionInputSize) {
        encoderPre = layers(type, rows, encoderSizes);
        encoderAct = layers(type, rows, encoderSizes);
        encoderEps = layers(type, rows, encoderSizes);
        decoderPre = layers(type, rows, decoderSizes);
        decoderAct = layers(type, rows, decoderSizes);
        decoderEps = layers(type, rows, decoderSizes);
        mean = Nd4j.create(type, rows, latentSize);
        logVariance = Nd4j.create(type, rows, latentSize);
        variance = Nd4j.create(type, rows, latentSize);
        sigma = Nd4j.create(type, rows, latentSize);
        noise = Nd4j.create(type, rows, latentSize);
        z = Nd4j.create(type, rows, latentSize);
        kl = Nd4j.create(type, rows, latentSize);
        dLdz = Nd4j.create(type, rows, latentSize);
        dLdMean = Nd4j.create(type, rows, latentSize);
        dLdLogVariance = Nd4j.create(type, rows, latentSize);
        input = Nd4j.create(type, rows, inputSize);
        distributionPre = Nd4j.create(type, rows, distributionInputSize);
        distributionScratch = Nd4j.create(type, rows, distributionInputSize);
        klWeights = Nd4j.create(type, latentSize);
    }

    private static INDArray[] layers(DataType type, long rows, int[] sizes) {
        INDArray[] arrays = new INDArray[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            arrays[i] = Nd4j.create(type, rows, sizes[i]);
        }
        return arrays;
    }
}
