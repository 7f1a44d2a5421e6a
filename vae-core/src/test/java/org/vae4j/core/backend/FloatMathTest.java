package org.vae4j.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The block functions against {@link Math} in double, over their whole ranges and at the edges
 * (saturation, non-finite values, subnormals), on block lengths that are not multiples of any SIMD
 * width, and after enough calls for C2 to compile (and vectorize) the passes.
 */
class FloatMathTest {

    private static final int N = 1003;
    private final SplittableRandom random = new SplittableRandom(17);
    private final FloatMath math = new FloatMath(N);

    private float[] uniform(double low, double high) {
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = (float) random.nextDouble(low, high);
        }
        return x;
    }

    /** Relative, plus the documented absolute floor: e^x saturates at e^-87 = 1.6e-38. */
    private static void assertClose(double expected, float actual, double relative, String what) {
        assertTrue(Math.abs(actual - expected) <= relative * Math.abs(expected) + 1.7e-38,
                what + ": expected " + expected + ", got " + actual);
    }

    @Test
    void expIsWithinFloatPrecisionAndSaturatesAtTheClamp() {
        float[] out = new float[N];
        for (int call = 0; call < 300; call++) {
            float[] x = uniform(-87, 88);
            math.exp(x, N, out);
            for (int i = 0; i < N; i++) {
                assertClose(Math.exp(x[i]), out[i], 2e-7, "exp(" + x[i] + ")");
            }
        }
        float[] edges = {-1e30f, -100f, -87f, 0f, 88f, 100f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN};
        math.exp(edges, edges.length, out);
        assertClose(Math.exp(-87), out[0], 2e-7, "clamped below");
        assertClose(Math.exp(-87), out[1], 2e-7, "clamped below");
        assertEquals(1f, out[3]);
        assertClose(Math.exp(88), out[5], 2e-7, "clamped above");
        assertClose(Math.exp(-87), out[6], 2e-7, "-inf clamped");
        assertClose(Math.exp(88), out[7], 2e-7, "+inf clamped");
        assertTrue(Float.isNaN(out[8]), "NaN stays NaN");
    }

    @Test
    void expNegativeAbsIsWithinFloatPrecisionAndUnderflowsToZeroBelowTheClamp() {
        float[] out = new float[N];
        for (int call = 0; call < 300; call++) {
            float[] x = uniform(-86.9, 86.9);
            math.expNegativeAbs(x, N, out);
            for (int i = 0; i < N; i++) {
                double expected = Math.exp(-Math.abs(x[i]));
                assertTrue(Math.abs(out[i] - expected) <= 2e-7 * expected,
                        "exp(-|" + x[i] + "|): expected " + expected + ", got " + out[i]);
            }
        }
        float[] edges = {0f, -0f, 1f, -1f, 86.99f, -86.99f, 87f, -87f, 100f, -1e30f, Float.NEGATIVE_INFINITY,
                Float.POSITIVE_INFINITY, Float.NaN};
        math.expNegativeAbs(edges, edges.length, edges);   // in place
        assertEquals(1f, edges[0]);
        assertEquals(1f, edges[1]);
        assertEquals((float) Math.exp(-1), edges[2], 2e-7 * Math.exp(-1));
        assertEquals(edges[2], edges[3]);
        assertEquals(Math.exp(-86.99f), edges[4], 2e-7 * Math.exp(-86.99f));
        assertEquals(edges[4], edges[5]);
        for (int i = 6; i <= 11; i++) {
            assertEquals(0f, edges[i], "e^-|x| for |x| >= 87 is 0, as a float exp underflows (value " + i + ")");
        }
        assertTrue(Float.isNaN(edges[12]), "NaN stays NaN");
    }

    @Test
    void tanhIsRelativelyAccurateAtEveryScaleAndExactlyOneFromNineOn() {
        float[] out = new float[N];
        for (int call = 0; call < 400; call++) {
            float[] x = switch (call % 4) {
                case 0 -> uniform(-0.3, 0.3);
                case 1 -> uniform(-6, 6);
                case 2 -> uniform(-1e-6, 1e-6);
                default -> uniform(-10, 10);   // across the clamp at 9
            };
            math.tanh(x, N, out);
            for (int i = 0; i < N; i++) {
                double expected = Math.tanh(x[i]);
                assertTrue(Math.abs(out[i] - expected) <= 3.7e-7 * Math.abs(expected) + Float.MIN_VALUE,
                        "tanh(" + x[i] + "): expected " + expected + ", got " + out[i]);
            }
        }
        float[] edges = {0f, -0f, Math.nextDown(9f), 9f, -9f, 20f, -20f, 100f, -1e30f, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, Float.NaN, Float.MIN_VALUE, -Float.MIN_VALUE};
        math.tanh(edges, edges.length, edges);   // in place
        assertEquals(0f, edges[0]);
        assertEquals(-0f, edges[1]);
        assertEquals(Math.tanh(Math.nextDown(9f)), edges[2], 3.7e-7);
        for (int i = 3; i <= 10; i++) {
            assertEquals(i % 2 == 1 ? 1f : -1f, edges[i], "edge " + i);
        }
        assertTrue(Float.isNaN(edges[11]), "NaN stays NaN");
        assertEquals(Float.MIN_VALUE, edges[12]);
        assertEquals(-Float.MIN_VALUE, edges[13]);
    }

    @Test
    void logIsRelativelyAccurateEverywhereAndExactAtTheEdges() {
        float[] out = new float[N];
        for (int call = 0; call < 300; call++) {
            float[] x = uniform(-87, 88);
            for (int i = 0; i < N; i++) {
                x[i] = (float) Math.exp(x[i]);   // every binade of the normal floats
                if (i % 7 == 0) {
                    x[i] = 1f + (float) random.nextDouble(-1e-3, 1e-3);   // ln x near 0
                }
            }
            math.log(x, N, out);
            for (int i = 0; i < N; i++) {
                double expected = Math.log(x[i]);
                assertTrue(Math.abs(out[i] - expected) <= 2e-7 * Math.abs(expected) + 1e-12,
                        "log(" + x[i] + "): expected " + expected + ", got " + out[i]);
            }
        }
        float[] edges = {1f, 0f, Float.MIN_VALUE, -1f, Float.POSITIVE_INFINITY, Float.NaN, Float.MAX_VALUE};
        math.log(edges, edges.length, out);
        assertEquals(0f, out[0]);
        assertEquals(Float.NEGATIVE_INFINITY, out[1]);
        assertEquals((float) Math.log(Float.MIN_VALUE), out[2]);
        assertTrue(Float.isNaN(out[3]));
        assertEquals(Float.POSITIVE_INFINITY, out[4]);
        assertTrue(Float.isNaN(out[5]));
        assertClose(Math.log(Float.MAX_VALUE), out[6], 2e-7, "log(max)");
        assertThrows(IllegalArgumentException.class, () -> math.log(out, 3, out));
    }

    @Test
    void softplusMatchesTheStableDoubleFormulaAtEveryScale() {
        float[] out = new float[N];
        for (int call = 0; call < 300; call++) {
            float[] x = uniform(-100, 100);
            for (int i = 0; i < N; i += 5) {
                x[i] = (float) random.nextDouble(-3, 3);
            }
            math.softplus(x, N, out);
            for (int i = 0; i < N; i++) {
                double expected = Math.max(x[i], 0) + Math.log1p(Math.exp(-Math.abs((double) x[i])));
                assertClose(expected, out[i], 3e-7, "softplus(" + x[i] + ")");
            }
        }
        float[] edges = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 0f};
        math.softplus(edges, edges.length, edges);   // in place
        assertEquals(Float.POSITIVE_INFINITY, edges[0]);
        assertTrue(edges[1] >= 0 && edges[1] < 1e-37f, "softplus(-inf) ~ 0: " + edges[1]);
        assertTrue(Float.isNaN(edges[2]));
        assertClose(Math.log(2), edges[3], 2e-7, "softplus(0)");
    }

    @Test
    void sigmoidIsWithinFloatPrecisionInPlace() {
        for (int call = 0; call < 300; call++) {
            float[] x = uniform(-40, 40);
            float[] y = x.clone();
            math.sigmoid(y, N);
            for (int i = 0; i < N; i++) {
                assertClose(1.0 / (1.0 + Math.exp(-(double) x[i])), y[i], 3e-7, "sigmoid(" + x[i] + ")");
            }
        }
        float[] edges = {-1e30f, 1e30f, 0f};
        math.sigmoid(edges, edges.length);
        assertTrue(edges[0] >= 0 && edges[0] < 1e-37f);
        assertEquals(1f, edges[1]);
        assertEquals(0.5f, edges[2]);
    }

    @Test
    void moreValuesThanTheCapacityAreRefused() {
        float[] x = new float[N + 1];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> math.exp(x, N + 1, x));
        assertTrue(e.getMessage().contains("capacity " + N), e.getMessage());
    }
}
