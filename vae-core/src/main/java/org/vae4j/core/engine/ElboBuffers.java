package org.vae4j.core.engine;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.backend.FloatMath;
import org.vae4j.core.model.VaeForward;

/**
 * Every intermediate array of one ELBO gradient step for one minibatch size, allocated once:
 * DL4J's layer allocates each of these (and more) on every step, and a JavaCPP allocation costs
 * more than most of the small ops that fill them. They are the {@link VaeForward.Outputs} of the
 * forward pass. Owns native memory: {@link #close()} frees it.
 */
final class ElboBuffers implements VaeForward.Outputs, AutoCloseable {

    final HiddenLayerBuffers[] encoder;
    final HiddenLayerBuffers[] decoder;
    final INDArray input;
    /**
     * A conditional VAE's input rows [x | c] split: the data columns, which p(x|z, c) scores, and
     * the condition, which the clamped latent units take; both null for an unconditional VAE.
     */
    final INDArray data;
    final INDArray condition;
    final DirectArray conditionView;

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
    /** Per row, for the importance-weighted bound: -log p(x|z), log w, and the gradient's row scale. */
    final double[] rowNegLogLikelihood;
    final double[] rowLogWeight;
    final double[] rowScale;

    /** p(x|z)'s pre-output and its gradient, [rows, distribution input size]. */
    final INDArray distributionPre;
    final INDArray distributionGradient;
    final DirectArray distributionPreView;
    final DirectArray distributionGradientView;
    /** FLOAT only (else null): the same two arrays' memory, for {@link ReconstructionTerm}'s heap-float route. */
    final FloatBuffer distributionPreFloats;
    final FloatBuffer distributionGradientFloats;
    /** Ones [rows, 1]: column sums (bias gradients) as one GEMM, ~2x faster than ND4J's sum(0). */
    final INDArray onesColumn;
    private final Map<INDArray, HiddenLayerBuffers> byActivation = new IdentityHashMap<>();

    ElboBuffers(DataType type, long rows, int[] encoderSizes, int[] decoderSizes, int latentSize,
                int inputSize, int conditionSize, int distributionInputSize) {
        encoder = HiddenLayerBuffers.layers(type, rows, encoderSizes);
        decoder = HiddenLayerBuffers.layers(type, rows, decoderSizes);
        input = Nd4j.create(type, rows, inputSize);
        data = conditionSize > 0 ? Nd4j.create(type, rows, inputSize - conditionSize) : null;
        condition = conditionSize > 0 ? Nd4j.create(type, rows, conditionSize) : null;
        conditionView = conditionSize > 0 ? DirectArray.of(condition) : null;
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
        int rowCount = Math.toIntExact(rows);
        rowNegLogLikelihood = new double[rowCount];
        rowLogWeight = new double[rowCount];
        rowScale = new double[rowCount];
        distributionPre = Nd4j.create(type, rows, distributionInputSize);
        distributionGradient = Nd4j.create(type, rows, distributionInputSize);
        distributionPreView = DirectArray.of(distributionPre);
        distributionGradientView = DirectArray.of(distributionGradient);
        boolean floats = type == DataType.FLOAT;
        distributionPreFloats = floats ? DirectArray.floats(distributionPre) : null;
        distributionGradientFloats = floats ? DirectArray.floats(distributionGradient) : null;
        onesColumn = Nd4j.ones(type, rows, 1);
        for (HiddenLayerBuffers layer : encoder) {
            byActivation.put(layer.activation, layer);
        }
        for (HiddenLayerBuffers layer : decoder) {
            byActivation.put(layer.activation, layer);
        }
    }

    /** The hidden layer whose activation buffer is {@code activation} (the forward pass hands back that array). */
    HiddenLayerBuffers layerOf(INDArray activation) {
        HiddenLayerBuffers layer = byActivation.get(activation);
        if (layer == null) {
            throw new IllegalStateException("not one of this step's hidden-layer buffers");
        }
        return layer;
    }

    @Override
    public INDArray array(VaeForward.Role role, int layer, long rows, long width) {
        return switch (role) {
            case ENCODER_HIDDEN -> encoder[layer].activation;
            case MEAN -> mean;
            case LOG_VARIANCE -> logVariance;
            case DECODER_HIDDEN -> decoder[layer].activation;
            case PRE_OUTPUT -> distributionPre;
        };
    }

    @Override
    public void close() {
        List<INDArray> all = new ArrayList<>(List.of(input, mean, logVariance, noise, z, dLdz, dLdMean, dLdLogVariance,
                distributionPre, distributionGradient, onesColumn));
        if (data != null) {
            all.addAll(List.of(data, condition));
        }
        for (HiddenLayerBuffers[] side : new HiddenLayerBuffers[][] {encoder, decoder}) {
            for (HiddenLayerBuffers layer : side) {
                all.addAll(List.of(layer.activation, layer.delta, layer.epsilon));
            }
        }
        for (INDArray array : all) {
            if (array.closeable() && !array.wasClosed()) {
                array.close();
            }
        }
    }

    /**
     * One hidden layer's activation, dL/d(activation) ("epsilon") and dL/d(pre-activation)
     * ("delta", written by the backward pass), with Java views.
     */
    static final class HiddenLayerBuffers {
        /** Floats per heap block of {@link HiddenActivation}'s FLOAT loops. */
        static final int FLOAT_BLOCK = 4096;

        final INDArray activation;
        final INDArray delta;
        final INDArray epsilon;
        final DirectArray deltaView;
        final DirectArray activationView;
        final DirectArray epsilonView;
        /** FLOAT only (else null): the three arrays' memory, and heap blocks with their math. */
        final FloatBuffer activationFloats;
        final FloatBuffer deltaFloats;
        final FloatBuffer epsilonFloats;
        final float[] blockA;
        final float[] blockB;
        final FloatMath floatMath;

        private HiddenLayerBuffers(DataType type, long rows, int size) {
            activation = Nd4j.create(type, rows, size);
            delta = Nd4j.create(type, rows, size);
            epsilon = Nd4j.create(type, rows, size);
            deltaView = DirectArray.of(delta);
            activationView = DirectArray.of(activation);
            epsilonView = DirectArray.of(epsilon);
            boolean floats = type == DataType.FLOAT;
            activationFloats = floats ? DirectArray.floats(activation) : null;
            deltaFloats = floats ? DirectArray.floats(delta) : null;
            epsilonFloats = floats ? DirectArray.floats(epsilon) : null;
            blockA = floats ? new float[FLOAT_BLOCK] : null;
            blockB = floats ? new float[FLOAT_BLOCK] : null;
            floatMath = floats ? new FloatMath(FLOAT_BLOCK) : null;
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
