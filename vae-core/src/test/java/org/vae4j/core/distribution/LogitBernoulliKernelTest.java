package org.vae4j.core.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link LogitBernoulliKernel} against a careful double reference, x a - max(a, 0) -
 * log1p(expNegativeAbs(-|a|)) and (1 - x) sigmoid(a) - x sigmoid(-a) with sigmoid from the exponential of a
 * non-positive number (each a few ulps), at logits from 0 to 1e4 where FLOAT's exp overflows (89)
 * and DOUBLE's (710), for x = 0, 1 and 0.3. Tolerances are relative, with the type's smallest
 * normal number as the floor (below it the kernel takes expNegativeAbs(-|a|) as 0): 1e-14 in DOUBLE, 1e-6 in
 * FLOAT. A kernel that computed softplus(-|a|) from a rounded sigmoid (log(1/2 + |s - 1/2|), or
 * a product of 1 + e factors) would lose e^-20 next to 1 and fail at a = +-20.
 */
class LogitBernoulliKernelTest {

    private static final double[] LOGITS = {0, 1e-3, -1e-3, 20, -20, 88, -88, 89, -89, 100, -100, 709, -709, 710,
        -710, 1e4, -1e4};
    private static final double[] DATA = {0, 1, 0.3};

    @Test
    void doubleLogDensityAndGradientAreExactAtEveryLogit() {
        for (double a : LOGITS) {
            for (double x : DATA) {
                double[] t = expNegativeAbs(new double[] {a});
                double[] gradient = new double[1];
                double logDensity = new LogitBernoulliKernel(false).logDensity(new double[] {a}, new double[] {x}, t,
                        0, 1, gradient, 1.0, 0, 1);
                String at = "x = " + x + ", a = " + a;
                assertClose(referenceLogDensity(x, a), logDensity, 1e-14, Double.MIN_NORMAL, "log p, " + at);
                assertGradient(referenceGradient(x, a), gradient[0], 1e-14, Double.MIN_NORMAL, x, a, "gradient, " + at);
            }
        }
    }

    @Test
    void floatLogDensityAndGradientAreExactToFloatPrecisionAtEveryLogit() {
        for (double logit : LOGITS) {
            for (double data : DATA) {
                float a = (float) logit;
                float x = (float) data;
                float[] t = expNegativeAbs(new float[] {a});
                float[] gradient = new float[1];
                double logDensity = new LogitBernoulliKernel(false).logDensity(new float[] {a}, new float[] {x}, t,
                        0, 1, gradient, 1.0, 0, 1);
                String at = "x = " + x + ", a = " + a;
                assertClose(referenceLogDensity(x, a), logDensity, 1e-6, Float.MIN_NORMAL, "log p, " + at);
                assertGradient(referenceGradient(x, a), gradient[0], 2e-6, Float.MIN_NORMAL, x, a, "gradient, " + at);
            }
        }
    }

    /** Thousands of values (several product blocks, a remainder), offsets, a scale and gradient in place of t. */
    @Test
    void longRunsSumExactlyAndTheGradientMayOverwriteT() {
        Random random = new Random(3);
        int offset = 5;
        int n = 3 * LogitBernoulliKernel.PRODUCT_BLOCK + 37;
        double[] a = new double[offset + n];
        double[] x = new double[offset + n];
        for (int i = offset; i < offset + n; i++) {
            a[i] = i % 7 == 0 ? LOGITS[random.nextInt(LOGITS.length)] : 30 * (2 * random.nextDouble() - 1);
            x[i] = i % 3 == 0 ? random.nextDouble() : random.nextInt(2);
        }
        double[] t = expNegativeAbs(a);
        double expected = 0;
        for (int i = offset; i < offset + n; i++) {
            expected += referenceLogDensity(x[i], a[i]);
        }
        double actual = new LogitBernoulliKernel(false).logDensity(a, x, t, offset, n, t, 0.25, 0, 10);
        assertClose(expected, actual, 1e-13, 0, "sum over " + n);
        for (int i = offset; i < offset + n; i++) {
            assertGradient(0.25 * referenceGradient(x[i], a[i]), t[i], 1e-14 * 0.25, Double.MIN_NORMAL, x[i], a[i],
                    "gradient " + i);
        }

        float[] af = new float[offset + n];
        float[] xf = new float[offset + n];
        double expectedFloat = 0;
        for (int i = offset; i < offset + n; i++) {
            af[i] = (float) a[i];
            xf[i] = (float) x[i];
            expectedFloat += referenceLogDensity(xf[i], af[i]);
        }
        float[] tf = expNegativeAbs(af);
        double actualFloat = new LogitBernoulliKernel(false).logDensity(af, xf, tf, offset, n, tf, -1.0, 0, 10);
        assertClose(expectedFloat, actualFloat, 1e-6, 0, "float sum over " + n);
        for (int i = offset; i < offset + n; i++) {
            assertGradient(-referenceGradient(xf[i], af[i]), tf[i], 2e-6, Float.MIN_NORMAL, xf[i], af[i],
                    "float gradient " + i);
        }
    }

    @Test
    void dataOutsideZeroOneIsRefusedWithOneMessageNamingValueRowAndColumn() {
        for (double bad : new double[] {-0.1, 1.5, Double.NaN}) {
            for (boolean clamp : new boolean[] {false, true}) {
                if (clamp && !Double.isNaN(bad)) {
                    continue;   // clamped, below
                }
                // index 13 of the arrays is element 57 + 3 = 60 of the caller's rows of 8: row 7, column 4
                String expected = "logit-Bernoulli data must be in [0, 1]: x = " + bad + " at row 7, column 4. Fix the"
                        + " data, or clamp values outside [0, 1] with LogitBernoulliReconstructionDistribution"
                        + "(clampData = true) (NaN is refused either way).";
                double[] a = new double[30];
                double[] x = new double[30];
                x[13] = bad;
                x[20] = 2;   // outside the run: not looked at
                LogitBernoulliKernel kernel = new LogitBernoulliKernel(clamp);
                LogitBernoulliKernel.DataOutsideSupport e = assertThrows(LogitBernoulliKernel.DataOutsideSupport.class,
                        () -> kernel.logDensity(a, x, expNegativeAbs(a), 10, 10, null, 1, 57, 8));
                assertEquals(expected, e.getMessage());
                assertEquals(7, e.row());
                assertEquals(4, e.column());
                assertEquals(expected.replace("row 7", "row 70"), e.atRow(70).getMessage());

                float[] af = new float[30];
                float[] xf = new float[30];
                xf[13] = (float) bad;
                e = assertThrows(LogitBernoulliKernel.DataOutsideSupport.class,
                        () -> kernel.logDensity(af, xf, expNegativeAbs(af), 10, 10, new float[30], 1, 57, 8));
                assertEquals(expected, e.getMessage(), "FLOAT data prints as DOUBLE data does");

                e = assertThrows(LogitBernoulliKernel.DataOutsideSupport.class, () -> kernel.checked(bad, 7, 4));
                assertEquals(expected, e.getMessage());
            }
        }
    }

    @Test
    void aClampingKernelComputesTheClampedDataAndStillRefusesNaN() {
        double[] a = {20, -20, 3, -1e4};
        double[] outside = {1.5, -0.1, 7, -3};
        double[] clamped = {1, 0, 1, 0};
        double[] gradientOutside = new double[4];
        double[] gradientClamped = new double[4];
        LogitBernoulliKernel kernel = new LogitBernoulliKernel(true);
        double fromOutside = kernel.logDensity(a, outside, expNegativeAbs(a), 0, 4, gradientOutside, 1, 0, 4);
        double fromClamped = new LogitBernoulliKernel(false).logDensity(a, clamped, expNegativeAbs(a), 0, 4, gradientClamped, 1,
                0, 4);
        assertEquals(fromClamped, fromOutside, 0.0);
        assertEquals(java.util.Arrays.toString(gradientClamped), java.util.Arrays.toString(gradientOutside));
        assertEquals(outside[0], 1.5, 0.0, "the caller's data is not modified");

        float[] af = {20, -20, 3, -1e4f};
        float[] outsideFloat = {1.5f, -0.1f, 7, -3};
        float[] clampedFloat = {1, 0, 1, 0};
        assertEquals(new LogitBernoulliKernel(false).logDensity(af, clampedFloat, expNegativeAbs(af), 0, 4, null, 1, 0, 4),
                kernel.logDensity(af, outsideFloat, expNegativeAbs(af), 0, 4, null, 1, 0, 4), 0.0);
        assertEquals(1.0, kernel.checked(1.5, 0, 0), 0.0);
        assertEquals(0.0, kernel.checked(-0.1, 0, 0), 0.0);
        assertThrows(LogitBernoulliKernel.DataOutsideSupport.class, () -> kernel.checked(Double.NaN, 0, 0));
        double[] withNaN = {0, Double.NaN, 1.5, 1};
        assertThrows(LogitBernoulliKernel.DataOutsideSupport.class,
                () -> kernel.logDensity(a, withNaN, expNegativeAbs(a), 0, 4, null, 1, 0, 4));
    }

    /**
     * Checking data once (inSupport) and scoring many logit rows against it gives what logDensity
     * gives row by row, also past an offset and when the data had to be clamped.
     */
    @Test
    void dataCheckedOnceScoresEveryRowAsLogDensityDoes() {
        double[] x = {9, 9, 1.5, -0.1, 7, 0.25, 1, 0};
        float[] xf = {9, 9, 1.5f, -0.1f, 7, 0.25f, 1, 0};
        LogitBernoulliKernel clamping = new LogitBernoulliKernel(true);
        double[] checked = clamping.inSupport(x, 2, 6, 0, 6);
        float[] checkedFloat = clamping.inSupport(xf, 2, 6, 0, 6);
        assertEquals(9.0, x[0], 0.0, "the caller's data is not modified");
        for (double[] a : new double[][] {{0, 0, 20, -20, 3, -1e4, 1e4, -0.5}, {0, 0, -3, 2, 0.1, 40, -40, 0}}) {
            float[] af = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                af[i] = (float) a[i];
            }
            double[] gradientOnce = new double[8];
            double[] gradientEach = new double[8];
            assertEquals(clamping.logDensity(a, x, expNegativeAbs(a), 2, 6, gradientEach, 0.5, 0, 6),
                    clamping.logDensityInSupport(a, checked, expNegativeAbs(a), 2, 6, gradientOnce, 0.5), 0.0);
            assertEquals(java.util.Arrays.toString(gradientEach), java.util.Arrays.toString(gradientOnce));
            assertEquals(clamping.logDensity(af, xf, expNegativeAbs(af), 2, 6, null, 1, 0, 6),
                    clamping.logDensityInSupport(af, checkedFloat, expNegativeAbs(af), 2, 6, null, 1), 0.0);
        }
        double[] inRange = {0, 0.5, 1};
        assertSame(inRange, new LogitBernoulliKernel(false).inSupport(inRange, 0, 3, 0, 3), "data in [0, 1] is not copied");
        LogitBernoulliKernel.DataOutsideSupport refused = assertThrows(LogitBernoulliKernel.DataOutsideSupport.class,
                () -> new LogitBernoulliKernel(false).inSupport(x, 2, 6, 60, 6));
        assertEquals(10, refused.row());
        assertEquals(0, refused.column());
    }

    @Test
    void theExponentialOfMinusAbsIsNativeOpsInTheArraysType() {
        INDArray logits = Nd4j.createFromArray(new float[] {0, 89, -89, 1e4f, -2});
        INDArray e = logits.ulike();
        LogitBernoulliKernel.expNegativeAbs(logits, e);
        assertEquals(DataType.FLOAT, e.dataType());
        assertEquals(1f, e.getFloat(0), 0f);
        // exp(-89) is a float subnormal on both sides of 0; exp(-1e4) underflows to 0; never infinite.
        assertTrue(e.getFloat(1) > 0 && e.getFloat(1) < Float.MIN_NORMAL && e.getFloat(2) == e.getFloat(1));
        assertEquals(0f, e.getFloat(3), 0f);
        assertEquals((float) Math.exp(-2), e.getFloat(4), 1e-7f);
        assertEquals(-2f, logits.getFloat(4), 0f, "the logits are left as they were");
    }

    static double referenceLogDensity(double x, double a) {
        return x * a - Math.max(a, 0) - Math.log1p(Math.exp(-Math.abs(a)));
    }

    /** d(-log p)/da = sigmoid(a) - x, written so that nothing cancels for x = 0 or 1. */
    static double referenceGradient(double x, double a) {
        return (1 - x) * sigmoid(a) - x * sigmoid(-a);
    }

    private static double sigmoid(double a) {
        double e = Math.exp(-Math.abs(a));
        return a >= 0 ? 1 / (1 + e) : e / (1 + e);
    }

    /**
     * Relative to the size of the gradient's two terms, (1 - x) sigmoid(a) + x sigmoid(-a): for x
     * strictly inside (0, 1) they may cancel, and then only their own rounding is round-off. For x = 0
     * or 1 one term is 0 and this is relative to the gradient itself. (A scaled gradient scales
     * {@code relative}.)
     */
    private static void assertGradient(double expected, double actual, double relative, double floor, double x,
                                       double a, String what) {
        double terms = (1 - x) * sigmoid(a) + x * sigmoid(-a);
        double error = Math.abs(actual - expected);
        assertTrue(error <= relative * terms + floor,
                what + ": expected " + expected + ", got " + actual + " (error " + error + ")");
    }

    private static void assertClose(double expected, double actual, double relative, double floor, String what) {
        double error = Math.abs(actual - expected);
        assertTrue(error <= relative * Math.abs(expected) + floor,
                what + ": expected " + expected + ", got " + actual + " (error " + error + ")");
    }

    private static double[] expNegativeAbs(double[] a) {
        INDArray logits = Nd4j.createFromArray(a);
        INDArray t = logits.ulike();
        LogitBernoulliKernel.expNegativeAbs(logits, t);
        return t.toDoubleVector();
    }

    private static float[] expNegativeAbs(float[] a) {
        INDArray logits = Nd4j.createFromArray(a);
        INDArray t = logits.ulike();
        LogitBernoulliKernel.expNegativeAbs(logits, t);
        return t.toFloatVector();
    }
}
