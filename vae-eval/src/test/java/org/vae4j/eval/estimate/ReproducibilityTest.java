package org.vae4j.eval.estimate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.train.InMemoryEpochIterator;

/**
 * The numbers depend on the seed and not on how the work is cut: a budget that fits everything in
 * one pass and one that forces chunks of a few samples of one example give the same results.
 */
class ReproducibilityTest {

    private final VaeModel model = VaeModel.create(VaeConfig.builder().inputSize(10).encoderLayerSizes(8)
            .latentSize(3).dataType(DataType.DOUBLE).seed(4).build());
    private final INDArray x = SyntheticBinaryData.generate(13, 10, 6);

    private LogLikelihoodReport run(long budgetBytes, long seed, EvaluationListener listener) {
        return ImportanceSampledLikelihood.builder(model).importanceSamples(40).seed(seed)
                .memoryBudgetBytes(budgetBytes).iwaeSampleCounts(1, 3, 40).listener(listener).build().evaluate(x);
    }

    @Test
    void resultsDoNotDependOnChunkingButOnTheSeed() {
        LogLikelihoodReport whole = run(1L << 30, 5, EvaluationListener.NONE);
        List<EvaluationProgress> progress = new ArrayList<>();
        ImportanceSampledLikelihood chunked = ImportanceSampledLikelihood.builder(model).importanceSamples(40)
                .seed(5).memoryBudgetBytes(7 * ChunkPlan.bytesPerRow(model.config()))
                .iwaeSampleCounts(1, 3, 40).listener(progress::add).build();
        assertEquals(1, chunked.plan().examplesPerBlock());
        assertEquals(7, chunked.plan().samplesPerChunk());   // 40 = 5 x 7 + 5: a short last chunk too
        LogLikelihoodReport pieces = chunked.evaluate(x);
        assertTrue(whole.provenance().chunking().examplesPerBlock() == 13, "all in one pass");

        assertArrayEquals(whole.perExample().logLikelihoodNats(), pieces.perExample().logLikelihoodNats(), 1e-12);
        assertArrayEquals(whole.perExample().elboNats(), pieces.perExample().elboNats(), 1e-12);
        assertArrayEquals(whole.perExample().effectiveSampleSize(), pieces.perExample().effectiveSampleSize(), 1e-9);
        for (int j = 0; j < 3; j++) {
            assertArrayEquals(((ImportanceSamplingDetails) whole.details()).iwae().perExampleNats()[j], ((ImportanceSamplingDetails) pieces.details()).iwae().perExampleNats()[j], 1e-12);
        }

        LogLikelihoodReport again = run(1L << 30, 5, EvaluationListener.NONE);
        assertArrayEquals(whole.perExample().logLikelihoodNats(), again.perExample().logLikelihoodNats(), 0.0);
        LogLikelihoodReport otherSeed = run(1L << 30, 6, EvaluationListener.NONE);
        assertNotEquals(whole.perExample().logLikelihoodNats()[0], otherSeed.perExample().logLikelihoodNats()[0]);

        assertEquals(13, progress.size(), "one progress call per block of one example");
        assertEquals(13, progress.get(12).examplesDone());
        assertEquals(13, progress.get(12).examplesTotal());
        assertEquals(0, progress.get(12).remaining().toNanos());
    }

    /** vae4j's logit-Bernoulli under another class name: the estimator must take the distribution's path. */
    static final class PlainLogitBernoulli extends LogitBernoulliReconstructionDistribution {
    }

    @Test
    void floatFastPathAgreesWithTheDistributionsPathWhateverTheChunking() {
        VaeConfig config = VaeConfig.builder().inputSize(10).encoderLayerSizes(8).latentSize(3)
                .dataType(DataType.FLOAT).seed(4).build();
        VaeModel fast = VaeModel.create(config);
        VaeModel plain = VaeModel.create(config.toBuilder().reconstructionDistribution(new PlainLogitBernoulli()).build());
        plain.layer().setParams(fast.layer().params());
        INDArray binary = x.castTo(DataType.FLOAT);
        long rowBytes = ChunkPlan.bytesPerRow(config);
        double[] whole = floatRun(fast, binary, 1L << 30);
        double[] pieces = floatRun(fast, binary, 7 * rowBytes);
        double[] reference = floatRun(plain, binary, 1L << 30);
        // Float rounding only: the noise is the same, the logits differ in the last bits.
        assertArrayEquals(whole, pieces, 1e-5);
        assertArrayEquals(reference, whole, 1e-4);
    }

    private static double[] floatRun(VaeModel model, INDArray data, long budgetBytes) {
        return ImportanceSampledLikelihood.builder(model).importanceSamples(40).seed(5).memoryBudgetBytes(budgetBytes)
                .iwaeSampleCounts(1, 3, 40).build().evaluate(data).perExample().logLikelihoodNats();
    }

    @Test
    void iteratorAndArrayGiveTheSameNumbers() {
        LogLikelihoodReport fromArray = run(1L << 30, 5, EvaluationListener.NONE);
        LogLikelihoodReport fromIterator = ImportanceSampledLikelihood.builder(model).importanceSamples(40).seed(5)
                .iwaeSampleCounts(1, 3, 40).build()
                .evaluate(new InMemoryEpochIterator(x, null, 4, false, 0), null);
        assertArrayEquals(fromArray.perExample().logLikelihoodNats(), fromIterator.perExample().logLikelihoodNats(),
                1e-12);
        assertEquals(13, fromIterator.summary().examples());
    }

    @Test
    void activeUnitsAndKlPerDimensionMatchTheirDefinitions() {
        LogLikelihoodReport report = run(1L << 30, 5, EvaluationListener.NONE);
        INDArray mean = model.encode(x).mean();
        double[] kl = model.encode(x).klPerDimension().mean(0).toDoubleVector();
        double[] variance = mean.var(false, 0).toDoubleVector();   // population variance, as Burda et al.
        assertArrayEquals(variance, report.activeUnits().posteriorMeanVariance(), 1e-12);
        assertArrayEquals(kl, report.klPerDimensionNats(), 1e-12);
        int active = 0;
        for (double v : variance) {
            active += v > 0.01 ? 1 : 0;
        }
        assertEquals(active, report.activeUnits().activeCount());
        double klSum = java.util.Arrays.stream(kl).sum();
        double elboFromParts = 0;
        for (double e : report.perExample().elboNats()) {
            elboFromParts += e / 13;
        }
        assertTrue(klSum > 0 && elboFromParts < 0, "sanity: positive KL, negative ELBO for binary data");
    }
}
