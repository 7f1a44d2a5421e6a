package org.vae4j.eval.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.deeplearning4j.nn.conf.layers.variational.BernoulliReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.deeplearning4j.nn.params.VariationalAutoencoderParamInitializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.backend.ArrayMemory;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;
import org.vae4j.core.model.VaeModel;
import org.vae4j.eval.ais.AnnealedImportanceSampling;

/**
 * vae-core's {@code LogitBernoulliEntryPointsTest} for the estimators: importance sampling
 * ({@link LogitBernoulliChunkLogLikelihood} on host memory, the distribution's path on simulated
 * device memory) and AIS ({@code DecoderGradient}'s kernel path and the distribution's), on the
 * same model: decoder output weights 0 and biases at saturated logits (|a| up to 1e4), q(z|x) =
 * p(z). Then p(x|z) does not depend on z, every importance weight and every AIS weight is p(x|z),
 * and log p(x) = ELBO = the reference sum, exactly up to round-off; several blocks, several chains.
 * Tolerance: 1e-12 relative in DOUBLE; in FLOAT one float rounding (the distribution's path returns
 * each row's -log p(x|z) in the model's type, as DL4J's interface has it).
 * Data outside [0, 1] is refused with the one message naming the example's row in the data, not
 * a replicated sample's or chain's row. (NaN is refused earlier, by the estimators' input check.)
 */
class LogitBernoulliEvaluationEntryPointsTest {

    private static final double[] LOGITS = {1e4, -1e4, 710, -710, 709, -709, 100, -100, 89, -89, 88, -88, 20, -20,
        1e-3, 0};
    private static final int ROWS = 6;
    private static final int SAMPLES = 8;

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void importanceSamplingAndAisGiveTheReferenceAtSaturatedLogits(DataType type) {
        for (ReconstructionDistribution distribution : new ReconstructionDistribution[] {
            new LogitBernoulliReconstructionDistribution(), new BernoulliReconstructionDistribution(Activation.SIGMOID)}) {
            VaeModel model = model(type, distribution);
            INDArray x = binaryData(type);
            double[] expected = reference(x, logitsOf(model));
            for (Map.Entry<String, Function<INDArray, double[][]>> entry : estimators(model).entrySet()) {
                for (ArrayMemory memory : ArrayMemory.values()) {
                    double[][] actual;
                    try (ArrayMemory.Scope ignored = ArrayMemory.simulate(memory)) {
                        actual = entry.getValue().apply(x);
                    }
                    for (double[] values : actual) {
                        for (int r = 0; r < ROWS; r++) {
                            String what = distribution.getClass().getSimpleName() + ", " + entry.getKey() + ", "
                                    + memory + ", example " + r;
                            double error = Math.abs(values[r] - expected[r]);
                            double tolerance = (type == DataType.DOUBLE ? 1e-12 : 1.2e-7) * Math.abs(expected[r])
                                    + (type == DataType.DOUBLE ? 1e-10 : 1e-5);
                            assertTrue(error <= tolerance, what + ": expected " + expected[r] + ", got " + values[r]);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void dataOutsideZeroOneIsRefusedNamingTheExampleByEveryEstimator(DataType type) {
        VaeModel model = model(type, new LogitBernoulliReconstructionDistribution());
        for (double bad : new double[] {-0.25, 1.5}) {
            INDArray x = binaryData(type);
            x.putScalar(3, 7, bad);
            String expected = "logit-Bernoulli data must be in [0, 1]: x = " + bad + " at row 3, column 7. Fix the"
                    + " data, or clamp values outside [0, 1] with LogitBernoulliReconstructionDistribution"
                    + "(clampData = true) (NaN is refused either way).";
            for (Map.Entry<String, Function<INDArray, double[][]>> entry : estimators(model).entrySet()) {
                for (ArrayMemory memory : ArrayMemory.values()) {
                    try (ArrayMemory.Scope ignored = ArrayMemory.simulate(memory)) {
                        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                                () -> entry.getValue().apply(x), entry.getKey() + ", " + memory);
                        assertEquals(expected, e.getMessage(), entry.getKey() + ", " + memory);
                    }
                }
            }
        }
        INDArray withNaN = binaryData(type);
        withNaN.putScalar(3, 7, Double.NaN);
        for (Map.Entry<String, Function<INDArray, double[][]>> entry : estimators(model).entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> entry.getValue().apply(withNaN), entry.getKey());
            assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("row 3"), e.getMessage());
        }
    }

    /** Per estimator, per example: log p(x) (and for importance sampling the ELBO too). */
    private static Map<String, Function<INDArray, double[][]>> estimators(VaeModel model) {
        Map<String, Function<INDArray, double[][]>> estimators = new LinkedHashMap<>();
        // Importance sampling: two examples per block, so example 3 is the second block's second
        // example (its samples are rows 8-15 of that block). AIS: one block, example 3's chains are rows 9-11.
        long budget = 2L * SAMPLES * ChunkPlan.bytesPerRow(model.config());
        estimators.put("importance sampling", x -> {
            var report = ImportanceSampledLikelihood.builder(model).importanceSamples(SAMPLES).seed(3)
                    .iwaeSampleCounts(1, SAMPLES).memoryBudgetBytes(budget).build().evaluate(x);
            return new double[][] {report.perExample().logLikelihoodNats(), report.perExample().elboNats()};
        });
        estimators.put("AIS", x -> new double[][] {AnnealedImportanceSampling.builder(model).steps(6).chains(3)
                .leapfrogSteps(2).seed(4).build().evaluate(x).perExample()
                .logLikelihoodNats()});
        return estimators;
    }

    private static VaeModel model(DataType type, ReconstructionDistribution distribution) {
        VaeModel model = VaeModel.create(VaeConfig.builder().inputSize(LOGITS.length).encoderLayerSizes(5)
                .decoderLayerSizes(4).latentSize(2).dataType(type).reconstructionDistribution(distribution).seed(3)
                .build());
        for (String zero : new String[] {VariationalAutoencoderParamInitializer.PZX_MEAN_W,
            VariationalAutoencoderParamInitializer.PZX_MEAN_B, VariationalAutoencoderParamInitializer.PZX_LOGSTD2_W,
            VariationalAutoencoderParamInitializer.PZX_LOGSTD2_B, VariationalAutoencoderParamInitializer.PXZ_W}) {
            model.layer().getParam(zero).assign(0);
        }
        INDArray bias = model.layer().getParam(VariationalAutoencoderParamInitializer.PXZ_B);
        for (int d = 0; d < LOGITS.length; d++) {
            bias.putScalar(d, LOGITS[d]);
        }
        return model;
    }

    private static double[] logitsOf(VaeModel model) {
        return model.layer().getParam(VariationalAutoencoderParamInitializer.PXZ_B).castTo(DataType.DOUBLE)
                .toDoubleVector();
    }

    /** Exactly 0 and 1, both values in every column. */
    private static INDArray binaryData(DataType type) {
        double[][] x = new double[ROWS][LOGITS.length];
        for (int r = 0; r < ROWS; r++) {
            for (int d = 0; d < LOGITS.length; d++) {
                x[r][d] = r < 2 ? (d + r) % 2 : r == 2 ? 1 : r == 3 ? 0 : (d / 2 + r) % 2;
            }
        }
        return Nd4j.createFromArray(x).castTo(type);
    }

    /** sum_d x a - max(a, 0) - log1p(exp(-|a|)) per row, in double. */
    private static double[] reference(INDArray x, double[] logits) {
        double[] out = new double[ROWS];
        for (int r = 0; r < ROWS; r++) {
            for (int d = 0; d < logits.length; d++) {
                double a = logits[d];
                out[r] += x.getDouble(r, d) * a - Math.max(a, 0) - Math.log1p(Math.exp(-Math.abs(a)));
            }
        }
        return out;
    }
}
