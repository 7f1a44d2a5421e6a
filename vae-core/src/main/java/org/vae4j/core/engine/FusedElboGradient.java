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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
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
 *       {@link KlObjective}.</li>
 * </ul>
 * Gradients are sums over the minibatch rows, like DL4J's. Not thread-safe.
 */
public final class FusedElboGradient implements ElboGradient {

    private final VariationalAutoencoder layer;
    private final ReconstructionDistribution distribution;
    private final ReconstructionTerm reconstruction;
    private final HiddenActivation hidden;
    private final KlObjective objective;
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

        if (x.ordering() != 'c' || x.elementWiseStride() != 1 || x.dataType() != b.input.dataType()) {
            // Strided views (e.g. a column slice) would make every op on x take ND4J's slow path.
            x = b.input.assign(x);
        }

        // Encoder and q(z|x).
        INDArray current = x;
        for (int i = 0; i < encoderSizes.length; i++) {
            affine(current, params.encoderW.get(i), params.encoderB.get(i), b.encoderPre[i]);
            hidden.forward(b.encoderPre[i], b.encoderAct[i]);
            current = b.encoderAct[i];
        }
        affine(current, params.meanW, params.meanB, b.mean);
        affine(current, params.logVarW, params.logVarB, b.logVariance);

        // Same draw, from the same generator state, as DL4J's layer makes at this point.
        Nd4j.randn(b.noise);

        b.variance.assign(b.logVariance);
        Transforms.exp(b.variance, false);
        b.sigma.assign(b.variance);
        Transforms.sqrt(b.sigma, false);
        b.z.assign(b.sigma).muli(b.noise).addi(b.mean);

        // Decoder and p(x|z).
        current = b.z;
        for (int i = 0; i < decoderSizes.length; i++) {
            affine(current, params.decoderW.get(i), params.decoderB.get(i), b.decoderPre[i]);
            hidden.forward(b.decoderPre[i], b.decoderAct[i]);
            current = b.decoderAct[i];
        }
        affine(current, params.outputW, params.outputB, b.distributionPre);

        // KL(q(z|x) || N(0, I)) per example and dimension: (mu^2 + sigma^2 - 1 - log sigma^2) / 2.
        b.kl.assign(b.mean).muli(b.mean).addi(b.variance).subi(b.logVariance).subi(1.0).muli(0.5);
        double klSum = b.kl.sumNumber().doubleValue();
        double negativeElbo = (reconstruction.negLogProbabilitySum(x, b.distributionPre, b.distributionScratch)
                + klSum) / rows;

        // Backward: p(x|z) -> decoder -> z.
        INDArray delta = reconstruction.gradient(x, b.distributionPre, b.distributionScratch);
        INDArray epsilon = backwardLayer(delta, current, params.outputW, grads.outputW, grads.outputB,
                decoderSizes.length > 0 ? b.decoderEps[decoderSizes.length - 1] : b.dLdz);
        for (int i = decoderSizes.length - 1; i >= 0; i--) {
            delta = hidden.backprop(b.decoderPre[i], epsilon);
            INDArray in = i == 0 ? b.z : b.decoderAct[i - 1];
            epsilon = backwardLayer(delta, in, params.decoderW.get(i), grads.decoderW.get(i), grads.decoderB.get(i),
                    i == 0 ? b.dLdz : b.decoderEps[i - 1]);
        }

        // Through the reparametrisation z = mu + sigma * noise, plus the (weighted) KL term:
        // dL/dmu = dL/dz + w mu;  dL/dlogVar = dL/dz * noise * sigma / 2 + w (sigma^2 - 1) / 2.
        INDArray klWeights = klWeights(b, iteration, rows);
        double klWeight = objective.klWeight(iteration);
        b.dLdMean.assign(b.mean);
        b.dLdLogVariance.assign(b.variance).subi(1.0).muli(0.5);
        if (klWeights != null) {
            b.dLdMean.muliRowVector(klWeights);
            b.dLdLogVariance.muliRowVector(klWeights);
        } else if (klWeight != 1.0) {
            b.dLdMean.muli(klWeight);
            b.dLdLogVariance.muli(klWeight);
        }
        b.dLdMean.addi(b.dLdz);
        b.dLdz.muli(b.noise).muli(b.sigma).muli(0.5);
        b.dLdLogVariance.addi(b.dLdz);

        // q(z|x) -> encoder. Both heads feed the last encoder layer: its epsilon is the sum.
        INDArray lastEncoder = b.encoderAct[encoderSizes.length - 1];
        INDArray encoderEps = b.encoderEps[encoderSizes.length - 1];
        Nd4j.gemm(lastEncoder, b.dLdMean, grads.meanW, true, false, 1.0, 0.0);
        b.dLdMean.sum(grads.meanB, 0);
        Nd4j.gemm(lastEncoder, b.dLdLogVariance, grads.logVarW, true, false, 1.0, 0.0);
        b.dLdLogVariance.sum(grads.logVarB, 0);
        Nd4j.gemm(b.dLdMean, params.meanW, encoderEps, false, true, 1.0, 0.0);
        Nd4j.gemm(b.dLdLogVariance, params.logVarW, encoderEps, false, true, 1.0, 1.0);
        epsilon = encoderEps;
        for (int i = encoderSizes.length - 1; i >= 0; i--) {
            delta = hidden.backprop(b.encoderPre[i], epsilon);
            INDArray in = i == 0 ? x : b.encoderAct[i - 1];
            // The input's own gradient is never needed: skip that GEMM (DL4J computes it).
            epsilon = backwardLayer(delta, in, params.encoderW.get(i), grads.encoderW.get(i), grads.encoderB.get(i),
                    i == 0 ? null : b.encoderEps[i - 1]);
        }
        return negativeElbo;
    }

    /**
     * Per-dimension KL weights under free bits (null without free bits): the KL weight where the
     * dimension's minibatch-mean KL is at least the floor, 0 where max(floor, KL_j) is flat.
     */
    private INDArray klWeights(ElboBuffers b, long iteration, long rows) {
        if (objective.freeBitsNats() == 0) {
            return null;
        }
        double weight = objective.klWeight(iteration);
        double[] perDimensionSum = b.kl.sum(0).castTo(DataType.DOUBLE).toDoubleVector();
        for (int j = 0; j < latentSize; j++) {
            boolean active = perDimensionSum[j] / rows >= objective.freeBitsNats();
            b.klWeights.putScalar(j, active ? weight : 0.0);
        }
        return b.klWeights;
    }

    /**
     * Weight and bias gradients of one affine layer out = in W + b from {@code delta} = dL/d(out),
     * and dL/d(in) written to {@code epsilonOut} (skipped when null). Returns {@code epsilonOut}.
     */
    private static INDArray backwardLayer(INDArray delta, INDArray in, INDArray w, INDArray gradW, INDArray gradB,
                                          INDArray epsilonOut) {
        Nd4j.gemm(in, delta, gradW, true, false, 1.0, 0.0);
        delta.sum(gradB, 0);
        if (epsilonOut != null) {
            Nd4j.gemm(delta, w, epsilonOut, false, true, 1.0, 0.0);
        }
        return epsilonOut;
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
