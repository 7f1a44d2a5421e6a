package org.vae4j.eval.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class ImportanceWeightAccumulatorTest {

    @Test
    void effectiveSampleSizeIsKForEqualWeightsAndOneForASingleDominantWeight() {
        ImportanceWeightAccumulator equal = new ImportanceWeightAccumulator(new int[] {1, 2});
        ImportanceWeightAccumulator dominated = new ImportanceWeightAccumulator(new int[] {1, 2});
        for (int i = 0; i < 4; i++) {
            equal.add(-3.0, -1.0);
            dominated.add(i == 2 ? 0.0 : -800.0, -1.0);
        }
        assertEquals(4.0, equal.effectiveSampleSize(), 1e-12);
        assertEquals(1.0, dominated.effectiveSampleSize(), 1e-12);
        assertEquals(-3.0, equal.logMarginalLikelihood(), 1e-12);
        // IWAE-2 groups {-800, -800} and {0, -800}: mean of logmeanexp = (-800 + (0 - log 2)) / 2.
        assertEquals((-800 - Math.log(2)) / 2, dominated.iwaeBound(1), 1e-9);
        assertEquals(-1.0, equal.meanLogLikelihood(), 1e-15);
    }

    /**
     * The chunked merge against one sample at a time, on weights spread over 2,000 nats (so that some IWAE
     * groups lie far below a chunk's largest weight and take the one-by-one fallback), in chunks of sizes that
     * cut the groups of 3, 7 and 50 anywhere.
     */
    @Test
    void chunkedMergeEqualsAddingOneSampleAtATime() {
        int[] groups = {1, 3, 7, 50, 400};
        Random rnd = new Random(4);
        int k = 400;
        double[] logWeight = new double[k];
        double[] logLikelihood = new double[k];
        for (int i = 0; i < k; i++) {
            // Samples 100-114 lie 2,000 nats below the rest: whole groups of 3 and 7 there underflow relative to
            // their chunk's largest weight.
            double low = (i >= 100 && i < 115 ? 2000 : 0) + (i % 37 == 5 ? 2000 * rnd.nextDouble() : 0);
            logWeight[i] = -100 + 30 * rnd.nextGaussian() - low;
            logLikelihood[i] = -80 + 10 * rnd.nextGaussian();
        }
        ImportanceWeightAccumulator one = new ImportanceWeightAccumulator(groups);
        for (int i = 0; i < k; i++) {
            one.add(logWeight[i], logLikelihood[i]);
        }
        ImportanceWeightAccumulator chunked = new ImportanceWeightAccumulator(groups);
        double[] scratch = new double[k];
        int[] chunkSizes = {1, 2, 13, 64, 5, 100, 215};
        int from = 0;
        for (int size : chunkSizes) {
            chunked.addAll(logWeight, logLikelihood, from, size, scratch);
            from += size;
        }
        assertEquals(k, from);
        assertEquals(one.samples(), chunked.samples());
        assertEquals(one.logMarginalLikelihood(), chunked.logMarginalLikelihood(),
                1e-12 * Math.abs(one.logMarginalLikelihood()));
        assertEquals(one.effectiveSampleSize(), chunked.effectiveSampleSize(), 1e-12 * one.effectiveSampleSize());
        assertEquals(one.meanLogLikelihood(), chunked.meanLogLikelihood(), 1e-12 * Math.abs(one.meanLogLikelihood()));
        for (int j = 0; j < groups.length; j++) {
            double expected = one.iwaeBound(j);
            assertTrue(Double.isFinite(expected), "group " + groups[j]);
            assertEquals(expected, chunked.iwaeBound(j), 1e-12 * Math.abs(expected), "IWAE group " + groups[j]);
        }
    }

    @Test
    void chunkedMergeKeepsNaNStickyAndZeroWeightsCounted() {
        ImportanceWeightAccumulator zero = new ImportanceWeightAccumulator(new int[] {1, 2});
        double[] scratch = new double[4];
        zero.addAll(new double[] {Double.NEGATIVE_INFINITY, -1.0, -1.0, Double.NEGATIVE_INFINITY},
                new double[] {-2, -2, -2, -2}, 0, 4, scratch);
        assertEquals(4, zero.samples());
        assertEquals(-1.0 + Math.log(2.0 / 4), zero.logMarginalLikelihood(), 1e-15);
        // Groups of two: {-inf, -1} and {-1, -inf}, each logmeanexp -1 - log 2.
        assertEquals(-1.0 - Math.log(2), zero.iwaeBound(1), 1e-15);

        ImportanceWeightAccumulator nan = new ImportanceWeightAccumulator(new int[] {1});
        nan.addAll(new double[] {-1.0, Double.NaN, -2.0}, new double[] {-2, -2, -2}, 0, 3, scratch);
        assertTrue(Double.isNaN(nan.logMarginalLikelihood()));
    }
}
