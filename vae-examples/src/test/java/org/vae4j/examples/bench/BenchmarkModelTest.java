package org.vae4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.datasets.binarize.Binarization;

/**
 * The benchmark models are the recipes' configs and data as users train them, and bench/pytorch_train.py's
 * MODELS table hard-codes the same numbers: when a recipe changes, this fails and the twin must follow.
 */
class BenchmarkModelTest {

    @Test
    void recipesKeepTheirOwnConfigSettingsAndMinibatchSize() {
        for (BenchmarkModel m : new BenchmarkModel[] {BenchmarkModel.KINGMA_WELLING, BenchmarkModel.IWAE}) {
            assertEquals(m.recipe().defaultConfig().toBuilder().seed(99).build(), m.config(99), m.cliName());
            assertEquals(m.recipe().defaultSettings().batchSize(), m.batchSize(), m.cliName());
            assertEquals(Binarization.DYNAMIC, m.binarization(), m.cliName());
            assertEquals(59_600, m.trainingExamples(null), "60,000 minus the recipe's 400 validation examples");
        }
        assertEquals(100, BenchmarkModel.KINGMA_WELLING.batchSize());
        assertEquals(20, BenchmarkModel.IWAE.batchSize());
        assertEquals("784-500-20 tanh", BenchmarkModel.architecture(BenchmarkModel.KINGMA_WELLING.config(1)));
        assertEquals(1.0 / 60_000, BenchmarkModel.KINGMA_WELLING.config(1).l2(), 1e-18);
        assertEquals("784-200-200-50 tanh", BenchmarkModel.architecture(BenchmarkModel.IWAE.config(1)));
    }

    @Test
    void benchIsBenchRunShsModel() {
        VaeConfig c = BenchmarkModel.BENCH.config(12345);
        assertEquals("784-400-20 relu", BenchmarkModel.architecture(c));
        assertEquals(java.util.List.of(400), c.decoderLayerSizes());
        assertEquals(new Adam(1e-3).getLearningRate(0, 0), c.updater().getLearningRate(0, 0), 0);
        assertEquals(Adam.class, c.updater().getClass());
        assertEquals(DataType.FLOAT, c.dataType());
        assertEquals(128, BenchmarkModel.BENCH.batchSize());
        assertEquals(Binarization.STATIC_THRESHOLD, BenchmarkModel.BENCH.binarization());
        assertEquals(60_000, BenchmarkModel.BENCH.trainingExamples(null));
        assertEquals(500, BenchmarkModel.BENCH.trainingExamples(500));
        assertEquals(60_000, BenchmarkModel.BENCH.trainingExamples(70_000));
    }
}
