package org.vae4j.eval.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.backend.ArrayMemory;
import org.vae4j.core.backend.ComputePaths;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.DecoderGradient;
import org.vae4j.core.model.VaeModel;
import org.vae4j.eval.ais.AnnealedImportanceSampling;
import org.vae4j.eval.estimate.ImportanceSampledLikelihood;
import org.vae4j.eval.estimate.LogLikelihoodReport;

/**
 * On a device backend (played on the CPU with {@link ArrayMemory#simulate}) importance sampling
 * and AIS take their ND4J-op paths, and those give the fast paths' numbers on the same model and
 * seed: the same noise, so per-example estimates agree to the data type's round-off.
 */
class DeviceSafeEvaluationTest {

    private static INDArray binary(int rows, int columns, long seed, DataType type) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, rows, columns).gt(0.5).castTo(type);
    }

    private static VaeModel model(DataType type) {
        return VaeModel.create(VaeConfig.builder().inputSize(10).encoderLayerSizes(8).decoderLayerSizes(7)
                .latentSize(3).dataType(type).seed(4).build());
    }

    private static double tolerance(DataType type) {
        return type == DataType.DOUBLE ? 1e-9 : 2e-4;
    }

    private static LogLikelihoodReport on(ArrayMemory memory, Supplier<LogLikelihoodReport> run) {
        try (ArrayMemory.Scope ignored = ArrayMemory.simulate(memory)) {
            return run.get();
        }
    }

    @BeforeEach
    void forgetEarlierChoices() {
        ComputePaths.clear();
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void importanceSamplingOnADeviceUsesNd4jOpsAndGivesTheFastPathsNumbers(DataType type) {
        VaeModel model = model(type);
        INDArray x = binary(9, 10, 6, type);
        Supplier<LogLikelihoodReport> run = () -> ImportanceSampledLikelihood.builder(model).importanceSamples(30)
                .seed(5).iwaeSampleCounts(1, 30).build().evaluate(x);

        LogLikelihoodReport fast = on(ArrayMemory.HOST, run);
        assertEquals(ImportanceSampledLikelihood.CLOSED_FORM_PATH,
                ComputePaths.pathOf(ImportanceSampledLikelihood.LOG_LIKELIHOOD_COMPONENT));
        LogLikelihoodReport deviceSafe = on(ArrayMemory.DEVICE, run);
        assertEquals(ImportanceSampledLikelihood.DISTRIBUTION_OPS_PATH,
                ComputePaths.pathOf(ImportanceSampledLikelihood.LOG_LIKELIHOOD_COMPONENT));

        assertArrayEquals(fast.perExample().logLikelihoodNats(), deviceSafe.perExample().logLikelihoodNats(),
                tolerance(type));
        assertArrayEquals(fast.perExample().elboNats(), deviceSafe.perExample().elboNats(), tolerance(type));
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void aisOnADeviceUsesNd4jOpsAndGivesTheFastPathsNumbers(DataType type) {
        VaeModel model = model(type);
        INDArray x = binary(5, 10, 7, type);
        Supplier<LogLikelihoodReport> run = () -> AnnealedImportanceSampling.builder(model).steps(10).chains(4)
                .leapfrogSteps(3).seed(9).build().evaluate(x);

        LogLikelihoodReport fast = on(ArrayMemory.HOST, run);
        assertEquals(DecoderGradient.CLOSED_FORM, ComputePaths.pathOf(DecoderGradient.COMPONENT));
        LogLikelihoodReport deviceSafe = on(ArrayMemory.DEVICE, run);
        assertEquals(DecoderGradient.DISTRIBUTION_OPS, ComputePaths.pathOf(DecoderGradient.COMPONENT));

        double[] a = fast.perExample().logLikelihoodNats();
        double[] b = deviceSafe.perExample().logLikelihoodNats();
        if (type == DataType.DOUBLE) {
            assertArrayEquals(a, b, tolerance(type));
        } else {
            // FLOAT round-off can flip an HMC accept/reject: then only Monte Carlo agreement holds.
            double se = Math.hypot(fast.summary().standardErrorNats(), deviceSafe.summary().standardErrorNats());
            double difference = Math.abs(fast.summary().negativeLogLikelihoodNats() - deviceSafe.summary().negativeLogLikelihoodNats());
            assertTrue(difference <= 3 * se + 1e-3, "mean -log p(x) differs by " + difference + ", SE " + se);
        }
    }
}
