package org.vae4j.core.distribution;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The logit-Bernoulli density, written once: log p(x|a) = x a - softplus(a) for a logit a and data
 * x in [0, 1], summed over a run of values, and optionally its gradient. Every vae4j caller computes
 * the density here: the training engine ({@code ReconstructionTerm}), the distribution's own methods
 * ({@link LogitBernoulliReconstructionDistribution}, so {@code VaeModel.elbo} and DL4J's layer code),
 * importance-sampled evaluation and AIS's decoder gradient. The support rule (data in [0, 1], NaN
 * refused, or clamped when asked) is also here, with its one message ({@link DataOutsideSupport}).
 *
 * <h2>Form</h2>
 * The caller supplies e = exp(-|a|), computed by native ND4J ops ({@link #expNegativeAbs}), next to
 * a and x on heap arrays; then
 * <pre>
 *   log p(x|a) = [x a - max(a, 0)] - log1p(e)
 *   d(-log p)/da = sigmoid(a) - x = (1 - x) sigmoid(a) - x sigmoid(-a),
 *   sigmoid(+-|a|) = 1 / (1 + e), e / (1 + e)
 * </pre>
 * Both parts of log p are <= 0, so nothing cancels; e never overflows (it underflows to 0), so a
 * logit of any size costs its full |a| nats and no row needs a second, slower path. The sum of
 * log1p(e) takes no logarithm per element: 1 + P = prod (1 + e_i) is carried as P, updated by
 * P += e (1 + P) (all terms >= 0), and one log1p(P) is taken per {@value #PRODUCT_BLOCK} values, so
 * the small e of a confidently right value keeps its relative precision (a product of the factors
 * 1 + e would round them to 1). The gradient keeps it too: for x = 1 and a = 20 it is -sigmoid(-20),
 * not 1 - sigmoid(20) rounded.
 *
 * <h2>Precision</h2>
 * DOUBLE: each element's log-density and gradient are exact to a few ulps relative, down to
 * e = 1 / Double.MAX_VALUE (|a| about 709.8; beyond, e is taken as 0, an absolute error below
 * Double.MIN_NORMAL). FLOAT ({@code float[]} variant): t, e and the gradient are floats, x a -
 * max(a, 0) is a float (exact for binary x, one float rounding otherwise), sums in double: exact to
 * float precision relative, down to e = 1 / Float.MAX_VALUE (|a| about 88.7).
 *
 * <h2>Speed</h2>
 * Per element there is no logarithm, no exponential (the caller's native op makes t) and no branch;
 * the gradient and the support's minimum and maximum are plain maps over heap arrays that C2
 * vectorises, and the two sums (with the linear term x a - max(a, 0) computed in their loop) run as
 * independent accumulators (eight for the products, four for the linear term; a single
 * accumulator would wait on the adder's latency at
 * every element). e is read where the caller put it (copied only when the gradient overwrites it),
 * and data scored against many logit rows is checked once ({@link #inSupport}).
 *
 * <p>Not thread-safe: an instance owns scratch arrays; use one per thread. Cheap to create.
 */
public final class LogitBernoulliKernel {

    /** Values per log1p of the running product: eight accumulators of 120 factors in [1, 2] stay below 2^960. */
    static final int PRODUCT_BLOCK = 960;
    private static final int LANES = 8;
    /** a * STEP clamped to [0, 1] is 1 for a > 0 and 0 for a < 0 (where e < 1; at e = 1 it does not matter). */
    private static final double DOUBLE_STEP = 0x1p1023;
    private static final float FLOAT_STEP = 0x1p127f;

    private final boolean clampData;
    private double[] expNegAbs = new double[0];
    private float[] expNegAbsFloat = new float[0];
    private double[] clamped = new double[0];
    private float[] clampedFloat = new float[0];

    /**
     * @param clampData clamp data outside [0, 1] into it instead of refusing it (NaN is refused either
     *                  way); see {@link LogitBernoulliReconstructionDistribution#isClampData()}
     */
    public LogitBernoulliKernel(boolean clampData) {
        this.clampData = clampData;
    }

    public boolean clampsData() {
        return clampData;
    }

    /**
     * out = exp(-|logits|), element-wise, by native ND4J ops in the arrays' data type (any backend):
     * the e every {@code logDensity} takes (as its argument {@code t}). {@code out} may be
     * {@code logits} only if the caller keeps a copy of the logits.
     */
    public static void expNegativeAbs(INDArray logits, INDArray out) {
        // Three native passes (|a|, -, exp): cheaper than one Java division per element, which the
        // kernel needed to turn exp(a) into exp(-|a|) (JFR: that division was most of its time).
        Nd4j.exec(new Abs(logits, out));
        out.negi();
        Nd4j.exec(new Exp(out, out));
    }

    /**
     * out = exp(logits), one native pass in the arrays' data type: the first half of
     * {@link #expNegativeAbsFromExp}, for callers that copy each row to the heap anyway.
     */
    public static void exp(INDArray logits, INDArray out) {
        Nd4j.exec(new Exp(logits, out));
    }

    /**
     * t[from, from + n) = exp(-|a|), in place, from t = exp(a) ({@link #exp}: one native pass, where
     * {@link #expNegativeAbs} takes three): min(t, 1 / t), one more rounding for a &gt; 0. Overflow
     * is harmless: exp(a) = +infinity gives 0, exp(a) = 0 gives 0, as exp(-|a|) underflows. For a
     * caller that holds the rows on the heap (importance sampling), where this map costs less than
     * two more native passes over every logit.
     */
    public static void expNegativeAbsFromExp(float[] t, int from, int n) {
        for (int i = from; i < from + n; i++) {
            t[i] = Math.min(t[i], 1 / t[i]);
        }
    }

    /** {@link #expNegativeAbsFromExp(float[], int, int)} in double. */
    public static void expNegativeAbsFromExp(double[] t, int from, int n) {
        for (int i = from; i < from + n; i++) {
            t[i] = Math.min(t[i], 1 / t[i]);
        }
    }

    /**
     * Sum over i in [from, from + n) of log p(x_i | a_i), in nats, and optionally the gradient.
     *
     * @param a             logits
     * @param x             data, in [0, 1] (else refused, or clamped if this kernel clamps)
     * @param t             exp(-|a|), from {@link #expNegativeAbs} (underflow to 0 is fine)
     * @param from          first index used in every array
     * @param n             number of values
     * @param gradient      receives {@code gradientScale * (sigmoid(a_i) - x_i)} = scale * d(-log p)/da
     *                      at the same indices, or null for none; may be {@code t} itself
     * @param gradientScale scale of the gradient (e.g. 1 / minibatch rows, or -1 for d log p / da)
     * @param firstElement  position of index {@code from} in the caller's row-major data, for errors
     * @param rowWidth      values per row of the caller's data, for errors
     * @throws DataOutsideSupport for the first x outside [0, 1] (or NaN), naming its row and column
     */
    public double logDensity(double[] a, double[] x, double[] t, int from, int n, double[] gradient,
                             double gradientScale, long firstElement, int rowWidth) {
        return logDensityInSupport(a, inSupport(x, from, n, firstElement, rowWidth), t, from, n, gradient,
                gradientScale);
    }

    /**
     * The support rule for x[from, from + n): {@code x} itself when every value is in [0, 1]; else,
     * if this kernel clamps, a copy clamped at the same indices (valid at [from, from + n) only, and
     * overwritten by the next clamping call); else the refusal of the first bad value. A caller that
     * scores one x against many logit rows (importance sampling's samples) checks it once here and
     * then calls {@link #logDensityInSupport}.
     *
     * @throws DataOutsideSupport naming the row and column of the first value outside [0, 1] (or NaN)
     */
    public double[] inSupport(double[] x, int from, int n, long firstElement, int rowWidth) {
        // The minimum and maximum in a loop of their own: as reductions inside a map they kept C2
        // from vectorising it (JFR: that loop was 4x the sums' time).
        double low = 0;
        double high = 1;
        for (int i = 0; i < n; i++) {
            low = Math.min(low, x[from + i]);
            high = Math.max(high, x[from + i]);
        }
        if (low >= 0 && high <= 1) {
            return x;
        }
        double[] out = clamped = capacity(clamped, from + n);
        for (int i = 0; i < n; i++) {
            long element = firstElement + i;
            out[from + i] = checked(x[from + i], element / rowWidth, element % rowWidth);
        }
        return out;
    }

    /**
     * {@link #logDensity(double[], double[], double[], int, int, double[], double, long, int)} for
     * data that {@link #inSupport} returned: the same sum and gradient, without the support check.
     */
    public double logDensityInSupport(double[] a, double[] x, double[] t, int from, int n, double[] gradient,
                                      double gradientScale) {
        double[] e = t;
        if (gradient == t) {
            // The gradient overwrites t, and the sums read e after it: keep a copy, at the same
            // indices (see gradient()).
            e = expNegAbs = capacity(expNegAbs, from + n);
            System.arraycopy(t, from, e, from, n);
        }
        if (gradient != null) {
            gradient(a, x, e, from, n, gradient, gradientScale);
        }
        return sums(a, x, from, e, from, n);
    }

    /** {@link #gradient(float[], float[], float[], int, int, float[], float)} in double. */
    private static void gradient(double[] a, double[] x, double[] e, int from, int n, double[] gradient,
                                 double scale) {
        for (int i = 0; i < n; i++) {
            double ai = a[from + i];
            double xi = x[from + i];
            double ei = e[from + i];
            double sigmoidOfAbs = 1 / (1 + ei);
            double sigmoidOfMinusAbs = ei * sigmoidOfAbs;
            double positive = Math.min(Math.max(ai * DOUBLE_STEP, 0), 1);
            double difference = sigmoidOfAbs - sigmoidOfMinusAbs;
            double sigmoid = sigmoidOfMinusAbs + positive * difference;
            double sigmoidOfMinus = sigmoidOfMinusAbs + (1 - positive) * difference;
            gradient[from + i] = scale * ((1 - xi) * sigmoid - xi * sigmoidOfMinus);
        }
    }

    /**
     * {@link #logDensity(double[], double[], double[], int, int, double[], double, long, int)} on
     * float arrays: e, the linear term and the gradient in float, the sums in double (see the
     * class documentation, "Precision").
     */
    public double logDensity(float[] a, float[] x, float[] t, int from, int n, float[] gradient,
                             double gradientScale, long firstElement, int rowWidth) {
        return logDensityInSupport(a, inSupport(x, from, n, firstElement, rowWidth), t, from, n, gradient,
                gradientScale);
    }

    /** {@link #inSupport(double[], int, int, long, int)} on floats. */
    public float[] inSupport(float[] x, int from, int n, long firstElement, int rowWidth) {
        float low = 0;
        float high = 1;
        for (int i = 0; i < n; i++) {
            low = Math.min(low, x[from + i]);
            high = Math.max(high, x[from + i]);
        }
        if (low >= 0 && high <= 1) {
            return x;
        }
        float[] out = clampedFloat = capacity(clampedFloat, from + n);
        for (int i = 0; i < n; i++) {
            long element = firstElement + i;
            out[from + i] = (float) checked(x[from + i], element / rowWidth, element % rowWidth);
        }
        return out;
    }

    /** {@link #logDensityInSupport(double[], double[], double[], int, int, double[], double)} on floats. */
    public double logDensityInSupport(float[] a, float[] x, float[] t, int from, int n, float[] gradient,
                                      double gradientScale) {
        float[] e = t;
        if (gradient == t) {
            e = expNegAbsFloat = capacity(expNegAbsFloat, from + n);
            System.arraycopy(t, from, e, from, n);
        }
        if (gradient != null) {
            gradient(a, x, e, from, n, gradient, (float) gradientScale);
        }
        return sums(a, x, from, e, from, n);
    }

    /**
     * gradient[from + i] = scale (sigmoid(a) - x). Every array is read and written at the same
     * index: with e at another offset, C2 cannot rule out that the store to {@code gradient}
     * feeds a later load from {@code e} (the same array at a shifted index) and does not
     * vectorise the loop: 4-5 ns per value against 0.5-0.7 (measured on one core of this
     * project's VM, JDK 17).
     */
    private static void gradient(float[] a, float[] x, float[] e, int from, int n, float[] gradient, float scale) {
        for (int i = 0; i < n; i++) {
            float ai = a[from + i];
            float xi = x[from + i];
            float ei = e[from + i];
            float sigmoidOfAbs = 1 / (1 + ei);
            float sigmoidOfMinusAbs = ei * sigmoidOfAbs;
            float positive = Math.min(Math.max(ai * FLOAT_STEP, 0), 1);
            float difference = sigmoidOfAbs - sigmoidOfMinusAbs;
            float sigmoid = sigmoidOfMinusAbs + positive * difference;
            float sigmoidOfMinus = sigmoidOfMinusAbs + (1 - positive) * difference;
            gradient[from + i] = scale * ((1 - xi) * sigmoid - xi * sigmoidOfMinus);
        }
    }

    /**
     * The support rule for one value: {@code x} if it is in [0, 1], else its clamped value if this
     * kernel clamps and x is not NaN, else the refusal.
     */
    public double checked(double x, long row, long column) {
        return checked(x, row, column, clampData);
    }

    /** {@link #checked(double, long, long)} for a kernel that clamps or not. */
    public static double checked(double x, long row, long column, boolean clampData) {
        if (x >= 0 && x <= 1) {
            return x;
        }
        if (clampData && !Double.isNaN(x)) {
            return Math.min(1.0, Math.max(0.0, x));
        }
        throw new DataOutsideSupport(x, row, column);
    }

    /**
     * sum (x a - max(a, 0)) - sum log1p(e), both in double, the products over eight accumulators
     * (each step waits on an add, a multiply and an add of its own chain), the linear term over
     * four. The linear
     * term is computed in this loop rather than in a map of its own: the loop waits on the
     * products' adds, and the term's three operations fit in that wait.
     */
    private static double sums(double[] a, double[] x, int from, double[] e, int eFrom, int n) {
        double l0 = 0;
        double l1 = 0;
        double l2 = 0;
        double l3 = 0;
        double sumLog1p = 0;
        for (int block = 0; block < n; block += PRODUCT_BLOCK) {
            int end = Math.min(n, block + PRODUCT_BLOCK);
            double p0 = 0;
            double p1 = 0;
            double p2 = 0;
            double p3 = 0;
            double p4 = 0;
            double p5 = 0;
            double p6 = 0;
            double p7 = 0;
            int i = block;
            for (; i + LANES <= end; i += LANES) {
                int j = from + i;
                int k = eFrom + i;
                l0 += (x[j] * a[j] - Math.max(a[j], 0)) + (x[j + 4] * a[j + 4] - Math.max(a[j + 4], 0));
                l1 += (x[j + 1] * a[j + 1] - Math.max(a[j + 1], 0)) + (x[j + 5] * a[j + 5] - Math.max(a[j + 5], 0));
                l2 += (x[j + 2] * a[j + 2] - Math.max(a[j + 2], 0)) + (x[j + 6] * a[j + 6] - Math.max(a[j + 6], 0));
                l3 += (x[j + 3] * a[j + 3] - Math.max(a[j + 3], 0)) + (x[j + 7] * a[j + 7] - Math.max(a[j + 7], 0));
                p0 = Math.fma(e[k], p0, p0 + e[k]);
                p1 = Math.fma(e[k + 1], p1, p1 + e[k + 1]);
                p2 = Math.fma(e[k + 2], p2, p2 + e[k + 2]);
                p3 = Math.fma(e[k + 3], p3, p3 + e[k + 3]);
                p4 = Math.fma(e[k + 4], p4, p4 + e[k + 4]);
                p5 = Math.fma(e[k + 5], p5, p5 + e[k + 5]);
                p6 = Math.fma(e[k + 6], p6, p6 + e[k + 6]);
                p7 = Math.fma(e[k + 7], p7, p7 + e[k + 7]);
            }
            for (; i < end; i++) {
                l0 += x[from + i] * a[from + i] - Math.max(a[from + i], 0);
                p0 = Math.fma(e[eFrom + i], p0, p0 + e[eFrom + i]);
            }
            sumLog1p += Math.log1p(combined(combined(p0, p1, p2, p3), combined(p4, p5, p6, p7)));
        }
        return (l0 + l1) + (l2 + l3) - sumLog1p;
    }

    /**
     * {@link #sums(double[], double[], int, double[], int, int)} on floats: the linear term in float
     * (x a - max(a, 0), one float rounding), widened into the double sums.
     */
    private static double sums(float[] a, float[] x, int from, float[] e, int eFrom, int n) {
        double l0 = 0;
        double l1 = 0;
        double l2 = 0;
        double l3 = 0;
        double sumLog1p = 0;
        for (int block = 0; block < n; block += PRODUCT_BLOCK) {
            int end = Math.min(n, block + PRODUCT_BLOCK);
            double p0 = 0;
            double p1 = 0;
            double p2 = 0;
            double p3 = 0;
            double p4 = 0;
            double p5 = 0;
            double p6 = 0;
            double p7 = 0;
            int i = block;
            for (; i + LANES <= end; i += LANES) {
                int j = from + i;
                int k = eFrom + i;
                l0 += (x[j] * a[j] - Math.max(a[j], 0f)) + (x[j + 4] * a[j + 4] - Math.max(a[j + 4], 0f));
                l1 += (x[j + 1] * a[j + 1] - Math.max(a[j + 1], 0f)) + (x[j + 5] * a[j + 5] - Math.max(a[j + 5], 0f));
                l2 += (x[j + 2] * a[j + 2] - Math.max(a[j + 2], 0f)) + (x[j + 6] * a[j + 6] - Math.max(a[j + 6], 0f));
                l3 += (x[j + 3] * a[j + 3] - Math.max(a[j + 3], 0f)) + (x[j + 7] * a[j + 7] - Math.max(a[j + 7], 0f));
                p0 = Math.fma(e[k], p0, p0 + e[k]);
                p1 = Math.fma(e[k + 1], p1, p1 + e[k + 1]);
                p2 = Math.fma(e[k + 2], p2, p2 + e[k + 2]);
                p3 = Math.fma(e[k + 3], p3, p3 + e[k + 3]);
                p4 = Math.fma(e[k + 4], p4, p4 + e[k + 4]);
                p5 = Math.fma(e[k + 5], p5, p5 + e[k + 5]);
                p6 = Math.fma(e[k + 6], p6, p6 + e[k + 6]);
                p7 = Math.fma(e[k + 7], p7, p7 + e[k + 7]);
            }
            for (; i < end; i++) {
                l0 += x[from + i] * a[from + i] - Math.max(a[from + i], 0f);
                p0 = Math.fma(e[eFrom + i], p0, p0 + e[eFrom + i]);
            }
            sumLog1p += Math.log1p(combined(combined(p0, p1, p2, p3), combined(p4, p5, p6, p7)));
        }
        return (l0 + l1) + (l2 + l3) - sumLog1p;
    }

    /** P with 1 + P = (1 + p0)(1 + p1)(1 + p2)(1 + p3), without rounding the small P's to 0. */
    private static double combined(double p0, double p1, double p2, double p3) {
        return combined(combined(p0, p1), combined(p2, p3));
    }

    /** P with 1 + P = (1 + p0)(1 + p1). */
    private static double combined(double p0, double p1) {
        return p0 + p1 * (1 + p0);
    }

    private static double[] capacity(double[] array, int n) {
        return array.length >= n ? array : new double[Math.max(n, 2 * array.length)];
    }

    private static float[] capacity(float[] array, int n) {
        return array.length >= n ? array : new float[Math.max(n, 2 * array.length)];
    }

    /**
     * The one refusal of logit-Bernoulli data outside [0, 1] (or NaN), from every entry point: names
     * the value, its row and its column. A caller whose rows are not its user's rows (a part of a
     * minibatch, replicated chains or samples) renumbers the row with {@link #atRow}.
     */
    public static final class DataOutsideSupport extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        private final double value;
        private final long row;
        private final long column;

        // Not public: ForkJoin then rethrows this instance from worker threads, not a wrapped copy.
        DataOutsideSupport(double value, long row, long column) {
            super(message(value, row, column));
            this.value = value;
            this.row = row;
            this.column = column;
        }

        public double value() {
            return value;
        }

        public long row() {
            return row;
        }

        public long column() {
            return column;
        }

        /** The same refusal at another row number. */
        public DataOutsideSupport atRow(long newRow) {
            DataOutsideSupport renumbered = new DataOutsideSupport(value, newRow, column);
            renumbered.setStackTrace(getStackTrace());
            return renumbered;
        }

        /**
         * The message; the value as the shortest decimal that reads back as it, in float if it is
         * a float (so FLOAT and DOUBLE data print alike).
         */
        static String message(double value, long row, long column) {
            String text = (double) (float) value == value || Double.isNaN(value) ? Float.toString((float) value)
                    : Double.toString(value);
            return "logit-Bernoulli data must be in [0, 1]: x = " + text + " at row " + row + ", column " + column
                    + ". Fix the data, or clamp values outside [0, 1] with "
                    + LogitBernoulliReconstructionDistribution.class.getSimpleName()
                    + "(clampData = true) (NaN is refused either way).";
        }
    }
}
