package org.vae4j.core.model;

import java.util.List;
import java.util.function.UnaryOperator;

import org.deeplearning4j.nn.layers.variational.VariationalAutoencoder;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.backend.Gemm;
import org.vae4j.core.model.VaeParameters.Affine;

/**
 * The forward pass of DL4J's VAE layer, written once: encoder hidden layers, the two heads of
 * q(z|x), decoder hidden layers and the output layer, each {@code out = f(in W + b)} with the
 * layer's hidden activation f (identity for the heads' {@code pzxActivationFunction} when so
 * configured, none for the output layer). DL4J's layer returns only the mean of q(z|x) from
 * {@code activate}; this computes what it computes inside {@code computeGradientAndScore}.
 *
 * <p>The model facade ({@link VaeModel}) runs it into new arrays; vae4j's training engine runs
 * the same code into its preallocated buffers ({@link Outputs}) with a faster in-place
 * activation. (vae-eval's {@code BiasFoldedDecoder} evaluates this decoder pass with the biases
 * folded into the GEMMs, built from the same {@link VaeParameters}; its tests check it equals
 * this pass.)
 */
public final class VaeForward {

    /** Which output of the pass an array receives. */
    public enum Role { ENCODER_HIDDEN, MEAN, LOG_VARIANCE, DECODER_HIDDEN, PRE_OUTPUT }

    /** Where each layer's output is written: a C-ordered [rows, width] array of the model's type. */
    @FunctionalInterface
    public interface Outputs {
        /** @param layer the hidden layer's index for the two hidden roles, else 0 */
        INDArray array(Role role, int layer, long rows, long width);
    }

    private final VariationalAutoencoder layer;
    private final UnaryOperator<INDArray> hiddenActivationInPlace;
    private final UnaryOperator<INDArray> pzxActivationInPlace;

    /** The pass with the layer's own DL4J activations. */
    public VaeForward(VariationalAutoencoder layer) {
        this(layer, activationInPlace(conf(layer).getActivationFn()));
    }

    /** The pass with {@code hiddenActivationInPlace} (which must compute the layer's activation in place). */
    public VaeForward(VariationalAutoencoder layer, UnaryOperator<INDArray> hiddenActivationInPlace) {
        this.layer = layer;
        this.hiddenActivationInPlace = hiddenActivationInPlace;
        this.pzxActivationInPlace = activationInPlace(conf(layer).getPzxActivationFn());
    }

    /** q(z|x) for the rows of {@code x} ([examples, inputSize], cast to the layer's data type), in new arrays. */
    public LatentPosterior encode(INDArray x) {
        INDArray input = contiguous(x.castTo(dataType()));
        return encode(input, VaeParameters.of(layer), newArrays());
    }

    /** q(z|x) into {@code outputs}; {@code x} must be C-ordered and of the layer's data type. */
    public LatentPosterior encode(INDArray x, VaeParameters parameters, Outputs outputs) {
        INDArray hidden = hiddenLayers(x, parameters.encoder(), outputs, true);
        long rows = x.rows();
        INDArray mean = affine(hidden, parameters.mean(), outputs.array(Role.MEAN, 0, rows,
                parameters.mean().outputs()));
        INDArray logVariance = affine(hidden, parameters.logVariance(), outputs.array(Role.LOG_VARIANCE, 0, rows,
                parameters.logVariance().outputs()));
        return new LatentPosterior(pzxActivationInPlace.apply(mean), pzxActivationInPlace.apply(logVariance));
    }

    /**
     * Parameters of p(x|z) before the distribution's own activation ("pre-output"), the input of
     * {@code ReconstructionDistribution.exampleNegLogProbability}: [examples, distributionInputSize].
     */
    public INDArray decoderPreOutput(INDArray z) {
        INDArray input = contiguous(z.castTo(dataType()));
        return decoderPreOutput(input, VaeParameters.of(layer), newArrays());
    }

    /** The decoder into {@code outputs}; {@code z} must be C-ordered and of the layer's data type. */
    public INDArray decoderPreOutput(INDArray z, VaeParameters parameters, Outputs outputs) {
        INDArray hidden = hiddenLayers(z, parameters.decoder(), outputs, false);
        return affine(hidden, parameters.output(), outputs.array(Role.PRE_OUTPUT, 0, z.rows(),
                parameters.output().outputs()));
    }

    private INDArray hiddenLayers(INDArray input, List<Affine> layers, Outputs outputs, boolean encoder) {
        INDArray current = input;
        for (int i = 0; i < layers.size(); i++) {
            Affine affine = layers.get(i);
            INDArray out = outputs.array(encoder ? Role.ENCODER_HIDDEN : Role.DECODER_HIDDEN, i, input.rows(),
                    affine.outputs());
            current = hiddenActivationInPlace.apply(affine(current, affine, out));
        }
        return current;
    }

    /** {@code out} = in W + b; returns {@code out}. */
    public static INDArray affine(INDArray in, Affine layer, INDArray out) {
        return Gemm.affine(in, layer.weights(), layer.bias(), out);
    }

    private DataType dataType() {
        return layer.params().dataType();
    }

    private static INDArray contiguous(INDArray x) {
        return x.ordering() == 'c' && !x.isView() ? x : x.dup('c');
    }

    /** {@code activation} applied in place (DL4J's activations are; a custom one may return a new array). */
    public static UnaryOperator<INDArray> activationInPlace(IActivation activation) {
        return a -> {
            INDArray result = activation.getActivation(a, true);
            return result == a ? a : a.assign(result);
        };
    }

    private static org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder conf(
            VariationalAutoencoder layer) {
        return (org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder) layer.conf().getLayer();
    }

    /** Every output a new array. */
    private Outputs newArrays() {
        DataType type = dataType();
        // Uninitialised: every output is written whole by Gemm.affine (zeroing cost a memset per array).
        return (role, index, rows, width) -> Nd4j.createUninitialized(type, rows, width);
    }
}
