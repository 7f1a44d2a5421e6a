package org.vae4j.eval.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The product forms against sums of Math.log1p / Math.log, over lengths that exercise every tail. */
class LogProductsTest {

    @Test
    void sumLogOnePlusMatchesLog1pOverTheWholeFloatRange() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n = 0; n <= 200; n++) {
            float[] t = new float[n];
            double expected = 0;
            for (int i = 0; i < n; i++) {
                // exp of logits in [-110, 88.7): zero, subnormal, tiny, moderate and near Float.MAX_VALUE
                t[i] = (float) Math.exp(random.nextDouble(-110, 88.7));
                expected += Math.log1p(t[i]);
            }
            double actual = LogProducts.sumLogOnePlus(t, n);
            assertEquals(expected, actual, 1e-13 * Math.max(1, Math.abs(expected)), "n = " + n);
        }
    }

    @Test
    void allFactorsAtTheFloatMaximumDoNotOverflow() {
        float[] t = new float[784];
        java.util.Arrays.fill(t, Float.MAX_VALUE);
        double expected = 784 * Math.log1p(Float.MAX_VALUE);
        assertEquals(expected, LogProducts.sumLogOnePlus(t, t.length), 1e-12 * expected);
        java.util.Arrays.fill(t, 0f);
        assertEquals(0.0, LogProducts.sumLogOnePlus(t, t.length), 0.0);
    }

    @Test
    void anInfiniteOrNaNFactorNeverGivesAFiniteSum() {
        for (int n : new int[] {1, 3, 55, 56, 57, 784}) {
            for (int at : new int[] {0, n / 2, n - 1}) {
                for (float bad : new float[] {Float.POSITIVE_INFINITY, Float.NaN}) {
                    float[] t = new float[n];
                    java.util.Arrays.fill(t, 2f);
                    t[at] = bad;
                    assertTrue(!Double.isFinite(LogProducts.sumLogOnePlus(t, n)), "n = " + n + ", at " + at);
                }
            }
        }
    }

    @Test
    void sumLogMatchesLogOverTheSelectedIndices() {
        SplittableRandom random = new SplittableRandom(4);
        float[] t = new float[300];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) Math.exp(random.nextDouble(-87, 88.7));   // normal floats only
        }
        for (int n = 0; n <= 120; n++) {
            int[] indices = random.ints(n, 0, t.length).toArray();
            double expected = 0;
            for (int index : indices) {
                expected += Math.log(t[index]);
            }
            assertEquals(expected, LogProducts.sumLog(t, indices), 1e-13 * Math.max(1, Math.abs(expected)));
        }
    }

    @Test
    void sumLogRefusesFactorsThatLostPrecision() {
        float[] t = {1f, 0f, Float.MIN_VALUE, Float.MIN_NORMAL / 2, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_NORMAL};
        assertTrue(Double.isNaN(LogProducts.sumLog(t, new int[] {0, 1})), "zero");
        assertTrue(Double.isNaN(LogProducts.sumLog(t, new int[] {2})), "smallest subnormal");
        assertTrue(Double.isNaN(LogProducts.sumLog(t, new int[] {3, 0})), "subnormal");
        assertTrue(Double.isNaN(LogProducts.sumLog(t, new int[] {4})), "NaN");
        assertEquals(Double.POSITIVE_INFINITY, LogProducts.sumLog(t, new int[] {0, 5}));
        assertEquals(Math.log(Float.MIN_NORMAL), LogProducts.sumLog(t, new int[] {6}), 1e-12);
    }
}
