package org.vae4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.LearnedScaleGaussianReconstructionDistribution;
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

    @Test
    void tabularIsTrainDatasDefaultGaussianModel(@TempDir Path dir) throws IOException {
        // bench/pytorch_train.py's tabular_sizes, TABULAR_LR, batch and gaussian_nll's minimum scale hard-code these.
        StringBuilder csv = new StringBuilder();
        for (int j = 1; j <= 20; j++) {
            csv.append(j == 1 ? "" : ",").append("f").append(j);
        }
        csv.append('\n');
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 20; j++) {
                csv.append(j == 0 ? "" : ",").append((i * 7 + j * 3) % 11);
            }
            csv.append('\n');
        }
        Files.writeString(dir.resolve("t.csv"), csv);
        TabularBench tabular = TabularBench.open(dir.resolve("t.csv"));
        VaeConfig c = tabular.config(99);
        assertEquals(tabular.recipe().defaultConfig().toBuilder().seed(99).build(), c);
        assertEquals("20-40-5 tanh", BenchmarkModel.architecture(c));
        assertEquals(java.util.List.of(40), c.decoderLayerSizes());
        assertEquals(Adam.class, c.updater().getClass());
        assertEquals(5e-3, c.updater().getLearningRate(0, 0), 1e-12);
        assertEquals(DataType.FLOAT, c.dataType());
        LearnedScaleGaussianReconstructionDistribution gaussian =
                assertInstanceOf(LearnedScaleGaussianReconstructionDistribution.class, c.reconstructionDistribution());
        assertEquals(1e-3, gaussian.getMinScale());
        assertEquals(tabular.recipe().defaultSettings().batchSize(), BenchmarkModel.TABULAR.batchSize());
        assertEquals(64, BenchmarkModel.TABULAR.batchSize());
        assertEquals(Binarization.NONE, BenchmarkModel.TABULAR.binarization());
        assertTrue(BenchmarkModel.TABULAR.fromData());
        assertThrows(IllegalStateException.class, () -> BenchmarkModel.TABULAR.config(1));
        assertThrows(IllegalStateException.class, () -> BenchmarkModel.TABULAR.trainingExamples(null));
    }
}
