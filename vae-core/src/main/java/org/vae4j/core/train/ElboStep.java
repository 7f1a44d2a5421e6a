package org.vae4j.core.train;

import java.util.function.DoubleConsumer;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.nd4j.linalg.learning.config.IUpdater;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.updater.LayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.backend.ComputePaths;
import org.vae4j.core.backend.RuntimeSettings;
import org.vae4j.core.config.TrainingEngine;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.engine.Dl4jLayerGradient;
import org.vae4j.core.engine.ElboGradient;
import org.vae4j.core.engine.FusedUpdater;
import org.vae4j.core.engine.FusedElboGradient;
import org.vae4j.core.model.VaeModel;

/**
 * One stochastic-gradient step on the negative ELBO of a minibatch, computed by the
 * {@link ElboGradient} engine the config names (vae4j's {@link FusedElboGradient} by default, or
 * DL4J's own layer code) and applied with DL4J's updater.
 *
 * <p>Why not {@code pretrain}/{@code pretrainLayer}: they keep the updater state inside a private
 * solver, so it cannot be checkpointed, and M2.1's {@code ComputationGraph.pretrain(iter, n)}
 * ignores n. Here the layer-wise {@link LayerUpdater} (which, unlike the network's updater, also
 * updates the decoder parameters) is given the network's own updater-state array as its state, so
 * {@code ModelSerializer} saves and restores it with the model.
 *
 * <p>The noise of iteration t is drawn from ND4J's generator reseeded with (seed, t), so a run
 * resumed at iteration t repeats exactly what an uninterrupted run would do. With L > 1 Monte
 * Carlo samples the minibatch is replicated L times: the mean over the L*B rows is the L-sample
 * estimate of the ELBO and of its gradient.
 *
 * <p>Public so that distributed trainers (vae-spark) run exactly this step on their workers:
 * a worker that replays the same minibatches with the same iteration numbers reproduces
 * {@link VaeTrainer} bit for bit.
 */
public final class ElboStep implements AutoCloseable {

    /** {@link ComputePaths} component of the parameter gradient, and its paths. */
    public static final String GRADIENT = "training gradient";
    public static final String FUSED_ENGINE = "vae4j engine (FusedElboGradient)";
    public static final String DL4J_GRADIENT = "DL4J layer gradient (computeGradientAndScore)";
    /** {@link ComputePaths} component of the parameter update, and its paths. */
    public static final String UPDATE = "training update";
    public static final String FUSED_UPDATER = "vae4j fused updater (FusedUpdater)";
    public static final String DL4J_UPDATER = "DL4J updater";

    private final VaeModel model;
    private final ElboGradient engine;
    private final VariationalAutoencoder layer;
    private final LayerUpdater updater;
    /** DL4J's update applied in one pass when that is exactly it (see {@link FusedUpdater}), else null. */
    private final FusedUpdater fusedUpdater;
    /** Called after the gradient, before the update, with the minibatch -ELBO (DL4J listeners); or null. */
    private DoubleConsumer afterGradient;

    /** A step that updates {@code model}'s parameters and its network's updater state in place. */
    public ElboStep(VaeModel model) {
        RuntimeSettings.warnOnceIfSlow();
        this.model = model;
        this.layer = model.layer();
        this.updater = new LayerUpdater(layer, networkUpdaterState(model.network()));
        this.engine = engine(model);
        this.fusedUpdater = FusedUpdater.forLayer(layer, updater);
        if (fusedUpdater == null) {
            ComputePaths.chose(UPDATE, DL4J_UPDATER, FusedUpdater.unsupportedReason(layer, updater));
        } else {
            ComputePaths.chose(UPDATE, FUSED_UPDATER, "host memory, " + layer.params().dataType());
        }
    }

    /** The configured engine; the vae4j engine falls back to DL4J's only for the plain ELBO. */
    static ElboGradient engine(VaeModel model) {
        VaeConfig config = model.config();
        VariationalAutoencoder layer = model.layer();
        if (config.engine() == TrainingEngine.DL4J) {
            ComputePaths.chose(GRADIENT, DL4J_GRADIENT, "engine DL4J configured");
            return new Dl4jLayerGradient(layer);
        }
        String unsupported = FusedElboGradient.unsupportedReason(layer);
        if (unsupported == null) {
            ComputePaths.chose(GRADIENT, FUSED_ENGINE, "host memory, " + layer.params().dataType());
            return new FusedElboGradient(layer, config.klObjective(), config.iwaeSamples());
        }
        if (config.iwaeSamples() > 1) {
            throw new IllegalArgumentException("iwaeSamples " + config.iwaeSamples()
                    + " needs the vae4j engine, which cannot train this layer: " + unsupported);
        }
        if (!config.klObjective().isStandard()) {
            throw new IllegalArgumentException("klObjective " + config.klObjective()
                    + " needs the vae4j engine, which cannot train this layer: " + unsupported);
        }
        if (config.isConditional()) {
            throw new IllegalArgumentException("conditionSize " + config.conditionSize()
                    + " (a conditional VAE) needs the vae4j engine, which cannot train this layer: " + unsupported);
        }
        ComputePaths.chose(GRADIENT, DL4J_GRADIENT, "the vae4j engine cannot: " + unsupported);
        return new Dl4jLayerGradient(layer);
    }

    /**
     * Updates the parameters on minibatch {@code x} and returns its mean negative ELBO per
     * example in nats (a one-sample-per-draw Monte Carlo estimate, without regularisation terms;
     * the negative importance-weighted bound when the config trains that).
     */
    public double apply(INDArray x, long iteration, int epoch) {
        // L samples of the ELBO, or the k of the importance-weighted bound: each row k times in a row.
        int samples = Math.max(model.config().monteCarloSamples(), model.config().iwaeSamples());
        INDArray cast = x.castTo(model.dataType());
        INDArray input = samples > 1 ? cast.repeat(0, samples) : cast;
        Nd4j.getRandom().setSeed(noiseSeed(model.config().seed(), iteration));
        double negativeElbo = engine.computeGradient(input, iteration);
        if (afterGradient != null) {
            afterGradient.accept(negativeElbo);
        }
        if (fusedUpdater != null && layer.conf().isMiniBatch()) {
            fusedUpdater.apply((int) iteration, epoch);
        } else {
            applyUpdater(input.rows(), (int) iteration, epoch);
            layer.params().subi(layer.getGradientsViewArray());
        }
        // Copies made here are garbage now: free them rather than leave them to the Java GC.
        releaseCopy(input, x);
        releaseCopy(cast, x);
        return negativeElbo;
    }

    private static void releaseCopy(INDArray copy, INDArray original) {
        if (copy != original && copy.closeable() && !copy.wasClosed()) {
            copy.close();
        }
    }

    /**
     * What {@code LayerUpdater.update} does after dividing the summed gradient by the minibatch
     * size (BaseMultiLayerUpdater.update): gradient normalisation ({@code preApply}), then each
     * updater block (regularisation and the {@code GradientUpdater}, e.g. DL4J's Adam). The engine
     * already returns the mean, so DL4J's extra pass over every parameter to divide is skipped
     * (~0.4-1 ms per step for 650k parameters: ND4J's scalar ops are slow on large arrays).
     */
    private void applyUpdater(long rows, int iteration, int epoch) {
        Gradient gradient = engine.gradient();
        if (!layer.conf().isMiniBatch()) {
            // A network built with miniBatch(false): DL4J applies the summed gradient.
            layer.getGradientsViewArray().muli(rows);
        }
        updater.preApply(layer, gradient, iteration);
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            block.update(iteration, epoch);
        }
    }

    /**
     * The learning rate DL4J's updater (and the fused one) applies at 0-based {@code iteration} in
     * {@code epoch}: the layer's own updater configuration, schedule included; NaN without one.
     */
    public double learningRate(long iteration, int epoch) {
        IUpdater config = ((BaseLayer) layer.conf().getLayer()).getIUpdater();
        return config.hasLearningRate() ? config.getLearningRate(Math.toIntExact(iteration), epoch) : Double.NaN;
    }

    /**
     * Calls {@code hook} in every {@link #apply} after the gradient is in the layer's gradient
     * array and before the update, with the minibatch's -ELBO per example (where DL4J calls its
     * listeners' {@code onGradientCalculation}); null for none.
     */
    public void afterGradient(DoubleConsumer hook) {
        this.afterGradient = hook;
    }

    /** Frees the engine's buffers. */
    @Override
    public void close() {
        engine.close();
    }

    /** The seed of the noise of one iteration: a mix of the run's seed and the iteration. */
    public static long noiseSeed(long seed, long iteration) {
        long z = seed + 0x9E3779B97F4A7C15L * (iteration + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static INDArray networkUpdaterState(Model network) {
        if (network instanceof MultiLayerNetwork net) {
            return net.getUpdater(true).getStateViewArray();
        }
        if (network instanceof ComputationGraph graph) {
            return graph.getUpdater(true).getStateViewArray();
        }
        throw new IllegalArgumentException("Unsupported network type " + network.getClass());
    }
}
