package org.vae4j.examples.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.schedule.MapSchedule;

class IwaeScheduleTest {

    @Test
    void burdaScheduleHas3PowIEpochsAtTenToMinusIOverSeven() {
        assertEquals(3280, IwaeVaeMnistRecipe.scheduleEpochs());
        MapSchedule s = IwaeVaeMnistRecipe.schedule(1e-3);
        assertEquals(1e-3, s.valueAt(0, 0), 1e-15);
        // Stage 1 covers epochs 1..3, stage 2 epochs 4..12, stage 7 epochs 1093..3279.
        assertEquals(1e-3 * Math.pow(10, -1 / 7.0), s.valueAt(0, 1), 1e-15);
        assertEquals(1e-3 * Math.pow(10, -1 / 7.0), s.valueAt(0, 3), 1e-15);
        assertEquals(1e-3 * Math.pow(10, -2 / 7.0), s.valueAt(0, 4), 1e-15);
        assertEquals(1e-3 * Math.pow(10, -6 / 7.0), s.valueAt(0, 1092), 1e-15);
        assertEquals(1e-4, s.valueAt(0, 1093), 1e-15);
        assertEquals(1e-4, s.valueAt(0, 3279), 1e-15);
    }
}
