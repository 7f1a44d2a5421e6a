package org.vae4j.core.engine;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.vae4j.core.Vae4jThreads;

/**
 * DL4J's Adam step and the parameter update {@code params -= update} as one Java loop over the
 * layer's gradient, updater-state and parameter views, split across vae4j's threads
 * ({@link Vae4jThreads}).
 *
 * <p>Why: DL4J M2.1's UpdaterBlock hands its gradient view (a rank-1 'f'-ordered view) to the
 * native adam_updater op together with 'c'-ordered state views; the op's fast loop requires equal
 * orderings, so it takes its per-element offset path (libnd4j updaterAdam.cpp, bSameOrdering).
 * Measured on the 784-400-20 model (652,824 parameters, 2 cores): 2.1-2.8 ms per updater block,
 * ~5 ms per step, plus 0.26 ms for the separate {@code params.subi(update)}; this loop takes
 * 0.9-1.4 ms for both.
 *
 * <p>It computes exactly what that op computes, in the parameters' data type, and keeps the state
 * where DL4J keeps it (each block's updater view: m in the first half, v in the second), so
 * checkpoints and resumes are interchangeable with DL4J's own updater:
 * <pre>
 *   alpha_t = lr * sqrt(1 - beta2^(t+1)) / (1 - beta1^(t+1))   (epsilon if that is 0, NaN or inf)
 *   m = beta1 m + (1 - beta1) g;   v = beta2 v + (1 - beta2) g^2
 *   params -= m alpha_t / (sqrt(v) + epsilon)
 * </pre>
 * Used only where it is exactly DL4J's behaviour: every block uses {@link Adam}, no parameter
 * has regularisation (L1/L2/weight decay are applied by the block around the updater) and there
 * is no gradient normalisation; {@link #unsupportedReason} says why not otherwise.
 */
public final class FusedAdam {

    /** Below this many parameters per part, splitting costs more than it saves. */
    private static final int MIN_PART = 1 << 16;

    private final List<Block> blocks = new ArrayList<>();
    private final Layer layer;
    private final INDArray boundParams;
    private final INDArray boundGradients;

    private FusedAdam(Layer layer, BaseMultiLayerUpdater<?> updater) {
        this.layer = layer;
        this.boundParams = layer.params();
        this.boundGradients = layer.getGradientsViewArray();
        INDArray params = layer.params().reshape(layer.params().length());
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            INDArray paramView = params.get(NDArrayIndex.interval(block.getParamOffsetStart(), block.getParamOffsetEnd()));
            Adam config = (Adam) block.getLayersAndVariablesInBlock().get(0).getLayer().getConfig()
                    .getUpdaterByParam(block.getLayersAndVariablesInBlock().get(0).getParamName());
            blocks.add(new Block(config, block.getGradientView(), block.getUpdaterView(), paramView));
        }
    }

    /**
     * A fused Adam for {@code layer} whose state is {@code updater}'s (the same arrays, so DL4J's
     * serializer saves it), or null with {@link #unsupportedReason} explaining why not.
     */
    public static FusedAdam forLayer(Layer layer, BaseMultiLayerUpdater<?> updater) {
        return unsupportedReason(layer, updater) == null ? new FusedAdam(layer, updater) : null;
    }

    /** Null when this class reproduces DL4J's updater for {@code layer} exactly, else why not. */
    public static String unsupportedReason(Layer layer, BaseMultiLayerUpdater<?> updater) {
        if (!(layer.conf().getLayer() instanceof BaseLayer conf)) {
            return "not a BaseLayer";
        }
        if (conf.getGradientNormalization() != null && conf.getGradientNormalization() != GradientNormalization.None) {
            return "gradient normalisation " + conf.getGradientNormalization();
        }
        DataType type = layer.params().dataType();
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            return "data type " + type;
        }
        for (String param : layer.paramTable().keySet()) {
            if (!(conf.getUpdaterByParam(param) instanceof Adam)) {
                return "updater " + conf.getUpdaterByParam(param).getClass().getSimpleName() + " for " + param;
            }
            if (!conf.getRegularizationByParam(param).isEmpty()) {
                return "regularisation " + conf.getRegularizationByParam(param) + " on " + param;
            }
        }
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            if (block.getGradientView().elementWiseStride() != 1 || block.getUpdaterView().elementWiseStride() != 1) {
                return "non-contiguous updater block";
            }
        }
        return null;
    }

    /**
     * One step at 0-based {@code iteration}: reads the gradient view (the minibatch mean, as DL4J's
     * updater sees it after its division), updates the state and subtracts the update from the
     * parameters. The gradient view is left as it was.
     */
    public void apply(int iteration, int epoch) {
        if (layer.params() != boundParams || layer.getGradientsViewArray() != boundGradients) {
            // The NIO views would write into arrays the layer no longer uses.
            throw new IllegalStateException("The layer's parameter or gradient array was replaced after this "
                    + "FusedAdam was made for it; make a new one (a new ElboStep)");
        }
        for (Block block : blocks) {
            block.apply(iteration, epoch);
        }
    }

    private static final class Block {
        private final Adam config;
        private final int length;
        private final FloatBuffer[] floats;
        private final DoubleBuffer[] doubles;

        Block(Adam config, INDArray gradient, INDArray state, INDArray params) {
            this.config = config;
            this.length = Math.toIntExact(gradient.length());
            INDArray flatState = state.reshape(state.length());
            INDArray m = flatState.get(NDArrayIndex.interval(0, length));
            INDArray v = flatState.get(NDArrayIndex.interval(length, 2L * length));
            INDArray[] arrays = {gradient, m, v, params};
            if (gradient.dataType() == DataType.FLOAT) {
                floats = new FloatBuffer[4];
                doubles = null;
                for (int i = 0; i < 4; i++) {
                    floats[i] = DirectArray.floats(arrays[i]);
                }
            } else {
                doubles = new DoubleBuffer[4];
                floats = null;
                for (int i = 0; i < 4; i++) {
                    doubles[i] = DirectArray.doubles(arrays[i]);
                }
            }
        }

        void apply(int iteration, int epoch) {
            double beta1 = config.getBeta1();
            double beta2 = config.getBeta2();
            double epsilon = config.getEpsilon();
            double learningRate = config.getLearningRate(iteration, epoch);
            double stepSize = floats != null
                    ? floatStepSize(learningRate, beta1, beta2, epsilon, iteration)
                    : doubleStepSize(learningRate, beta1, beta2, epsilon, iteration);
            int parts = Math.max(1, Math.min(Vae4jThreads.threads(), length / MIN_PART));
            Vae4jThreads.forEachPart(parts, part -> {
                int from = (int) ((long) length * part / parts);
                int to = (int) ((long) length * (part + 1) / parts);
                if (floats != null) {
                    floatStep(from, to, beta1, beta2, epsilon, stepSize);
                } else {
                    doubleStep(from, to, beta1, beta2, epsilon, stepSize);
                }
            });
        }

        /** alpha_t as libnd4j computes it for DOUBLE parameters. */
        private static double doubleStepSize(double lr, double beta1, double beta2, double epsilon, int iteration) {
            double alpha = lr * Math.sqrt(1 - Math.pow(beta2, iteration + 1)) / (1 - Math.pow(beta1, iteration + 1));
            return Double.isNaN(alpha) || Double.isInfinite(alpha) || alpha == 0 ? epsilon : alpha;
        }

        /**
         * alpha_t in float arithmetic, as libnd4j computes it for FLOAT parameters: 1 - beta2^t
         * loses ~1e-4 relative to cancellation there, and matching it keeps the two updaters
         * interchangeable to float rounding.
         */
        private static double floatStepSize(double lr, double beta1, double beta2, double epsilon, int iteration) {
            float beta1T = (float) Math.pow((float) beta1, iteration + 1);
            float beta2T = (float) Math.pow((float) beta2, iteration + 1);
            float alpha = (float) lr * (float) Math.sqrt(1f - beta2T) / (1f - beta1T);
            return Float.isNaN(alpha) || Float.isInfinite(alpha) || alpha == 0 ? (float) epsilon : alpha;
        }

        /** In float, as libnd4j's kernel computes for FLOAT parameters. */
        private void floatStep(int from, int to, double beta1, double beta2, double epsilon, double alpha) {
            FloatBuffer g = floats[0];
            FloatBuffer m = floats[1];
            FloatBuffer v = floats[2];
            FloatBuffer p = floats[3];
            float b1 = (float) beta1;
            float b2 = (float) beta2;
            float oneMinusB1 = 1 - b1;
            float oneMinusB2 = 1 - b2;
            float eps = (float) epsilon;
            float a = (float) alpha;
            for (int i = from; i < to; i++) {
                float gi = g.get(i);
                float mi = b1 * m.get(i) + gi * oneMinusB1;
                float vi = b2 * v.get(i) + gi * gi * oneMinusB2;
                m.put(i, mi);
                v.put(i, vi);
                p.put(i, p.get(i) - mi * a / ((float) Math.sqrt(vi) + eps));
            }
        }

        private void doubleStep(int from, int to, double b1, double b2, double eps, double a) {
            DoubleBuffer g = doubles[0];
            DoubleBuffer m = doubles[1];
            DoubleBuffer v = doubles[2];
            DoubleBuffer p = doubles[3];
            for (int i = from; i < to; i++) {
                double gi = g.get(i);
                double mi = b1 * m.get(i) + gi * (1 - b1);
                double vi = b2 * v.get(i) + gi * gi * (1 - b2);
                m.put(i, mi);
                v.put(i, vi);
                p.put(i, p.get(i) - mi * a / (Math.sqrt(vi) + eps));
            }
        }
    }
}
