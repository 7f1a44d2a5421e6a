package org.vae4j.eval.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vae4j.core.config.VaeConfig;

class ChunkPlanTest {

    private final VaeConfig mnist = VaeConfig.builder().inputSize(784).encoderLayerSizes(400).latentSize(20).build();

    @Test
    void aPassStaysWithinTheBudgetForTheMnistModelAtK5000() {
        long budget = 256L << 20;
        ChunkPlan plan = ChunkPlan.forBudget(mnist, 5000, budget);
        assertEquals(5000, plan.samplesPerChunk(), "a whole example's samples fit in 256 MiB");
        assertTrue(plan.rowsPerPass() * plan.bytesPerSampleRow() <= budget);
        // 10k examples are 10k / examplesPerBlock passes; no pass holds more than the budget.
        assertTrue(plan.examplesPerBlock() >= 1 && plan.examplesPerBlock() < 10);
    }

    @Test
    void aSmallBudgetSplitsOneExamplesSamplesIntoChunks() {
        long rowBytes = ChunkPlan.bytesPerRow(mnist);
        ChunkPlan plan = ChunkPlan.forBudget(mnist, 5000, 1000 * rowBytes + 1);
        assertEquals(1, plan.examplesPerBlock());
        assertEquals(1000, plan.samplesPerChunk());
        ChunkPlan tiny = ChunkPlan.forBudget(mnist, 5000, 1);
        assertEquals(1, tiny.samplesPerChunk(), "never zero rows");
        assertEquals(3, ChunkPlan.forBudget(mnist, 5000, 3 * 5000 * rowBytes).limitedTo(10).examplesPerBlock());
        assertEquals(2, ChunkPlan.forBudget(mnist, 5000, 3 * 5000 * rowBytes).limitedTo(2).examplesPerBlock());
    }
}
