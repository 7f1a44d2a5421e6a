package org.vae4j.core.model;

import static org.deeplearning4j.nn.params.VariationalAutoencoderParamInitializer.BIAS_KEY_SUFFIX;
import static org.deeplearning4j.nn.params.VariationalAutoencoderParamInitializer.DECODER_PREFIX;
import static org.deeplearning4j.nn.params.VariationalAutoencoderParamInitializer.ENCODER_PREFIX;
import static org.deeplearning4j.nn.params.VariationalAutoencoderParamInitializer.PXZ_B;
import static org.deeplearning4j.nn.params.VariationalAutoencoderParamInitializer.PXZ_W;
import static org.deeplearning4j.nn.params.VariationalAutoencoderParamInitializer.PZX_LOGSTD2_B;
import static org.deeplearning4j.nn.params.VariationalAutoencoderParamInitializer.PZX_LOGSTD2_W;
import static org.deeplearning4j.nn.params.VariationalAutoencoderParamInitializer.PZX_MEAN_B;
import static org.deeplearning4j.nn.params.VariationalAutoencoderParamInitializer.PZX_MEAN_W;
import static org.deeplearning4j.nn.params.VariationalAutoencoderParamInitializer.WEIGHT_KEY_SUFFIX;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.params.VariationalAutoencoderParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The parameters (or their gradients) of DL4J's VariationalAutoencoder layer by role: the one
 * place in vae4j that knows DL4J's layout and keys ({@link VariationalAutoencoderParamInitializer}).
 * Every array is a view of the layer's flattened parameter or gradient vector, so writing into it
 * writes the layer.
 *
 * <p>Roles: encoder hidden layers {@code e0..}, the two heads of q(z|x) (mean {@code pZXMean} and
 * log-variance {@code pZXLogStd2}), decoder hidden layers {@code d0..}, and the output layer
 * {@code pXZ} producing the reconstruction distribution's pre-output. Weights are [nIn, nOut]
 * (DL4J stores them in 'f' order); biases are DL4J's rank-1 [nOut] views.
 */
public final class VaeParameters {

    /**
     * One affine layer x W + b.
     *
     * @param weights [inputs, outputs]
     * @param bias    [outputs], rank 1 as DL4J keeps it
     */
    public record Affine(INDArray weights, INDArray bias) {

        public long inputs() {
            return weights.size(0);
        }

        public long outputs() {
            return weights.size(1);
        }

        /** The bias as a [1, outputs] view of the same memory (GEMM outputs and row-vector ops need a matrix). */
        public INDArray biasRow() {
            INDArray row = bias.reshape(1, bias.length());
            if (row.data().pointer().address() != bias.data().pointer().address() || row.offset() != bias.offset()) {
                throw new IllegalStateException("bias view " + bias.shapeInfoToString() + " is not reshapeable in place");
            }
            return row;
        }
    }

    private final List<Affine> encoder;
    private final Affine mean;
    private final Affine logVariance;
    private final List<Affine> decoder;
    private final Affine output;
    private final Map<String, INDArray> byKey;

    private VaeParameters(Map<String, INDArray> table, int encoderLayers, int decoderLayers) {
        this.byKey = Collections.unmodifiableMap(new LinkedHashMap<>(table));
        List<Affine> e = new ArrayList<>();
        for (int i = 0; i < encoderLayers; i++) {
            e.add(affine(table, encoderWeightKey(i), encoderBiasKey(i)));
        }
        List<Affine> d = new ArrayList<>();
        for (int i = 0; i < decoderLayers; i++) {
            d.add(affine(table, decoderWeightKey(i), decoderBiasKey(i)));
        }
        this.encoder = List.copyOf(e);
        this.decoder = List.copyOf(d);
        this.mean = affine(table, PZX_MEAN_W, PZX_MEAN_B);
        this.logVariance = affine(table, PZX_LOGSTD2_W, PZX_LOGSTD2_B);
        this.output = affine(table, PXZ_W, PXZ_B);
    }

    /** Views of {@code layer}'s parameters. */
    public static VaeParameters of(VariationalAutoencoder layer) {
        return new VaeParameters(layer.paramTable(), conf(layer.conf()).getEncoderLayerSizes().length,
                conf(layer.conf()).getDecoderLayerSizes().length);
    }

    /** Views of {@code layer}'s gradient array (DL4J's gradient view; null until the network has one). */
    public static VaeParameters gradientsOf(VariationalAutoencoder layer) {
        INDArray view = layer.getGradientsViewArray();
        if (view == null) {
            throw new IllegalStateException("The layer has no gradient view: call initGradientsView() on its network");
        }
        return viewsOf(layer.conf(), view);
    }

    /** Views of any flattened vector with the layer's parameter layout (parameters, gradients, a copy). */
    public static VaeParameters viewsOf(NeuralNetConfiguration conf, INDArray flattened) {
        var layer = conf(conf);
        Map<String, INDArray> views = VariationalAutoencoderParamInitializer.getInstance()
                .getGradientsFromFlattened(conf, flattened);
        return new VaeParameters(views, layer.getEncoderLayerSizes().length, layer.getDecoderLayerSizes().length);
    }

    public static String encoderWeightKey(int layer) {
        return ENCODER_PREFIX + layer + WEIGHT_KEY_SUFFIX;
    }

    public static String encoderBiasKey(int layer) {
        return ENCODER_PREFIX + layer + BIAS_KEY_SUFFIX;
    }

    public static String decoderWeightKey(int layer) {
        return DECODER_PREFIX + layer + WEIGHT_KEY_SUFFIX;
    }

    public static String decoderBiasKey(int layer) {
        return DECODER_PREFIX + layer + BIAS_KEY_SUFFIX;
    }

    /** Encoder hidden layers, input side first. */
    public List<Affine> encoder() {
        return encoder;
    }

    /** Last encoder layer to the mean of q(z|x). */
    public Affine mean() {
        return mean;
    }

    /** Last encoder layer to the log-variance of q(z|x) (DL4J's "log std^2"). */
    public Affine logVariance() {
        return logVariance;
    }

    /** Decoder hidden layers, latent side first. */
    public List<Affine> decoder() {
        return decoder;
    }

    /** Last decoder layer to the reconstruction distribution's pre-output. */
    /** The most weights of any one layer (inputs x outputs): how large the pass's largest GEMMs are. */
    public long largestLayerWeights() {
        long largest = 0;
        java.util.List<Affine> all = new java.util.ArrayList<>(encoder());
        all.add(mean());
        all.add(logVariance());
        all.addAll(decoder());
        all.add(output());
        for (Affine layer : all) {
            largest = Math.max(largest, layer.weights().length());
        }
        return largest;
    }

    public Affine output() {
        return output;
    }

    /** Every array by DL4J key, in DL4J's order. */
    public Map<String, INDArray> byKey() {
        return byKey;
    }

    private static Affine affine(Map<String, INDArray> table, String weightKey, String biasKey) {
        INDArray w = table.get(weightKey);
        INDArray b = table.get(biasKey);
        if (w == null || b == null) {
            throw new IllegalStateException("The VAE layer has no parameter " + (w == null ? weightKey : biasKey)
                    + "; keys: " + table.keySet());
        }
        return new Affine(w, b);
    }

    private static org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder conf(NeuralNetConfiguration c) {
        return (org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder) c.getLayer();
    }
}
