package org.vae4j.core.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.variational.VariationalAutoencoder;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.KlObjective;
import org.vae4j.core.model.VaeForward;
import org.vae4j.core.model.VaeParameters;
import org.vae4j.core.model.VaeParameters.Affine;

/**
 * vae4j's ELBO gradient engine for DL4J's VariationalAutoencoder layer (MLP encoder and decoder,
 * any {@link ReconstructionDistribution}). It computes what DL4J's
 * {@code computeGradientAndScore} computes, on the same noise, with these differences:
 * <ul>
 *   <li>the forward pass is {@link VaeForward}'s, into buffers allocated once per minibatch size
 *       ({@link ElboBuffers});</li>
 *   <li>every GEMM writes into an existing array ({@code Nd4j.gemm}), weight gradients straight
 *       into the layer's gradient views ({@link VaeParameters#gradientsOf});</li>
 *   <li>the gradient with respect to the input (DL4J's last encoder GEMM, as large as the first
 *       layer's weight GEMM) is not computed: nothing uses it;</li>
 *   <li>the KL term can be weighted (beta, warm-up) and floored per dimension (free bits), see
 *       {@link KlObjective};</li>
 *   <li>small [rows, latent] arithmetic and the hidden layers' derivatives run as Java loops over
 *       the buffers ({@link LatentTerms}, {@link HiddenActivation}), column sums as GEMMs with a
 *       ones vector, and the logit-Bernoulli likelihood in closed form ({@link ReconstructionTerm}).</li>
 * </ul>
 * Gradients are means over the minibatch rows (see {@link ElboGradient}). Not thread-safe. Owns
 * its buffers' native memory: {@link #close()} frees it.
 */
public final class FusedElboGradient implements ElboGradient {

    private final VariationalAutoencoder layer;
    private final ReconstructionTerm reconstruction;
    private final HiddenActivation hidden;
    private final LatentTerms latent;
    private final int[] encoderSizes;
    private final int[] decoderSizes;
    private final int inputSize;
    private final int latentSize;
    private final int distributionInputSize;
    private final Map<Long, ElboBuffers> buffersByRows = new HashMap<>();
    private ElboBuffers current;
    private final VaeForward forward;

    private INDArray paramsSeen;
    private INDArray gradientsSeen;
    private VaeParameters params;
    private GradientViews grads;
    private Gradient gradient;

    /**
     * @throws UnsupportedOperationException when the layer uses something this engine does not
     *     compute (see {@link #unsupportedReason(VariationalAutoencoder)})
     */
    public FusedElboGradient(VariationalAutoencoder layer, KlObjective objective) {
        String reason = unsupportedReason(layer);
        if (reason != null) {
            throw new UnsupportedOperationException("vae4j engine: " + reason);
        }
        this.layer = layer;
        var conf = conf(layer);
        ReconstructionDistribution distribution = conf.getOutputDistribution();
        this.reconstruction = ReconstructionTerm.of(distribution);
        this.hidden = new HiddenActivation(conf.getActivationFn());
        this.encoderSizes = conf.getEncoderLayerSizes();
        this.decoderSizes = conf.getDecoderLayerSizes();
        this.inputSize = (int) conf.getNIn();
        this.latentSize = (int) conf.getNOut();
        this.latent = new LatentTerms(objective, latentSize);
        this.distributionInputSize = distribution.distributionInputSize(inputSize);
        this.forward = new VaeForward(layer, activation -> {
            hidden.forward(current.layerOf(activation));
            return activation;
        });
    }

    /**
     * Null when this engine computes the layer's gradient exactly, else why not: it needs an
     * identity activation on q(z|x)'s parameters, one sample per example in the layer
     * (vae4j replicates the minibatch instead), and no dropout or weight noise.
     */
    public static String unsupportedReason(VariationalAutoencoder layer) {
        var conf = conf(layer);
        if (!(conf.getPzxActivationFn() instanceof ActivationIdentity)) {
            return "pzxActivationFunction must be IDENTITY, got " + conf.getPzxActivationFn();
        }
        if (conf.getNumSamples() != 1) {
            return "numSamples must be 1 (vae4j replicates the minibatch), got " + conf.getNumSamples();
        }
        if (conf.getIDropout() != null) {
            return "dropout is not supported";
        }
        if (conf.getWeightNoise() != null) {
            return "weight noise is not supported";
        }
        return null;
    }

    private static org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder conf(
            VariationalAutoencoder layer) {
        return (org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder) layer.conf().getLayer();
    }

    @Override
    public double computeGradient(INDArray x, long iteration) {
        refreshViews();
        long rows = x.rows();
        ElboBuffers b = buffersByRows.computeIfAbsent(rows, r -> new ElboBuffers(
                layer.params().dataType(), r, encoderSizes, decoderSizes, latentSize, inputSize, distributionInputSize));
        current = b;
        // The updater consumes the minibatch mean (DL4J's divides the layer's sum by the minibatch
        // size): scaling dL/d(pre-output) once here saves a pass over every parameter.
        double scale = 1.0 / rows;

        if (x.ordering() != 'c' || x.elementWiseStride() != 1 || x.dataType() != b.input.dataType()) {
            // Strided views (e.g. a column slice) would make every op on x take ND4J's slow path.
            x = b.input.assign(x);
        }

        forward.encode(x, params, b);
        // Same draw, from the same generator state, as DL4J's layer makes at this point.
        Nd4j.randn(b.noise);
        double klSum = latent.forward(b);
        forward.decoderPreOutput(b.z, params, b);
        double negativeElbo = (reconstruction.negLogProbabilitySumAndGradient(x, scale, b) + klSum) / rows;

        // Backward: p(x|z) -> decoder -> z.
        INDArray delta = b.distributionGradient;
        int lastDecoder = decoderSizes.length - 1;
        INDArray lastDecoderOut = lastDecoder >= 0 ? b.decoder[lastDecoder].activation : b.z;
        backwardLayer(b, delta, lastDecoderOut, params.output(), grads.output,
                lastDecoder >= 0 ? b.decoder[lastDecoder].epsilon : b.dLdz);
        for (int i = lastDecoder; i >= 0; i--) {
            delta = hidden.backprop(b.decoder[i]);
            INDArray in = i == 0 ? b.z : b.decoder[i - 1].activation;
            backwardLayer(b, delta, in, params.decoder().get(i), grads.decoder.get(i),
                    i == 0 ? b.dLdz : b.decoder[i - 1].epsilon);
        }

        // Through the reparametrisation and the (weighted) KL term into the two heads.
        latent.backward(b, iteration, rows, scale);

        // q(z|x) -> encoder. Both heads feed the last encoder layer: its epsilon is the sum.
        ElboBuffers.HiddenLayerBuffers lastEncoder = b.encoder[encoderSizes.length - 1];
        backwardLayer(b, b.dLdMean, lastEncoder.activation, params.mean(), grads.mean, lastEncoder.epsilon);
        Nd4j.gemm(lastEncoder.activation, b.dLdLogVariance, grads.logVariance.weights, true, false, 1.0, 0.0);
        columnSums(b, b.dLdLogVariance, grads.logVariance.biasRow);
        Nd4j.gemm(b.dLdLogVariance, params.logVariance().weights(), lastEncoder.epsilon, false, true, 1.0, 1.0);
        for (int i = encoderSizes.length - 1; i >= 0; i--) {
            delta = hidden.backprop(b.encoder[i]);
            INDArray in = i == 0 ? x : b.encoder[i - 1].activation;
            // The input's own gradient is never needed: skip that GEMM (DL4J computes it).
            backwardLayer(b, delta, in, params.encoder().get(i), grads.encoder.get(i),
                    i == 0 ? null : b.encoder[i - 1].epsilon);
        }
        return negativeElbo;
    }

    /**
     * Weight and bias gradients of one affine layer out = in W + b from {@code delta} = dL/d(out),
     * and dL/d(in) written to {@code epsilonOut} (skipped when null).
     */
    private static void backwardLayer(ElboBuffers b, INDArray delta, INDArray in, Affine layer, LayerGradient grad,
                                      INDArray epsilonOut) {
        Nd4j.gemm(in, delta, grad.weights, true, false, 1.0, 0.0);
        columnSums(b, delta, grad.biasRow);
        if (epsilonOut != null) {
            Nd4j.gemm(delta, layer.weights(), epsilonOut, false, true, 1.0, 0.0);
        }
    }

    /** {@code out} [1, n] = the sums of {@code delta}'s columns, as the GEMM ones^T delta. */
    private static void columnSums(ElboBuffers b, INDArray delta, INDArray out) {
        Nd4j.gemm(b.onesColumn, delta, out, true, false, 1.0, 0.0);
    }

    /** Re-reads the parameter and gradient views when the layer's flattened arrays were replaced. */
    private void refreshViews() {
        INDArray currentParams = layer.params();
        INDArray currentGradients = layer.getGradientsViewArray();
        if (currentGradients == null) {
            throw new IllegalStateException("The layer has no gradient view: call initGradientsView() on its network");
        }
        if (currentParams != paramsSeen) {
            params = VaeParameters.of(layer);
            paramsSeen = currentParams;
        }
        if (currentGradients != gradientsSeen) {
            VaeParameters views = VaeParameters.gradientsOf(layer);
            grads = new GradientViews(views);
            gradient = new DefaultGradient(currentGradients);
            views.byKey().forEach(gradient::setGradientFor);
            gradientsSeen = currentGradients;
        }
    }

    @Override
    public Gradient gradient() {
        return gradient;
    }

    /** Frees every minibatch size's buffers. */
    @Override
    public void close() {
        buffersByRows.values().forEach(ElboBuffers::close);
        buffersByRows.clear();
        current = null;
    }

    /** A layer's weight-gradient view and its bias gradient as a [1, n] row (a GEMM output). */
    private record LayerGradient(INDArray weights, INDArray biasRow) {
        LayerGradient(Affine views) {
            this(views.weights(), views.biasRow());
        }
    }

    /** The gradient views by role, with the bias rows made once. */
    private static final class GradientViews {
        final List<LayerGradient> encoder;
        final List<LayerGradient> decoder;
        final LayerGradient mean;
        final LayerGradient logVariance;
        final LayerGradient output;

        GradientViews(VaeParameters views) {
            encoder = views.encoder().stream().map(LayerGradient::new).toList();
            decoder = views.decoder().stream().map(LayerGradient::new).toList();
            mean = new LayerGradient(views.mean());
            logVariance = new LayerGradient(views.logVariance());
            output = new LayerGradient(views.output());
        }
    }
}
