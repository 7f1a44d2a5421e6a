package org.vae4j.core.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.params.VariationalAutoencoderParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.KlObjective;

/**
 * vae4j's ELBO gradient engine for DL4J's VariationalAutoencoder layer (MLP encoder and decoder,
 * any {@link ReconstructionDistribution}). It computes what DL4J's
 * {@code computeGradientAndScore} computes, on the same noise, with these differences:
 * <ul>
 *   <li>activations live in buffers allocated once per minibatch size ({@link ElboBuffers});</li>
 *   <li>every GEMM writes into an existing array ({@code Nd4j.gemm}), weight gradients straight
 *       into the layer's gradient views;</li>
 *   <li>the gradient with respect to the input (DL4J's last encoder GEMM, as large as the first
 *       layer's weight GEMM) is not computed: nothing uses it;</li>
 *   <li>the KL term can be weighted (beta, warm-up) and floored per dimension (free bits), see
 *       {@link KlObjective};</li>
 *   <li>small [rows, latent] arithmetic and the hidden layers' derivatives run as Java loops over
 *       the buffers ({@link LatentTerms}, {@link HiddenActivation}), column sums as GEMMs with a
 *       ones vector, and a Bernoulli likelihood in closed form ({@link ReconstructionTerm}).</li>
 * </ul>
 * Gradients are means over the minibatch rows (see {@link ElboGradient}). Not thread-safe.
 */
public final class FusedElboGradient implements ElboGradient {

    private final VariationalAutoencoder layer;
    private final ReconstructionDistribution distribution;
    private final ReconstructionTerm reconstruction;
    private final HiddenActivation hidden;
    private final KlObjective objective;
    private final LatentTerms latent;
    private final int[] encoderSizes;
    private final int[] decoderSizes;
    private final int inputSize;
    private final int latentSize;
    private final int distributionInputSize;
    private final Map<Long, ElboBuffers> buffersByRows = new HashMap<>();

    private INDArray paramsSeen;
    private INDArray gradientsSeen;
    private LayerArrays params;
    private LayerArrays grads;
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
        this.objective = objective;
        var conf = conf(layer);
        this.distribution = conf.getOutputDistribution();
        this.reconstruction = ReconstructionTerm.of(distribution);
        this.hidden = new HiddenActivation(conf.getActivationFn());
        this.encoderSizes = conf.getEncoderLayerSizes();
        this.decoderSizes = conf.getDecoderLayerSizes();
        this.inputSize = (int) conf.getNIn();
        this.latentSize = (int) conf.getNOut();
        this.latent = new LatentTerms(objective, latentSize);
        this.distributionInputSize = distribution.distributionInputSize(inputSize);
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
        // The updater consumes the minibatch mean (DL4J's divides the layer's sum by the minibatch
        // size): scaling dL/d(pre-output) once here saves a pass over every parameter.
        double scale = 1.0 / rows;

        if (x.ordering() != 'c' || x.elementWiseStride() != 1 || x.dataType() != b.input.dataType()) {
            // Strided views (e.g. a column slice) would make every op on x take ND4J's slow path.
            x = b.input.assign(x);
        }

        // Encoder and q(z|x).
        INDArray current = x;
        for (int i = 0; i < encoderSizes.length; i++) {
            affine(current, params.encoderW.get(i), params.encoderB.get(i), b.encoder[i].pre);
            hidden.forward(b.encoder[i]);
            current = b.encoder[i].activation;
        }
        affine(current, params.meanW, params.meanB, b.mean);
        affine(current, params.logVarW, params.logVarB, b.logVariance);

        // Same draw, from the same generator state, as DL4J's layer makes at this point.
        Nd4j.randn(b.noise);
        double klSum = latent.forward(b);

        // Decoder and p(x|z).
        current = b.z;
        for (int i = 0; i < decoderSizes.length; i++) {
            affine(current, params.decoderW.get(i), params.decoderB.get(i), b.decoder[i].pre);
            hidden.forward(b.decoder[i]);
            current = b.decoder[i].activation;
        }
        affine(current, params.outputW, params.outputB, b.distributionPre);
        double negativeElbo = (reconstruction.negLogProbabilitySumAndGradient(x, scale, b) + klSum) / rows;

        // Backward: p(x|z) -> decoder -> z.
        INDArray delta = b.distributionGradient;
        int lastDecoder = decoderSizes.length - 1;
        backwardLayer(b, delta, current, params.outputW, grads.outputW, grads.outputBRow,
                lastDecoder >= 0 ? b.decoder[lastDecoder].epsilon : b.dLdz);
        for (int i = lastDecoder; i >= 0; i--) {
            delta = hidden.backprop(b.decoder[i]);
            INDArray in = i == 0 ? b.z : b.decoder[i - 1].activation;
            backwardLayer(b, delta, in, params.decoderW.get(i), grads.decoderW.get(i), grads.decoderBRow.get(i),
                    i == 0 ? b.dLdz : b.decoder[i - 1].epsilon);
        }

        // Through the reparametrisation and the (weighted) KL term into the two heads.
        latent.backward(b, iteration, rows, scale);

        // q(z|x) -> encoder. Both heads feed the last encoder layer: its epsilon is the sum.
        ElboBuffers.HiddenLayerBuffers lastEncoder = b.encoder[encoderSizes.length - 1];
        Nd4j.gemm(lastEncoder.activation, b.dLdMean, grads.meanW, true, false, 1.0, 0.0);
        columnSums(b, b.dLdMean, grads.meanBRow);
        Nd4j.gemm(lastEncoder.activation, b.dLdLogVariance, grads.logVarW, true, false, 1.0, 0.0);
        columnSums(b, b.dLdLogVariance, grads.logVarBRow);
        Nd4j.gemm(b.dLdMean, params.meanW, lastEncoder.epsilon, false, true, 1.0, 0.0);
        Nd4j.gemm(b.dLdLogVariance, params.logVarW, lastEncoder.epsilon, false, true, 1.0, 1.0);
        for (int i = encoderSizes.length - 1; i >= 0; i--) {
            delta = hidden.backprop(b.encoder[i]);
            INDArray in = i == 0 ? x : b.encoder[i - 1].activation;
            // The input's own gradient is never needed: skip that GEMM (DL4J computes it).
            backwardLayer(b, delta, in, params.encoderW.get(i), grads.encoderW.get(i), grads.encoderBRow.get(i),
                    i == 0 ? null : b.encoder[i - 1].epsilon);
        }
        return negativeElbo;
    }

    /**
     * Weight and bias gradients of one affine layer out = in W + b from {@code delta} = dL/d(out),
     * and dL/d(in) written to {@code epsilonOut} (skipped when null).
     */
    private static void backwardLayer(ElboBuffers b, INDArray delta, INDArray in, INDArray w, INDArray gradW,
                                      INDArray gradBRow, INDArray epsilonOut) {
        Nd4j.gemm(in, delta, gradW, true, false, 1.0, 0.0);
        columnSums(b, delta, gradBRow);
        if (epsilonOut != null) {
            Nd4j.gemm(delta, w, epsilonOut, false, true, 1.0, 0.0);
        }
    }

    /** {@code out} [1, n] = the sums of {@code delta}'s columns, as the GEMM ones^T delta. */
    private static void columnSums(ElboBuffers b, INDArray delta, INDArray out) {
        Nd4j.gemm(b.onesColumn, delta, out, true, false, 1.0, 0.0);
    }

    private static void affine(INDArray in, INDArray w, INDArray bias, INDArray out) {
        Nd4j.gemm(in, w, out, false, false, 1.0, 0.0);
        out.addiRowVector(bias);
    }

    /** Re-reads the parameter and gradient views when the layer's flattened arrays were replaced. */
    private void refreshViews() {
        INDArray currentParams = layer.params();
        INDArray currentGradients = layer.getGradientsViewArray();
        if (currentGradients == null) {
            throw new IllegalStateException("The layer has no gradient view: call initGradientsView() on its network");
        }
        if (currentParams != paramsSeen) {
            params = new LayerArrays(layer.paramTable(), encoderSizes.length, decoderSizes.length);
            paramsSeen = currentParams;
        }
        if (currentGradients != gradientsSeen) {
            Map<String, INDArray> views = VariationalAutoencoderParamInitializer.getInstance()
                    .getGradientsFromFlattened(layer.conf(), currentGradients);
            grads = new LayerArrays(views, encoderSizes.length, decoderSizes.length);
            gradient = new DefaultGradient(currentGradients);
            views.forEach(gradient::setGradientFor);
            gradientsSeen = currentGradients;
        }
    }

    @Override
    public Gradient gradient() {
        return gradient;
    }

    /** The layer's parameter (or gradient) arrays by role, looked up once. */
    private static final class LayerArrays {
        final List<INDArray> encoderW;
        final List<INDArray> encoderB;
        final List<INDArray> decoderW;
        final List<INDArray> decoderB;
        final INDArray meanW;
        final INDArray meanB;
        final INDArray logVarW;
        final INDArray logVarB;
        final INDArray outputW;
        final INDArray outputB;
        /** The biases as [1, n] views of the same memory: GEMM outputs must be matrices. */
        final List<INDArray> encoderBRow;
        final List<INDArray> decoderBRow;
        final INDArray meanBRow;
        final INDArray logVarBRow;
        final INDArray outputBRow;

        LayerArrays(Map<String, INDArray> table, int encoderLayers, int decoderLayers) {
            encoderW = layerList(table, "e", "W", encoderLayers);
            encoderB = layerList(table, "e", "b", encoderLayers);
            decoderW = layerList(table, "d", "W", decoderLayers);
            decoderB = layerList(table, "d", "b", decoderLayers);
            meanW = table.get(VariationalAutoencoderParamInitializer.PZX_MEAN_W);
            meanB = table.get(VariationalAutoencoderParamInitializer.PZX_MEAN_B);
            logVarW = table.get(VariationalAutoencoderParamInitializer.PZX_LOGSTD2_W);
            logVarB = table.get(VariationalAutoencoderParamInitializer.PZX_LOGSTD2_B);
            outputW = table.get(VariationalAutoencoderParamInitializer.PXZ_W);
            outputB = table.get(VariationalAutoencoderParamInitializer.PXZ_B);
            encoderBRow = encoderB.stream().map(LayerArrays::row).toList();
            decoderBRow = decoderB.stream().map(LayerArrays::row).toList();
            meanBRow = row(meanB);
            logVarBRow = row(logVarB);
            outputBRow = row(outputB);
        }

        private static INDArray row(INDArray bias) {
            INDArray row = bias.reshape(1, bias.length());
            if (row.data().pointer().address() != bias.data().pointer().address() || row.offset() != bias.offset()) {
                throw new IllegalStateException("bias view " + bias.shapeInfoToString() + " is not reshapeable in place");
            }
            return row;
        }

        private static List<INDArray> layerList(Map<String, INDArray> table, String prefix, String suffix, int n) {
            INDArray[] arrays = new INDArray[n];
            for (int i = 0; i < n; i++) {
                arrays[i] = table.get(prefix + i + suffix);
            }
            return List.of(arrays);
        }
    }
}
