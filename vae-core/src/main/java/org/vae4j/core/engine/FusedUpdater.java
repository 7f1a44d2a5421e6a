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
import org.vae4j.core.backend.ArrayMemory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.vae4j.core.Vae4jThreads;

/**
 * DL4J's updater step for a layer (regularisation, the optimiser, {@code params -= update}) as one
 * Java pass per updater block over the layer's gradient, updater-state and parameter views, split
 * across vae4j's threads ({@link Vae4jThreads}). It computes what DL4J's {@code UpdaterBlock.update}
 * and the network's {@code params.subi(update)} compute, in the parameters' data type, with the
 * formulas of libnd4j's updater kernels (updaterAdam.cpp, updaterAdaGrad.cpp, updaterRmsProp.cpp,
 * updaterNesterovs.cpp, updaterAdaMax.cpp, sgd), and keeps the state where DL4J keeps it, so
 * checkpoints and resumes are interchangeable with DL4J's own updater (UpdaterParityTest,
 * FusedUpdaterTest):
 * <pre>
 *   g' = g + l2 * p                      (L2Regularization, before the updater; weights only)
 *   Adam     m = b1 m + (1-b1) g';  v = b2 v + (1-b2) g'^2;  u = a_t m / (sqrt(v) + eps),
 *            a_t = lr sqrt(1 - b2^(t+1)) / (1 - b1^(t+1))
 *   AdaGrad  h = h + g'^2;  u = lr g' / (sqrt(h) + eps)          (h starts at eps)
 *   RmsProp  s = d s + (1-d) g'^2;  u = lr g' / (sqrt(s) + eps)  (s starts at eps)
 *   Nesterovs v' = mu v - lr g';  u = mu v - (1 + mu) v';  v = v'
 *   AdaMax   m = b1 m + (1-b1) g';  w = max(b2 w, |g'|) + 1e-32;  u = lr / (1 - b1^(t+1)) m / w
 *   Sgd      u = lr g'
 *   u' = u + wd * (applyLR ? lr : 1) * p  (WeightDecay, after the updater)
 *   p = p - u'
 * </pre>
 * Why: DL4J M2.1's UpdaterBlock hands its gradient view (a rank-1 'f'-ordered view) to the native
 * updater ops together with 'c'-ordered state views, so each op takes its per-element offset path
 * (libnd4j's fast loop needs equal orderings, {@code bSameOrdering}), and regularisation and
 * {@code params.subi} are further passes: measured 2.1-3.8 ms per Adam block on the 784-400-20
 * model, against ~1 ms here for the whole layer (a loop over heap chunks: see {@code floatStep}). Unsupported (DL4J's updater is used, and
 * {@link #unsupportedReason} says why): other updaters, L1, gradient normalisation, data types
 * other than FLOAT and DOUBLE. The gradient view is left as it was.
 */
public final class FusedUpdater {

    /** Below this many parameters per part, splitting costs more than it saves. */
    private static final int MIN_PART = 1 << 16;
    /** Elements per heap chunk of the Java kernels: 4 arrays of it fit in L1/L2 with room to spare. */
    private static final int CHUNK = 2048;

    /**
     * How a block's step runs: one Java pass per element range on vae4j's threads, or libnd4j's own
     * updater kernels given equally ordered contiguous views (their fast, vectorised loop) plus
     * native axpy/subtract passes. System property {@code vae4j.updater}: {@code java} (default) or
     * {@code native}; both compute DL4J's update.
     */
    enum Strategy {
        JAVA, NATIVE;

        /**
         * The strategy {@code -Dvae4j.updater} names, read when an updater is made (not in a static
         * initialiser, where a bad value became an ExceptionInInitializerError: issue 24).
         *
         * @throws IllegalArgumentException naming the property, the value and the choices
         */
        static Strategy current() {
            String value = System.getProperty("vae4j.updater", "java");
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "java" -> JAVA;
                case "native" -> NATIVE;
                default -> throw new IllegalArgumentException("-Dvae4j.updater=" + value + ": expected java or native");
            };
        }
    }

    private final List<Block> blocks = new ArrayList<>();
    private final Layer layer;
    private final INDArray boundParams;
    private final INDArray boundGradients;

    private FusedUpdater(Layer layer, BaseMultiLayerUpdater<?> updater) {
        this.layer = layer;
        this.boundParams = layer.params();
        this.boundGradients = layer.getGradientsViewArray();
        INDArray params = layer.params().reshape(layer.params().length());
        BaseLayer conf = (BaseLayer) layer.conf().getLayer();
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            int start = block.getParamOffsetStart();
            INDArray paramView = params.get(NDArrayIndex.interval(start, block.getParamOffsetEnd()));
            IUpdater config = conf.getUpdaterByParam(block.getLayersAndVariablesInBlock().get(0).getParamName());
            List<Segment> segments = new ArrayList<>();
            for (UpdaterBlock.ParamState param : block.getLayersAndVariablesInBlock()) {
                segments.add(new Segment(param.getParamOffsetStart() - start, param.getParamOffsetEnd() - start,
                        conf.getRegularizationByParam(param.getParamName())));
            }
            INDArray gradientView = layer.getGradientsViewArray().reshape(layer.params().length())
                    .get(NDArrayIndex.interval(start, block.getParamOffsetEnd()));
            blocks.add(new Block(Kind.of(config), config, segments, gradientView, block.getUpdaterView(), paramView));
        }
    }

    /**
     * A fused updater for {@code layer} whose state is {@code updater}'s (the same arrays, so DL4J's
     * serializer saves it), or null with {@link #unsupportedReason} explaining why not.
     */
    public static FusedUpdater forLayer(Layer layer, BaseMultiLayerUpdater<?> updater) {
        return unsupportedReason(layer, updater) == null ? new FusedUpdater(layer, updater) : null;
    }

    /**
     * Null when this class reproduces DL4J's updater for {@code layer} exactly, else why not (it
     * needs host memory: its Java strategy loops over the arrays through host pointers).
     */
    public static String unsupportedReason(Layer layer, BaseMultiLayerUpdater<?> updater) {
        String memory = ArrayMemory.hostLoopsRefused();
        if (memory != null) {
            return memory;
        }
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
            IUpdater config = conf.getUpdaterByParam(param);
            if (Kind.of(config) == null) {
                return "updater " + config.getClass().getSimpleName() + " for " + param;
            }
            for (Regularization r : conf.getRegularizationByParam(param)) {
                if (!(r instanceof L2Regularization) && !(r instanceof WeightDecay)) {
                    return "regularisation " + r + " on " + param;
                }
            }
        }
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            if (block.getGradientView().elementWiseStride() != 1
                    || (block.getUpdaterView() != null && block.getUpdaterView().elementWiseStride() != 1)) {
                return "non-contiguous updater block";
            }
        }
        return null;
    }

    /**
     * One step at 0-based {@code iteration}: reads the gradient view (the minibatch mean, as DL4J's
     * updater sees it after its division), updates the state and subtracts the update from the
     * parameters.
     */
    public void apply(int iteration, int epoch) {
        if (layer.params() != boundParams || layer.getGradientsViewArray() != boundGradients) {
            // The NIO views would write into arrays the layer no longer uses.
            throw new IllegalStateException("The layer's parameter or gradient array was replaced after this "
                    + "FusedUpdater was made for it; make a new one (a new ElboStep)");
        }
        for (Block block : blocks) {
            block.apply(iteration, epoch);
        }
    }

    /** The optimisers this class computes, recognised by their exact DL4J config class. */
    private enum Kind {
        ADAM, ADAGRAD, RMSPROP, NESTEROVS, ADAMAX, SGD;

        static Kind of(IUpdater config) {
            Class<?> c = config.getClass();
            return c == Adam.class ? ADAM : c == AdaGrad.class ? ADAGRAD : c == RmsProp.class ? RMSPROP
                    : c == Nesterovs.class ? NESTEROVS : c == AdaMax.class ? ADAMAX : c == Sgd.class ? SGD : null;
        }

        /** State arrays per parameter. */
        int states() {
            return switch (this) {
                case ADAM, ADAMAX -> 2;
                case ADAGRAD, RMSPROP, NESTEROVS -> 1;
                case SGD -> 0;
            };
        }
    }

    /** One parameter of a block: its range within the block and its regularisation. */
    private record Segment(int from, int to, List<Regularization> regularization) {

        double l2(int iteration, int epoch) {
            double sum = 0;
            for (Regularization r : regularization) {
                if (r instanceof L2Regularization l2) {
                    sum += l2.getL2().valueAt(iteration, epoch);
                }
            }
            return sum;
        }

        double weightDecay(double learningRate, int iteration, int epoch) {
            double sum = 0;
            for (Regularization r : regularization) {
                if (r instanceof WeightDecay decay) {
                    sum += decay.getCoeff().valueAt(iteration, epoch) * (decay.isApplyLR() ? learningRate : 1.0);
                }
            }
            return sum;
        }
    }

    /** The scalars of one step of a block (and of one segment's regularisation). */
    private record Step(double lr, double a, double b, double c, double eps, double l2, double wd) {
    }

    private static final class Block {
        private final Kind kind;
        private final IUpdater config;
        private final List<Segment> segments;
        private final int length;
        /** gradient, parameters, then the updater state arrays in DL4J's order (Adam: m, v; AdaMax: m, u). */
        private final FloatBuffer[] floats;
        private final DoubleBuffer[] doubles;
        /** The same arrays as ND4J views for {@link Strategy#NATIVE}, plus a scratch update array. */
        private final INDArray[] arrays;
        private final INDArray update;
        /** Read once, when this block is made: {@link Strategy#current()}. */
        private final Strategy strategy;

        Block(Kind kind, IUpdater config, List<Segment> segments, INDArray gradient, INDArray state, INDArray params) {
            this.kind = kind;
            this.config = config;
            this.segments = segments;
            this.length = Math.toIntExact(gradient.length());
            List<INDArray> arrays = new ArrayList<>(List.of(gradient, params));
            if (kind.states() > 0) {
                INDArray flatState = state.reshape(state.length());
                for (int s = 0; s < kind.states(); s++) {
                    arrays.add(flatState.get(NDArrayIndex.interval((long) s * length, (long) (s + 1) * length)));
                }
            }
            this.arrays = arrays.toArray(INDArray[]::new);
            this.strategy = Strategy.current();
            this.update = strategy == Strategy.NATIVE ? Nd4j.create(gradient.dataType(), length) : null;
            if (gradient.dataType() == DataType.FLOAT) {
                floats = arrays.stream().map(DirectArray::floats).toArray(FloatBuffer[]::new);
                doubles = null;
            } else {
                doubles = arrays.stream().map(DirectArray::doubles).toArray(DoubleBuffer[]::new);
                floats = null;
            }
        }

        void apply(int iteration, int epoch) {
            if (strategy == Strategy.NATIVE) {
                applyNative(iteration, epoch);
                return;
            }
            double lr = config.hasLearningRate() ? config.getLearningRate(iteration, epoch) : 0;
            boolean single = floats != null;
            Step base = switch (kind) {
                case ADAM -> {
                    Adam adam = (Adam) config;
                    yield new Step(lr, adam.getBeta1(), adam.getBeta2(), single
                            ? floatAdamStepSize(lr, adam.getBeta1(), adam.getBeta2(), adam.getEpsilon(), iteration)
                            : doubleAdamStepSize(lr, adam.getBeta1(), adam.getBeta2(), adam.getEpsilon(), iteration),
                            adam.getEpsilon(), 0, 0);
                }
                case ADAGRAD -> new Step(lr, 0, 0, 0, ((AdaGrad) config).getEpsilon(), 0, 0);
                case RMSPROP -> new Step(lr, ((RmsProp) config).getRmsDecay(), 0, 0, ((RmsProp) config).getEpsilon(), 0, 0);
                case NESTEROVS -> new Step(lr, ((Nesterovs) config).currentMomentum(iteration, epoch), 0, 0, 0, 0, 0);
                case ADAMAX -> {
                    AdaMax adaMax = (AdaMax) config;
                    yield new Step(lr, adaMax.getBeta1(), adaMax.getBeta2(),
                            adaMaxStepSize(lr, adaMax.getBeta1(), adaMax.getEpsilon(), iteration, single),
                            adaMax.getEpsilon(), 0, 0);
                }
                case SGD -> new Step(lr, 0, 0, 0, 0, 0, 0);
            };
            int parts = Math.max(1, Math.min(Vae4jThreads.threads(), length / MIN_PART));
            Vae4jThreads.forEachPart(parts, part -> {
                int from = (int) ((long) length * part / parts);
                int to = (int) ((long) length * (part + 1) / parts);
                for (Segment segment : segments) {
                    int lo = Math.max(from, segment.from());
                    int hi = Math.min(to, segment.to());
                    if (lo < hi) {
                        Step step = new Step(base.lr(), base.a(), base.b(), base.c(), base.eps(),
                                segment.l2(iteration, epoch), segment.weightDecay(lr, iteration, epoch));
                        if (single) {
                            floatStep(lo, hi, step);
                        } else {
                            doubleStep(lo, hi, step);
                        }
                    }
                }
            });
        }

        /** DL4J's own sequence of native ops, each on equally ordered contiguous views (their fast loops). */
        private void applyNative(int iteration, int epoch) {
            INDArray g = arrays[0];
            INDArray p = arrays[1];
            double lr = config.hasLearningRate() ? config.getLearningRate(iteration, epoch) : 0;
            update.assign(g);
            for (Segment segment : segments) {
                double l2 = segment.l2(iteration, epoch);
                if (l2 != 0) {
                    INDArray u = update.get(NDArrayIndex.interval(segment.from(), segment.to()));
                    Nd4j.exec(new Axpy(p.get(NDArrayIndex.interval(segment.from(), segment.to())), u, u, l2));
                }
            }
            switch (kind) {
                case ADAM -> {
                    Adam adam = (Adam) config;
                    Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater(update, arrays[3], arrays[2], lr,
                            adam.getBeta1(), adam.getBeta2(), adam.getEpsilon(), iteration));
                }
                case ADAGRAD -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.AdaGradUpdater(update, arrays[2], lr,
                        ((AdaGrad) config).getEpsilon()));
                case RMSPROP -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.RmsPropUpdater(update, arrays[2], lr,
                        ((RmsProp) config).getRmsDecay(), ((RmsProp) config).getEpsilon()));
                case NESTEROVS -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.NesterovsUpdater(update, arrays[2],
                        lr, ((Nesterovs) config).currentMomentum(iteration, epoch)));
                case ADAMAX -> {
                    AdaMax adaMax = (AdaMax) config;
                    Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.AdaMaxUpdater(update, arrays[3], arrays[2], lr,
                            adaMax.getBeta1(), adaMax.getBeta2(), adaMax.getEpsilon(), iteration));
                }
                case SGD -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.SgdUpdater(update, lr));
            }
            for (Segment segment : segments) {
                double wd = segment.weightDecay(lr, iteration, epoch);
                if (wd != 0) {
                    INDArray u = update.get(NDArrayIndex.interval(segment.from(), segment.to()));
                    Nd4j.exec(new Axpy(p.get(NDArrayIndex.interval(segment.from(), segment.to())), u, u, wd));
                }
            }
            p.subi(update);
        }

        /** alpha_t as libnd4j computes it for DOUBLE parameters (epsilon if it is 0, NaN or inf). */
        private static double doubleAdamStepSize(double lr, double beta1, double beta2, double epsilon, int iteration) {
            double alpha = lr * Math.sqrt(1 - Math.pow(beta2, iteration + 1)) / (1 - Math.pow(beta1, iteration + 1));
            return Double.isNaN(alpha) || Double.isInfinite(alpha) || alpha == 0 ? epsilon : alpha;
        }

        /**
         * alpha_t in float arithmetic, as libnd4j computes it for FLOAT parameters: 1 - beta2^t
         * loses ~1e-4 relative to cancellation there, and matching it keeps the two updaters
         * interchangeable to float rounding.
         */
        private static double floatAdamStepSize(double lr, double beta1, double beta2, double epsilon, int iteration) {
            float beta1T = (float) Math.pow((float) beta1, iteration + 1);
            float beta2T = (float) Math.pow((float) beta2, iteration + 1);
            float alpha = (float) lr * (float) Math.sqrt(1f - beta2T) / (1f - beta1T);
            return Float.isNaN(alpha) || Float.isInfinite(alpha) || alpha == 0 ? (float) epsilon : alpha;
        }

        /** lr / (1 - beta1^(t+1)) as libnd4j's AdaMax computes it (beta1^t in the parameters' type). */
        private static double adaMaxStepSize(double lr, double beta1, double epsilon, int iteration, boolean single) {
            double beta1T = single ? (float) Math.pow((float) beta1, iteration + 1) : Math.pow(beta1, iteration + 1);
            double step = single ? (float) ((float) lr / (1.0 - beta1T)) : lr / (1.0 - beta1T);
            return Double.isNaN(step) || Double.isInfinite(step) || step == 0 ? epsilon : step;
        }

        /** In float, as libnd4j's kernels compute for FLOAT parameters. */
        /**
         * Runs the kernel on heap copies of CHUNK elements at a time: C2 vectorises loops over
         * float[] (measured 0.6 ms for an Adam step of 653k floats) but not element-wise get/put on
         * the direct NIO views (2.5-11 ms), and the bulk copies in and out cost less than the gap.
         */
        private void floatStep(int from, int to, Step s) {
            float[][] chunk = new float[floats.length][CHUNK];
            for (int start = from; start < to; start += CHUNK) {
                int n = Math.min(CHUNK, to - start);
                for (int k = 0; k < floats.length; k++) {
                    floats[k].get(start, chunk[k], 0, n);
                }
                floatKernel(kind, chunk, n, s);
                for (int k = 1; k < floats.length; k++) {   // the gradient is left as it was
                    floats[k].put(start, chunk[k], 0, n);
                }
            }
        }

        /** As {@link #floatStep} for DOUBLE parameters. */
        private void doubleStep(int from, int to, Step s) {
            double[][] chunk = new double[doubles.length][CHUNK];
            for (int start = from; start < to; start += CHUNK) {
                int n = Math.min(CHUNK, to - start);
                for (int k = 0; k < doubles.length; k++) {
                    doubles[k].get(start, chunk[k], 0, n);
                }
                doubleKernel(kind, chunk, n, s);
                for (int k = 1; k < doubles.length; k++) {
                    doubles[k].put(start, chunk[k], 0, n);
                }
            }
        }

        private static void floatKernel(Kind kind, float[][] c, int n, Step s) {
            float[] g = c[0];
            float[] p = c[1];
            float lr = (float) s.lr();
            float a = (float) s.a();
            float b = (float) s.b();
            float step = (float) s.c();
            float eps = (float) s.eps();
            float l2 = (float) s.l2();
            float wd = (float) s.wd();
            switch (kind) {
                case ADAM -> {
                    float[] m = c[2];
                    float[] v = c[3];
                    float oneMinusA = 1 - a;
                    float oneMinusB = 1 - b;
                    for (int i = 0; i < n; i++) {
                        float pi = p[i];
                        float gi = g[i] + l2 * pi;
                        float mi = a * m[i] + gi * oneMinusA;
                        float vi = b * v[i] + gi * gi * oneMinusB;
                        m[i] = mi;
                        v[i] = vi;
                        p[i] = pi - (mi * step / ((float) Math.sqrt(vi) + eps) + wd * pi);
                    }
                }
                case ADAGRAD -> {
                    float[] h = c[2];
                    for (int i = 0; i < n; i++) {
                        float pi = p[i];
                        float gi = g[i] + l2 * pi;
                        float hi = h[i] + gi * gi;
                        h[i] = hi;
                        p[i] = pi - ((lr * gi) / ((float) Math.sqrt(hi) + eps) + wd * pi);
                    }
                }
                case RMSPROP -> {
                    float[] st = c[2];
                    float oneMinusA = 1 - a;
                    for (int i = 0; i < n; i++) {
                        float pi = p[i];
                        float gi = g[i] + l2 * pi;
                        float si = st[i] * a + gi * gi * oneMinusA;
                        st[i] = si;
                        p[i] = pi - ((lr * gi) / ((float) Math.sqrt(si) + eps) + wd * pi);
                    }
                }
                case NESTEROVS -> {
                    float[] v = c[2];
                    float momentumT = -a - 1;
                    for (int i = 0; i < n; i++) {
                        float pi = p[i];
                        float gi = g[i] + l2 * pi;
                        float previous = a * v[i];
                        float vi = previous - lr * gi;
                        v[i] = vi;
                        p[i] = pi - (previous + momentumT * vi + wd * pi);
                    }
                }
                case ADAMAX -> {
                    float[] m = c[2];
                    float[] u = c[3];
                    for (int i = 0; i < n; i++) {
                        float pi = p[i];
                        float gi = g[i] + l2 * pi;
                        float mi = a * m[i] + gi * (1 - a);
                        float ui = Math.max(b * u[i], Math.abs(gi)) + 1e-32f;
                        m[i] = mi;
                        u[i] = ui;
                        p[i] = pi - (mi * step / ui + wd * pi);
                    }
                }
                case SGD -> {
                    for (int i = 0; i < n; i++) {
                        float pi = p[i];
                        float gi = g[i] + l2 * pi;
                        p[i] = pi - (lr * gi + wd * pi);
                    }
                }
            }
        }

        private static void doubleKernel(Kind kind, double[][] c, int n, Step s) {
            double[] g = c[0];
            double[] p = c[1];
            double lr = s.lr();
            double a = s.a();
            double b = s.b();
            double step = s.c();
            double eps = s.eps();
            double l2 = s.l2();
            double wd = s.wd();
            switch (kind) {
                case ADAM -> {
                    double[] m = c[2];
                    double[] v = c[3];
                    for (int i = 0; i < n; i++) {
                        double pi = p[i];
                        double gi = g[i] + l2 * pi;
                        double mi = a * m[i] + gi * (1 - a);
                        double vi = b * v[i] + gi * gi * (1 - b);
                        m[i] = mi;
                        v[i] = vi;
                        p[i] = pi - (mi * step / (Math.sqrt(vi) + eps) + wd * pi);
                    }
                }
                case ADAGRAD -> {
                    double[] h = c[2];
                    for (int i = 0; i < n; i++) {
                        double pi = p[i];
                        double gi = g[i] + l2 * pi;
                        double hi = h[i] + gi * gi;
                        h[i] = hi;
                        p[i] = pi - ((lr * gi) / (Math.sqrt(hi) + eps) + wd * pi);
                    }
                }
                case RMSPROP -> {
                    double[] st = c[2];
                    for (int i = 0; i < n; i++) {
                        double pi = p[i];
                        double gi = g[i] + l2 * pi;
                        double si = st[i] * a + gi * gi * (1 - a);
                        st[i] = si;
                        p[i] = pi - ((lr * gi) / (Math.sqrt(si) + eps) + wd * pi);
                    }
                }
                case NESTEROVS -> {
                    double[] v = c[2];
                    double momentumT = -a - 1;
                    for (int i = 0; i < n; i++) {
                        double pi = p[i];
                        double gi = g[i] + l2 * pi;
                        double previous = a * v[i];
                        double vi = previous - lr * gi;
                        v[i] = vi;
                        p[i] = pi - (previous + momentumT * vi + wd * pi);
                    }
                }
                case ADAMAX -> {
                    double[] m = c[2];
                    double[] u = c[3];
                    for (int i = 0; i < n; i++) {
                        double pi = p[i];
                        double gi = g[i] + l2 * pi;
                        double mi = a * m[i] + gi * (1 - a);
                        double ui = Math.max(b * u[i], Math.abs(gi)) + 1e-32;
                        m[i] = mi;
                        u[i] = ui;
                        p[i] = pi - (mi * step / ui + wd * pi);
                    }
                }
                case SGD -> {
                    for (int i = 0; i < n; i++) {
                        double pi = p[i];
                        double gi = g[i] + l2 * pi;
                        p[i] = pi - (lr * gi + wd * pi);
                    }
                }
            }
        }
    }
}
