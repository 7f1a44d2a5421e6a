package org.vae4j.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StreamingLogSumExpTest {

    @Test
    void matchesTheDirectSumInAnyOrderAndSurvivesValuesExpCannotRepresent() {
        double[] values = {-1200.5, -1199.0, -1210.25, -1198.75, -1205.0};
        double shift = 1200;
        double direct = 0;
        for (double v : values) {
            direct += Math.exp(v + shift);
        }
        double expected = Math.log(direct) - shift;   // exp(-1200) underflows: shift by hand
        StreamingLogSumExp forward = new StreamingLogSumExp();
        StreamingLogSumExp backward = new StreamingLogSumExp();
        for (int i = 0; i < values.length; i++) {
            forward.add(values[i]);
            backward.add(values[values.length - 1 - i]);
        }
        assertEquals(expected, forward.logSumExp(), 1e-12);
        assertEquals(expected, backward.logSumExp(), 1e-12);
        assertEquals(expected - Math.log(5), forward.logMeanExp(), 1e-12);
    }

    @Test
    void zeroWeightsCountButAddNothingAndNaNIsSticky() {
        StreamingLogSumExp s = new StreamingLogSumExp();
        s.add(Double.NEGATIVE_INFINITY);
        s.add(0.0);
        s.add(Double.NEGATIVE_INFINITY);
        assertEquals(0.0, s.logSumExp(), 0.0);
        assertEquals(-Math.log(3), s.logMeanExp(), 1e-15);
        s.add(Double.NaN);
        s.add(5.0);
        assertTrue(Double.isNaN(s.logSumExp()));
    }

    /** Partial sums merged in any order, above and below the running maximum, equal the values added one by one. */
    @Test
    void partialSumsMergeLikeTheirValues() {
        double[][] parts = {{-3.0, -700.0, -5.5}, {10.0, 9.0}, {-1e3}, {Double.NEGATIVE_INFINITY, 2.0}};
        StreamingLogSumExp oneByOne = new StreamingLogSumExp();
        StreamingLogSumExp merged = new StreamingLogSumExp();
        for (double[] part : parts) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : part) {
                oneByOne.add(v);
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : part) {
                sum += Math.exp(v - max);
            }
            merged.addPartial(max, sum, part.length);
        }
        assertEquals(oneByOne.count(), merged.count());
        assertEquals(oneByOne.logSumExp(), merged.logSumExp(), 1e-13 * Math.abs(oneByOne.logSumExp()));
        merged.addPartial(0.0, 0.0, 3);   // three values of -infinity
        assertEquals(11, merged.count());
        assertEquals(oneByOne.logSumExp(), merged.logSumExp(), 1e-13 * Math.abs(oneByOne.logSumExp()));
        merged.addPartial(1.0, Double.NaN, 1);
        assertTrue(Double.isNaN(merged.logSumExp()));
    }
}
