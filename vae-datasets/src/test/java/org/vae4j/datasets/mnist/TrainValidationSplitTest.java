package org.vae4j.datasets.mnist;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TrainValidationSplitTest {

    @Test
    void splitsAreDisjointAndCoverTheFile() {
        TrainValidationSplit s = TrainValidationSplit.of(60_000, 400, 0);
        assertEquals(59_600, s.trainIds().length);
        assertEquals(400, s.validationIds().length);
        BitSet seen = new BitSet();
        for (int id : s.trainIds()) {
            seen.set(id);
        }
        for (int id : s.validationIds()) {
            assertFalse(seen.get(id), "id " + id + " in both splits");
            seen.set(id);
        }
        assertEquals(60_000, seen.cardinality());
    }

    @Test
    void splitIsDeterministicBySplitSeed() {
        assertArrayEquals(TrainValidationSplit.of(60_000, 400, 0).validationIds(),
                TrainValidationSplit.of(60_000, 400, 0).validationIds());
        assertFalse(Arrays.equals(TrainValidationSplit.of(60_000, 400, 0).validationIds(),
                TrainValidationSplit.of(60_000, 400, 1).validationIds()));
    }

    @Test
    void validationIsSpreadOverTheFileNotItsTail() {
        int[] v = TrainValidationSplit.of(60_000, 400, 0).validationIds();
        assertEquals(true, v[0] < 1_000 && v[399] > 59_000, "random carve, first " + v[0] + " last " + v[399]);
    }

    @Test
    void rejectsImpossibleSizes() {
        assertThrows(IllegalArgumentException.class, () -> TrainValidationSplit.of(100, 100, 0));
        assertThrows(IllegalArgumentException.class, () -> TrainValidationSplit.of(100, -1, 0));
    }
}
