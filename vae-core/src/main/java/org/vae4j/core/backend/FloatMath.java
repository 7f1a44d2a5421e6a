package org.vae4j.core.backend;

/**
 * exp, log, softplus and sigmoid over blocks of floats, to float precision (relative error about
 * 1e-7), written as short passes of plain arithmetic that HotSpot's C2 compiles to SIMD
 * instructions: about 1-1.5 ns per value where {@link Math} or ND4J's native transforms take 5-9 ns
 * (measured on this project's 2-core AMD EPYC VM, JDK 17). No JVM option or module is needed, so a
 * DL4J application that imports vae-core gets the same speed. Why passes: a loop whose body mixes
 * the bit-level steps (exponent extraction, 2^n) with the polynomial is not vectorized, and then a
 * polynomial's dependency chain costs 4 ns per value; split, the arithmetic passes vectorize.
 *
 * <p>Methods: Cody-Waite range reduction with Cephes' expf polynomial; musl's logf reduction to
 * [sqrt(1/2), sqrt 2) with the atanh series; log1p on (0, 1] by the atanh series of t / (2 + t),
 * which stays relatively accurate for tiny t. exp saturates: its argument is clamped to [-87, 88],
 * so e^x never underflows below 1.6e-38 nor overflows (NaN stays NaN); callers here only add such
 * values to 1 or to a scale floor.
 *
 * <p>One instance holds scratch arrays for blocks of up to {@code capacity} values and is not
 * thread-safe: one per thread.
 */
public final class FloatMath {

    private static final float LOG2_E = 1.44269504f;
    /** 1.5 * 2^23: x + MAGIC rounds x to an integer held in the low bits of the sum's mantissa. */
    private static final float MAGIC = 12582912f;
    private static final int MAGIC_BITS = 0x4B400000;
    /** ln 2 = LN2_HIGH + LN2_LOW; k * LN2_HIGH is exact for |k| < 2^15. */
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;
    private static final float EXP_MIN = -87f;
    private static final float EXP_MAX = 88f;
    private static final int ONE_BITS = 0x3F800000;
    private static final int SQRT_HALF_BITS = 0x3F3504F3;
    private static final int MANTISSA = 0x007FFFFF;

    private final int[] bits;
    private final float[] work;
    private final float[] argument;

    /** @param capacity the most values one call handles */
    public FloatMath(int capacity) {
        this.bits = new int[capacity];
        this.work = new float[capacity];
        this.argument = new float[capacity];
    }

    /** The most values one call handles. */
    public int capacity() {
        return work.length;
    }

    /** out[i] = e^x[i] for i in [0, n), the argument clamped to [-87, 88]; {@code out} may be {@code x}. */
    public void exp(float[] x, int n, float[] out) {
        check(n);
        float[] t = work;
        for (int i = 0; i < n; i++) {
            t[i] = Math.min(Math.max(x[i], EXP_MIN), EXP_MAX) * LOG2_E + MAGIC;
        }
        for (int i = 0; i < n; i++) {
            float c = Math.min(Math.max(x[i], EXP_MIN), EXP_MAX);
            float k = t[i] - MAGIC;
            float r = c - k * LN2_HIGH - k * LN2_LOW;   // |r| <= ln2 / 2
            float p = 1.9875691500e-4f;
            p = p * r + 1.3981999507e-3f;
            p = p * r + 8.3334519073e-3f;
            p = p * r + 4.1665795894e-2f;
            p = p * r + 1.6666665459e-1f;
            p = p * r + 5.0000001201e-1f;
            out[i] = p * r * r + r + 1f;
        }
        // Times 2^k, made from k's bits. C2 (JDK 17) vectorises neither reinterpretation, so both sit in
        // this one scalar pass: 0.3-0.4 ns per value less than a pass of their own (a microbenchmark).
        for (int i = 0; i < n; i++) {
            out[i] *= Float.intBitsToFloat((Float.floatToRawIntBits(t[i]) - MAGIC_BITS + 127) << 23);
        }
    }

    /**
     * out[i] = e^-|x[i]| for i in [0, n), and exactly 0 where |x[i]| >= 87 (where e^-|x| is below
     * 1.7e-38: the value underflows as a float exp does, rather than saturating like {@link #exp});
     * NaN stays NaN. {@code out} may be {@code x}. The logit-Bernoulli kernel's e.
     */
    public void expNegativeAbs(float[] x, int n, float[] out) {
        check(n);
        float[] t = argument;   // exp uses work and bits, so t survives it
        for (int i = 0; i < n; i++) {
            t[i] = -Math.abs(x[i]);
        }
        exp(t, n, out);
        for (int i = 0; i < n; i++) {
            // 1 where -|x| > EXP_MIN, 0 at or below it, without a branch (NaN stays NaN).
            out[i] *= Math.min(Math.max((t[i] - EXP_MIN) * 0x1p100f, 0f), 1f);
        }
    }

    /**
     * out[i] = ln x[i] for i in [0, n); {@code out} must not be {@code x}. Zero, subnormal, negative
     * and non-finite arguments go through {@link Math#log}.
     */
    public void log(float[] x, int n, float[] out) {
        check(n);
        if (out == x || x == argument || out == argument) {
            throw new IllegalArgumentException("FloatMath.log: out must not be x");
        }
        float[] m = work;
        float[] k = argument;
        // musl's logf: x = 2^k m with m in [sqrt(1/2), sqrt 2); one step per pass (see the class comment).
        for (int i = 0; i < n; i++) {
            bits[i] = Float.floatToRawIntBits(x[i]) + (ONE_BITS - SQRT_HALF_BITS);
        }
        for (int i = 0; i < n; i++) {
            k[i] = (bits[i] >> 23) - 127;
        }
        for (int i = 0; i < n; i++) {
            bits[i] = (bits[i] & MANTISSA) + SQRT_HALF_BITS;
        }
        for (int i = 0; i < n; i++) {
            m[i] = Float.intBitsToFloat(bits[i]);
        }
        for (int i = 0; i < n; i++) {
            float f = m[i];
            float s = (f - 1f) / (f + 1f);   // |s| <= 0.1716
            float s2 = s * s;
            float lnM = 2f * s * (1f + s2 * (1f / 3 + s2 * (1f / 5 + s2 * (1f / 7 + s2 * (1f / 9)))));
            out[i] = k[i] * LN2_HIGH + (k[i] * LN2_LOW + lnM);
        }
        for (int i = 0; i < n; i++) {
            float v = x[i];
            if (!(v >= Float.MIN_NORMAL && v <= Float.MAX_VALUE)) {
                out[i] = (float) Math.log(v);
            }
        }
    }

    /** out[i] = ln(1 + e^x[i]), with no overflow at any x; {@code out} may be {@code x}. */
    public void softplus(float[] x, int n, float[] out) {
        check(n);
        float[] t = argument;
        for (int i = 0; i < n; i++) {
            t[i] = -Math.abs(x[i]);
        }
        exp(t, n, t);   // e^-|x| in (0, 1]
        for (int i = 0; i < n; i++) {
            // ln(1 + t) = 2 atanh(s), s = t / (2 + t) in (0, 1/3]: relatively accurate for tiny t.
            float s = t[i] / (2f + t[i]);
            float s2 = s * s;
            float log1p = 2f * s * (1f + s2 * (1f / 3 + s2 * (1f / 5 + s2 * (1f / 7 + s2 * (1f / 9
                    + s2 * (1f / 11 + s2 * (1f / 13)))))));
            out[i] = Math.max(x[i], 0f) + log1p;
        }
    }

    /** x[i] = 1 / (1 + e^-x[i]) in place. */
    public void sigmoid(float[] x, int n) {
        check(n);
        float[] e = argument;
        for (int i = 0; i < n; i++) {
            e[i] = -x[i];
        }
        exp(e, n, e);
        for (int i = 0; i < n; i++) {
            x[i] = 1f / (1f + e[i]);
        }
    }

    /**
     * out[i] = tanh(x[i]) for i in [0, n); {@code out} may be {@code x}. For |x| >= 1/4,
     * (1 - E) / (1 + E) with E = e^-2x (relative error below 4e-7: |1 - E| >= 0.39 there; exp's
     * clamp keeps E finite, and the ratio is then +-1 to float precision); below, its Taylor
     * series to x^11 (below 1e-8), chosen per value without a branch. No abs or sign inside the
     * ratio: C2 does not vectorise {@code Math.copySign}.
     */
    public void tanh(float[] x, int n, float[] out) {
        check(n);
        float[] t = argument;
        for (int i = 0; i < n; i++) {
            t[i] = -2f * x[i];
        }
        exp(t, n, t);
        for (int i = 0; i < n; i++) {
            float v = x[i];
            float ratio = (1f - t[i]) / (1f + t[i]);
            float c = Math.min(Math.max(v, -0.25f), 0.25f);   // keeps the unused series finite
            float c2 = c * c;
            float series = c * (1f + c2 * (-1f / 3 + c2 * (2f / 15 + c2 * (-17f / 315 + c2 * (62f / 2835
                    + c2 * (-1382f / 155925))))));
            // 1 where |x| < 1/4, 0 at or above it (NaN propagates through ratio).
            float small = Math.min(Math.max((0.25f - Math.abs(v)) * 0x1p100f, 0f), 1f);
            out[i] = ratio + small * (series - ratio);
        }
    }

    private void check(int n) {
        if (n < 0 || n > work.length) {
            throw new IllegalArgumentException("FloatMath: " + n + " values, capacity " + work.length);
        }
    }
}
