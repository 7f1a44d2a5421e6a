package org.vae4j.core.engine;

import java.util.HashMap;
import java.util.Map;

import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.variational.VariationalAutoencoder;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.SingleThreadedNativeOps;
import org.vae4j.core.Vae4jThreads;
import org.vae4j.core.backend.ArrayMemory;
import org.vae4j.core.backend.Gemm;
import org.vae4j.core.config.KlObjective;
import org.vae4j.core.distribution.ConditionalReconstructionDistribution;
import org.vae4j.core.distribution.LogitBernoulliKernel;
import org.vae4j.core.model.VaeForward;
import org.vae4j.core.model.VaeParameters;

/**
 * vae4j's ELBO gradient engine for DL4J's VariationalAutoencoder layer (MLP encoder and decoder,
 * any {@link ReconstructionDistribution}). It computes what DL4J's
 * {@code computeGradientAndScore} computes, on the same noise, with these differences:
 * <ul>
 *   <li>the minibatch is cut into parts that run in parallel on vae4j's threads
 *       ({@link Vae4jThreads}), each part's whole forward and backward pass on one core with
 *       single-threaded ND4J ops and GEMMs ({@link ElboPass}); the parts' parameter gradients are
 *       summed at the end. On 2 cores this beats splitting every op over both cores: the ~40 ops
 *       of a step each pay a hand-off between BLAS and OpenMP threads;</li>
 *   <li>the forward pass is {@link VaeForward}'s, into buffers allocated once per minibatch size
 *       ({@link ElboBuffers});</li>
 *   <li>every GEMM writes into an existing array ({@link org.vae4j.core.backend.Gemm}: the CPU backend's
 *       OpenBLAS called directly), weight gradients straight
 *       into the layer's gradient views ({@link VaeParameters#gradientsOf});</li>
 *   <li>the gradient with respect to the input (DL4J's last encoder GEMM, as large as the first
 *       layer's weight GEMM) is not computed: nothing uses it;</li>
 *   <li>the KL term can be weighted (beta, warm-up) and floored per dimension (free bits), see
 *       {@link KlObjective};</li>
 *   <li>small [rows, latent] arithmetic and the hidden layers' derivatives run as Java loops over
 *       the buffers ({@link LatentTerms}, {@link HiddenActivation}), column sums as GEMMs with a
 *       ones vector, and the logit-Bernoulli likelihood by vae4j's one kernel for it
 *       ({@link ReconstructionTerm}, {@link LogitBernoulliKernel}).</li>
 * </ul>
 * The noise is one {@code Nd4j.randn} of [rows, latent] per step, drawn before the parts split, so
 * the result does not depend on the number of parts beyond floating-point rounding. Gradients are
 * means over the minibatch rows (see {@link ElboGradient}). Not thread-safe. Owns its buffers'
 * native memory: {@link #close()} frees it.
 */
public final class FusedElboGradient implements ElboGradient {

    /**
     * Fewer rows than this per part make splitting slower than one pass whose GEMMs use ND4J's own
     * threads: the GEMMs dominate the step and run at the same ~90 GFLOP/s either way, while the
     * parts add a second pass over the gradient. Measured 2026-12-02 on 2 cores (hypervisor steal
     * 10-40%, so only the direction is solid), ms per step one part vs two parts of 50-64 rows:
     * bench/128 17.8/21.1 vs 19.8/19.7; kingma-welling/100 13.2/15.7 vs 19.3/20.1; iwae/100
     * 14.6/11.9 vs 14.3/20.4 (bench/engine-ab.sh). Minibatches of 512 rows and more still split.
     */
    static final int DEFAULT_MIN_ROWS_PER_PART = 256;

    private final VariationalAutoencoder layer;
    private final LatentTerms latent;
    private final int latentSize;
    /** k of the importance-weighted bound; 1 for the ELBO. */
    private final int iwaeSamples;
    private final ElboPass[] passes;
    private final int minRowsPerPart;
    /** The largest layer's inputs x outputs: with the rows, the size of the step's typical GEMM. */
    private final long largestLayerWeights;
    private final Map<Long, INDArray> noiseByRows = new HashMap<>();

    private INDArray paramsSeen;
    private INDArray gradientsSeen;
    private VaeParameters params;
    /** Part 0 writes the layer's gradient view; part p > 0 its own array, added to it at the end. */
    private ElboPass.GradientViews[] grads;
    private INDArray[] partGradients;
    private Gradient gradient;

    /**
     * @throws UnsupportedOperationException when the layer uses something this engine does not
     *     compute (see {@link #unsupportedReason(VariationalAutoencoder)})
     */
    public FusedElboGradient(VariationalAutoencoder layer, KlObjective objective) {
        this(layer, objective, 1);
    }

    /**
     * @param iwaeSamples k of the importance-weighted bound (Burda et al. 2015) to train; 1 is the
     *                    ELBO. With k > 1 every minibatch row must come k times in a row (the
     *                    trainer replicates the minibatch) and the KL objective must be standard.
     */
    public FusedElboGradient(VariationalAutoencoder layer, KlObjective objective, int iwaeSamples) {
        this(layer, objective, iwaeSamples, Vae4jThreads.threads(), Integer.getInteger("vae4j.engine.minRowsPerPart",
                DEFAULT_MIN_ROWS_PER_PART));
    }

    /**
     * @param maxParts        most parts a minibatch is cut into (1: everything on the calling thread)
     * @param minRowsPerPart  fewest rows a part may have
     */
    public FusedElboGradient(VariationalAutoencoder layer, KlObjective objective, int maxParts, int minRowsPerPart) {
        this(layer, objective, 1, maxParts, minRowsPerPart);
    }

    public FusedElboGradient(VariationalAutoencoder layer, KlObjective objective, int iwaeSamples, int maxParts,
                             int minRowsPerPart) {
        String reason = unsupportedReason(layer);
        if (reason != null) {
            throw new UnsupportedOperationException("vae4j engine: " + reason);
        }
        if (iwaeSamples < 1 || (iwaeSamples > 1 && !objective.isStandard())) {
            throw new IllegalArgumentException("iwaeSamples must be >= 1, and the KL objective standard when it is > 1; got "
                    + iwaeSamples + ", " + objective);
        }
        if (maxParts < 1 || minRowsPerPart < 1) {
            throw new IllegalArgumentException("maxParts and minRowsPerPart must be >= 1, got " + maxParts + ", "
                    + minRowsPerPart);
        }
        this.layer = layer;
        this.iwaeSamples = iwaeSamples;
        var conf = conf(layer);
        this.latentSize = (int) conf.getNOut();
        this.latent = new LatentTerms(objective, latentSize,
                ConditionalReconstructionDistribution.conditionSizeOf(conf.getOutputDistribution()));
        this.minRowsPerPart = minRowsPerPart;
        this.largestLayerWeights = VaeParameters.of(layer).largestLayerWeights();
        HiddenActivation hidden = new HiddenActivation(conf.getActivationFn());
        this.passes = new ElboPass[maxParts];
        for (int p = 0; p < maxParts; p++) {
            passes[p] = new ElboPass(layer, hidden, latent);
        }
    }

    /**
     * Null when this engine computes the layer's gradient exactly, else why not: it needs host
     * memory (it loops over ND4J arrays through host pointers: {@link ArrayMemory}), an identity
     * activation on q(z|x)'s parameters, one sample per example in the layer (vae4j replicates
     * the minibatch instead), and no dropout or weight noise.
     */
    public static String unsupportedReason(VariationalAutoencoder layer) {
        String memory = ArrayMemory.hostLoopsRefused();
        if (memory != null) {
            return memory;
        }
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
        // One BLAS thread for small GEMMs (a thread hand-off costs more), every one for large.
        Gemm.useThreadsFor(x.rows() * largestLayerWeights);
        if (iwaeSamples > 1) {
            return importanceWeightedGradient(x);
        }
        long rows = x.rows();
        int parts = (int) Math.max(1, Math.min(passes.length, rows / minRowsPerPart));
        // The updater consumes the minibatch mean (DL4J's divides the layer's sum by the minibatch
        // size): scaling dL/d(pre-output) once here saves a pass over every parameter.
        double scale = 1.0 / rows;
        // Same draw, from the same generator state, as DL4J's layer makes after its encoder.
        INDArray noise = noiseByRows.computeIfAbsent(rows, r -> Nd4j.create(layer.params().dataType(), r, latentSize));
        Nd4j.randn(noise);

        if (parts == 1) {
            passes[0].forward(x, noise, params, scale);
            passes[0].backward(iteration, passes[0].klPerDimension(), rows, scale, params, grads[0]);
            return passes[0].negativeElboSum() / rows;
        }
        try (SingleThreadedNativeOps ignored = SingleThreadedNativeOps.enter()) {
            if (latent.needsMinibatchKl()) {
                // Free bits: every part's KL weights need the whole minibatch's KL per dimension.
                Vae4jThreads.forEachPart(parts, p -> forwardPart(p, parts, x, noise, scale));
                double[] kl = minibatchKl(parts);
                Vae4jThreads.forEachPart(parts, p -> passes[p].backward(iteration, kl, rows, scale, params, grads[p]));
            } else {
                Vae4jThreads.forEachPart(parts, p -> {
                    forwardPart(p, parts, x, noise, scale);
                    passes[p].backward(iteration, passes[p].klPerDimension(), rows, scale, params, grads[p]);
                });
            }
        }
        addPartGradients(parts);
        double sum = 0;
        for (int p = 0; p < parts; p++) {
            sum += passes[p].negativeElboSum();
        }
        return sum / rows;
    }

    /**
     * The mean over examples of the negative importance-weighted bound and its gradient; the
     * minibatch holds each example {@code iwaeSamples} times in a row, and parts split between
     * examples.
     */
    private double importanceWeightedGradient(INDArray x) {
        long rows = x.rows();
        if (rows % iwaeSamples != 0) {
            throw new IllegalArgumentException("The minibatch has " + rows + " rows, not a multiple of the "
                    + iwaeSamples + " samples per example of the importance-weighted bound");
        }
        long examples = rows / iwaeSamples;
        int parts = (int) Math.max(1, Math.min(Math.min(passes.length, examples), rows / minRowsPerPart));
        INDArray noise = noiseByRows.computeIfAbsent(rows, r -> Nd4j.create(layer.params().dataType(), r, latentSize));
        Nd4j.randn(noise);
        if (parts == 1) {
            passes[0].forwardImportanceWeighted(x, noise, params, iwaeSamples);
            passes[0].backwardImportanceWeighted(examples, params, grads[0]);
            return passes[0].negativeElboSum() / examples;
        }
        try (SingleThreadedNativeOps ignored = SingleThreadedNativeOps.enter()) {
            Vae4jThreads.forEachPart(parts, p -> {
                long from = iwaeSamples * (examples * p / parts);
                long to = iwaeSamples * (examples * (p + 1) / parts);
                try {
                    passes[p].forwardImportanceWeighted(rowRange(x, from, to), rowRange(noise, from, to), params,
                            iwaeSamples);
                } catch (LogitBernoulliKernel.DataOutsideSupport e) {
                    throw e.atRow(from + e.row());
                }
                passes[p].backwardImportanceWeighted(examples, params, grads[p]);
            });
        }
        addPartGradients(parts);
        double sum = 0;
        for (int p = 0; p < parts; p++) {
            sum += passes[p].negativeElboSum();
        }
        return sum / examples;
    }

    private void forwardPart(int p, int parts, INDArray x, INDArray noise, double scale) {
        long rows = x.rows();
        long from = rows * p / parts;
        long to = rows * (p + 1) / parts;
        try {
            passes[p].forward(rowRange(x, from, to), rowRange(noise, from, to), params, scale);
        } catch (LogitBernoulliKernel.DataOutsideSupport e) {
            throw e.atRow(from + e.row());   // the part's row, as a row of the minibatch
        }
    }

    private static INDArray rowRange(INDArray array, long from, long to) {
        return array.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    private double[] minibatchKl(int parts) {
        double[] total = new double[latentSize];
        for (int p = 0; p < parts; p++) {
            double[] kl = passes[p].klPerDimension();
            for (int j = 0; j < latentSize; j++) {
                total[j] += kl[j];
            }
        }
        return total;
    }

    /** The layer's gradient view += every other part's gradient (ND4J's native add, on all cores). */
    private void addPartGradients(int parts) {
        INDArray view = layer.getGradientsViewArray();
        for (int p = 1; p < parts; p++) {
            view.addi(partGradients[p]);
        }
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
            closePartGradients();
            grads = new ElboPass.GradientViews[passes.length];
            partGradients = new INDArray[passes.length];
            grads[0] = new ElboPass.GradientViews(views);
            for (int p = 1; p < passes.length; p++) {
                partGradients[p] = Nd4j.create(currentGradients.dataType(), currentGradients.shape());
                grads[p] = new ElboPass.GradientViews(VaeParameters.viewsOf(layer.conf(), partGradients[p]));
            }
            gradient = new DefaultGradient(currentGradients);
            views.byKey().forEach(gradient::setGradientFor);
            gradientsSeen = currentGradients;
        }
    }

    @Override
    public Gradient gradient() {
        return gradient;
    }

    /** Frees every part's buffers. */
    @Override
    public void close() {
        for (ElboPass pass : passes) {
            pass.close();
        }
        closePartGradients();
        noiseByRows.values().forEach(INDArray::close);
        noiseByRows.clear();
    }

    private void closePartGradients() {
        if (partGradients != null) {
            for (INDArray array : partGradients) {
                if (array != null && array.closeable() && !array.wasClosed()) {
                    array.close();
                }
            }
        }
    }
}
