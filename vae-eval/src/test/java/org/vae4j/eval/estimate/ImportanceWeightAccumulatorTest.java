package org.vae4j.eval.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
