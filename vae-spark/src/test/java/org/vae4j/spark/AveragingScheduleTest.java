package org.vae4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AveragingScheduleTest {

    @Test
    void assignsMinibatchesToRoundsWorkersAndSteps() {
        // 23 examples, minibatch 3 -> 8 minibatches (last holds 2); 2 workers x 3 steps per round.
        AveragingSchedule s = new AveragingSchedule(23, 3, 2, 3);
        assertEquals(8, s.minibatches());
        assertEquals(2, s.rounds());
        // minibatch 4 (positions 12..14) is round 0, worker 1, step 1
        assertEquals(4, s.minibatchOf(13));
        assertEquals(0, s.roundOf(13));
        assertEquals(1, s.workerOf(13));
        assertEquals(1, s.stepOf(13));
        assertEquals(1, s.partitionOf(13));
        // minibatch 7 (positions 21..22) is round 1, worker 0, step 1
        assertEquals(1, s.roundOf(22));
        assertEquals(0, s.workerOf(22));
        assertEquals(1, s.stepOf(22));
        assertEquals(2, s.partitionOf(22));
        // the partial last round has 2 minibatches, both on worker 0
        assertEquals(3, s.stepsInRound(0));
        assertEquals(2, s.stepsInRound(1));
    }

    @Test
    void oneWorkerVisitsMinibatchesInEpochOrder() {
        AveragingSchedule s = new AveragingSchedule(100, 7, 1, 4);
        long step = 0;
        for (long position = 0; position < 100; position += 7) {
            long minibatch = s.minibatchOf(position);
            assertEquals(minibatch, (long) s.roundOf(position) * 4 + s.stepOf(position));
            assertEquals(0, s.workerOf(position));
            assertEquals(step++, minibatch);
        }
        int total = 0;
        for (int r = 0; r < s.rounds(); r++) {
            total += s.stepsInRound(r);
        }
        assertEquals(s.minibatches(), total);
    }

    @Test
    void rejectsNonPositiveSettingsNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AveragingSchedule(10, 5, 0, 2));
        assertTrue(e.getMessage().contains("AveragingSchedule.workers = 0"), e.getMessage());
    }
}
