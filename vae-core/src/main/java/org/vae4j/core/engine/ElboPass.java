package org.vae4j.core.engine;

import java.util.List;

import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.distribution.ConditionalReconstructionDistribution;
import org.vae4j.core.backend.Gemm;
import org.vae4j.core.model.VaeForward;
import org.vae4j.core.model.VaeParameters;
import org.vae4j.core.model.VaeParameters.Affine;

/**
 * The forward and backward pass of the ELBO for one block of minibatch rows, on its own buffers,
 * writing parameter gradients into the views it is given. {@link FusedElboGradient} runs one per
 * part of the minibatch, in parallel, each on one core. Not thread-safe; one thread at a time.
 */
final class ElboPass implements AutoCloseable {

    private final DataType type;
    private final int[] encoderSizes;
    private final int[] decoderSizes;
    private final int inputSize;
    private final int conditionSize;
    private final int latentSize;
    private final int distributionInputSize;
    private final HiddenActivation hidden;
    private final LatentTerms latent;
    private final ReconstructionTerm reconstruction;
    private final VaeForward forward;
    private final java.util.Map<Long, ElboBuffers> buffersByRows = new java.util.HashMap<>();
    private ElboBuffers b;
    private INDArray x;
    /** The columns of x that p(x|z) scores: x itself, or a conditional VAE's data columns. */
    private INDArray target;
    private double klSum;
    private double reconstructionSum;

    ElboPass(org.deeplearning4j.nn.layers.variational.VariationalAutoencoder layer, HiddenActivation hidden,
             LatentTerms latent) {
        var conf = (org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder) layer.conf().getLayer();
        ReconstructionDistribution distribution = conf.getOutputDistribution();
        this.type = layer.params().dataType();
        this.encoderSizes = conf.getEncoderLayerSizes();
        this.decoderSizes = conf.getDecoderLayerSizes();
        this.inputSize = (int) conf.getNIn();
        this.conditionSize = ConditionalReconstructionDistribution.conditionSizeOf(distribution);
        this.latentSize = (int) conf.getNOut();
        this.distributionInputSize = distribution.distributionInputSize(inputSize);
        this.hidden = hidden;
        this.latent = latent;
        this.reconstruction = ReconstructionTerm.of(ConditionalReconstructionDistribution.dataDistribution(distribution));
        this.forward = new VaeForward(layer, activation -> {
            hidden.forward(b.layerOf(activation));
            return activation;
        });
    }

    /** KL(q(z|x) || p(z)) per latent dimension, summed over this block's rows, after {@link #forward}. */
    double[] klPerDimension() {
        return b.klPerDimension;
    }

    /** This block's sum over rows of -log p(x|z) + KL, in nats, after {@link #forward}. */
    double negativeElboSum() {
        return reconstructionSum + klSum;
    }

    /** Both passes' start: this block's buffers, a contiguous x, the encoder, and the block's noise. */
    private void encode(INDArray rows, INDArray noise, VaeParameters params) {
        long n = rows.rows();
        b = buffersByRows.computeIfAbsent(n, r -> new ElboBuffers(type, r, encoderSizes, decoderSizes, latentSize,
                inputSize, conditionSize, distributionInputSize));
        x = rows;
        if (x.ordering() != 'c' || x.elementWiseStride() != 1 || x.dataType() != type) {
            // Strided views (e.g. a column slice) would make every op on x take ND4J's slow path.
            x = b.input.assign(x);
        }
        target = x;
        if (conditionSize > 0) {
            int dataColumns = inputSize - conditionSize;
            target = b.data.assign(x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, dataColumns)));
            b.condition.assign(x.get(NDArrayIndex.all(), NDArrayIndex.interval(dataColumns, inputSize)));
        }
        forward.encode(x, params, b);
        b.noise.assign(noise);
    }

    /**
     * Encoder, reparametrised sample from {@code noise} (this block's rows of the minibatch's
     * standard normal draw), decoder, -log p(x|z) and its gradient dL/d(pre-output) scaled by
     * {@code gradientScale}.
     */
    void forward(INDArray rows, INDArray noise, VaeParameters params, double gradientScale) {
        encode(rows, noise, params);
        klSum = latent.forward(b);
        forward.decoderPreOutput(b.z, params, b);
        reconstructionSum = reconstruction.negLogProbabilitySumAndGradient(target, gradientScale, b);
    }

    /**
     * The importance-weighted bound's forward pass over this block's rows, which hold
     * {@code samples} consecutive replicas of each example: per row log w = log p(x|z) + log p(z)
     * - log q(z|x) (sample-based, not the analytic KL), per example the normalised weights
     * w_i / sum_j w_j and the bound log (1/k) sum_i w_i (Burda et al. 2015, eq. 8). The returned
     * and stored sum is -(sum over the block's examples of the bound), in nats.
     */
    void forwardImportanceWeighted(INDArray rows, INDArray noise, VaeParameters params, int samples) {
        long n = rows.rows();
        encode(rows, noise, params);
        latent.forwardImportanceWeighted(b, b.rowLogWeight);
        forward.decoderPreOutput(b.z, params, b);
        reconstruction.negLogProbabilityPerRowAndGradient(target, b, b.rowNegLogLikelihood);
        double negativeBound = 0;
        int examples = (int) (n / samples);
        for (int e = 0; e < examples; e++) {
            int first = e * samples;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = first; i < first + samples; i++) {
                b.rowLogWeight[i] -= b.rowNegLogLikelihood[i];
                max = Math.max(max, b.rowLogWeight[i]);
            }
            double sum = 0;
            for (int i = first; i < first + samples; i++) {
                b.rowScale[i] = Math.exp(b.rowLogWeight[i] - max);
                sum += b.rowScale[i];
            }
            for (int i = first; i < first + samples; i++) {
                b.rowScale[i] /= sum;   // normalised weight; scaled by 1 / examples in the backward pass
            }
            negativeBound -= max + Math.log(sum / samples);
        }
        klSum = 0;
        reconstructionSum = negativeBound;
    }

    /**
     * The backward pass after {@link #forwardImportanceWeighted}: the gradient of the minibatch's
     * mean negative bound, sum_i (w_i / sum_j w_j) grad(-log w_i) per example, averaged over the
     * {@code minibatchExamples} examples of the whole minibatch, into {@code grads}.
     */
    void backwardImportanceWeighted(long minibatchExamples, VaeParameters params, GradientViews grads) {
        int n = b.rowScale.length;
        double perExample = 1.0 / minibatchExamples;
        for (int i = 0; i < n; i++) {
            b.rowScale[i] *= perExample;
        }
        DirectArray gradient = b.distributionGradientView;
        int width = gradient.length / n;
        for (int r = 0; r < n; r++) {
            double s = b.rowScale[r];
            for (int i = r * width, end = i + width; i < end; i++) {
                gradient.set(i, gradient.get(i) * s);
            }
        }
        backwardThroughDecoder(params, grads);
        latent.backwardImportanceWeighted(b, b.rowScale);
        backwardThroughEncoder(params, grads);
    }

    /**
     * The backward pass after {@link #forward}: parameter gradients (scaled like the forward's
     * dL/d(pre-output)) into {@code grads}. The KL weights of free bits come from the whole
     * minibatch's KL per dimension.
     */
    void backward(long iteration, double[] minibatchKlPerDimension, long minibatchRows, double gradientScale,
                  VaeParameters params, GradientViews grads) {
        backwardThroughDecoder(params, grads);
        // Through the reparametrisation and the (weighted) KL term into the two heads.
        latent.backward(b, iteration, minibatchKlPerDimension, minibatchRows, gradientScale);
        backwardThroughEncoder(params, grads);
    }

    /** p(x|z) -> decoder -> z: from the (scaled) dL/d(pre-output) to dL/dz in {@code b.dLdz}. */
    private void backwardThroughDecoder(VaeParameters params, GradientViews grads) {
        INDArray delta = b.distributionGradient;
        int lastDecoder = decoderSizes.length - 1;
        INDArray lastDecoderOut = lastDecoder >= 0 ? b.decoder[lastDecoder].activation : b.z;
        backwardLayer(delta, lastDecoderOut, params.output(), grads.output,
                lastDecoder >= 0 ? b.decoder[lastDecoder].epsilon : b.dLdz);
        for (int i = lastDecoder; i >= 0; i--) {
            delta = hidden.backprop(b.decoder[i]);
            INDArray in = i == 0 ? b.z : b.decoder[i - 1].activation;
            backwardLayer(delta, in, params.decoder().get(i), grads.decoder.get(i),
                    i == 0 ? b.dLdz : b.decoder[i - 1].epsilon);
        }
    }

    /** q(z|x) -> encoder, from dL/dmean and dL/dlogVariance. Both heads feed the last encoder layer. */
    private void backwardThroughEncoder(VaeParameters params, GradientViews grads) {
        INDArray delta;
        ElboBuffers.HiddenLayerBuffers lastEncoder = b.encoder[encoderSizes.length - 1];
        backwardLayer(b.dLdMean, lastEncoder.activation, params.mean(), grads.mean, lastEncoder.epsilon);
        Gemm.gemm(lastEncoder.activation, b.dLdLogVariance, grads.logVariance.weights(), true, false, 1.0, 0.0);
        columnSums(b.dLdLogVariance, grads.logVariance.biasRow());
        Gemm.gemm(b.dLdLogVariance, params.logVariance().weights(), lastEncoder.epsilon, false, true, 1.0, 1.0);
        for (int i = encoderSizes.length - 1; i >= 0; i--) {
            delta = hidden.backprop(b.encoder[i]);
            INDArray in = i == 0 ? x : b.encoder[i - 1].activation;
            // The input's own gradient is never needed: skip that GEMM (DL4J computes it).
            backwardLayer(delta, in, params.encoder().get(i), grads.encoder.get(i),
                    i == 0 ? null : b.encoder[i - 1].epsilon);
        }
    }

    /**
     * Weight and bias gradients of one affine layer out = in W + b from {@code delta} = dL/d(out),
     * and dL/d(in) written to {@code epsilonOut} (skipped when null).
     */
    private void backwardLayer(INDArray delta, INDArray in, Affine layer, GradientViews.Layer grad,
                               INDArray epsilonOut) {
        Gemm.gemm(in, delta, grad.weights(), true, false, 1.0, 0.0);
        columnSums(delta, grad.biasRow());
        if (epsilonOut != null) {
            Gemm.gemm(delta, layer.weights(), epsilonOut, false, true, 1.0, 0.0);
        }
    }

    /** {@code out} [1, n] = the sums of {@code delta}'s columns, as the GEMM ones^T delta. */
    private void columnSums(INDArray delta, INDArray out) {
        Gemm.gemm(b.onesColumn, delta, out, true, false, 1.0, 0.0);
    }

    @Override
    public void close() {
        buffersByRows.values().forEach(ElboBuffers::close);
        buffersByRows.clear();
        b = null;
    }

    /** Gradient views by role, with the bias rows made once (GEMM outputs must be matrices). */
    static final class GradientViews {
        record Layer(INDArray weights, INDArray biasRow) {
            Layer(Affine views) {
                this(views.weights(), views.biasRow());
            }
        }

        final VaeParameters views;
        final List<Layer> encoder;
        final List<Layer> decoder;
        final Layer mean;
        final Layer logVariance;
        final Layer output;

        GradientViews(VaeParameters views) {
            this.views = views;
            encoder = views.encoder().stream().map(Layer::new).toList();
            decoder = views.decoder().stream().map(Layer::new).toList();
            mean = new Layer(views.mean());
            logVariance = new Layer(views.logVariance());
            output = new Layer(views.output());
        }
    }
}
