package org.vae4j.core.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.deeplearning4j.nn.conf.layers.variational.BernoulliReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.deeplearning4j.nn.params.VariationalAutoencoderParamInitializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.backend.ArrayMemory;
import org.vae4j.core.config.KlObjective;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.engine.Dl4jLayerGradient;
import org.vae4j.core.engine.ElboGradient;
import org.vae4j.core.engine.FusedElboGradient;
import org.vae4j.core.model.DecoderGradient;
import org.vae4j.core.model.ElboBreakdown;
import org.vae4j.core.model.VaeModel;

/**
 * The logit-Bernoulli density through every vae4j entry point in vae-core, at saturated logits
 * (|a| up to 1e4, past FLOAT's and DOUBLE's exp overflow), data exactly 0 and 1, and data outside
 * [0, 1]: the distribution's negLogProbability, exampleNegLogProbability and gradient (on host and
 * on simulated device memory), the training engine (one part and two, the ELBO and the
 * importance-weighted bound), DL4J's layer gradient running vae4j's distribution,
 * {@code VaeModel.elbo} and AIS's {@link DecoderGradient} (host and device paths). They must agree
 * with an independent double reference to round-off, and refuse out-of-range data with one
 * message naming row 3 and column 7. (vae-eval's {@code LogitBernoulliEvaluationEntryPointsTest}
 * does the same for importance sampling and AIS.)
 *
 * <p>The model makes every entry point's number exact and noise-free: the decoder's output weights
 * are 0 and its biases the logits, so p(x|z) does not depend on z, and q(z|x)'s heads are 0, so
 * q(z|x) = p(z) and the KL is 0. The -ELBO is then exactly -log p(x|z).
 */
class LogitBernoulliEntryPointsTest {

    /** Output biases: saturated both ways, FLOAT's and DOUBLE's exp overflow on either side, and small. */
    static final double[] LOGITS = {1e4, -1e4, 710, -710, 709, -709, 100, -100, 89, -89, 88, -88, 20, -20, 1e-3, 0};
    static final int ROWS = 6;
    static final int BAD_ROW = 3;
    static final int BAD_COLUMN = 7;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            cases.add(Arguments.of(type, "vae4j LogitBernoulli", new LogitBernoulliReconstructionDistribution()));
            cases.add(Arguments.of(type, "DL4J Bernoulli(sigmoid)",
                    new BernoulliReconstructionDistribution(Activation.SIGMOID)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void everyEntryPointGivesTheReferenceAtSaturatedLogitsAndBinaryData(DataType type, String name,
                                                                        ReconstructionDistribution distribution) {
        VaeModel model = model(type, distribution);
        INDArray x = binaryData(type);
        double[] logits = logitsOf(model);
        double[] expected = referenceLogLikelihood(x, logits);
        double[][] expectedGradient = referenceGradient(x, logits);
        double total = 0;
        for (double value : expected) {
            total += value;
        }
        Tolerance tol = Tolerance.of(type);

        for (Map.Entry<String, double[]> entry : perRowEntryPoints(model, x).entrySet()) {
            double[] actual = entry.getValue();
            for (int r = 0; r < ROWS; r++) {
                tol.assertClose(expected[r], actual[r], entry.getKey() + ", row " + r);
            }
        }
        for (ArrayMemory memory : ArrayMemory.values()) {
            try (ArrayMemory.Scope ignored = ArrayMemory.simulate(memory)) {
                ReconstructionDistribution density = ExactDensities.densityOf(distribution);
                INDArray pre = model.decoderPreOutput(Nd4j.zeros(type, ROWS, 2));
                tol.assertClose(-total, density.negLogProbability(x, pre, false), "negLogProbability, " + memory);
                tol.assertClose(-total / ROWS, density.negLogProbability(x, pre, true), "average, " + memory);
                INDArray gradient = density.gradient(x, pre);
                for (int r = 0; r < ROWS; r++) {
                    for (int d = 0; d < LOGITS.length; d++) {
                        tol.assertGradientClose(expectedGradient[r][d], gradient.getDouble(r, d),
                                "gradient " + r + "," + d + ", " + memory);
                    }
                }
            }
        }

        // The training engine: -ELBO per example (KL = 0) and d/d(output bias), one part and two.
        double[] biasGradient = new double[LOGITS.length];
        for (int r = 0; r < ROWS; r++) {
            for (int d = 0; d < LOGITS.length; d++) {
                biasGradient[d] += expectedGradient[r][d] / ROWS;
            }
        }
        List<ElboGradient> engines = new ArrayList<>(List.of(
                new FusedElboGradient(model.layer(), KlObjective.standard(), 1, 1),
                new FusedElboGradient(model.layer(), KlObjective.standard(), 2, 2)));
        if (distribution instanceof LogitBernoulliReconstructionDistribution) {
            // DL4J's layer code runs vae4j's distribution (DL4J's own Bernoulli computes another number).
            engines.add(new Dl4jLayerGradient(model.layer()));
        }
        for (ElboGradient engine : engines) {
            String what = engine.getClass().getSimpleName();
            tol.assertClose(-total / ROWS, engine.computeGradient(x, 0), what + " -ELBO");
            INDArray bias = engine.gradient().getGradientFor(VariationalAutoencoderParamInitializer.PXZ_B);
            for (int d = 0; d < LOGITS.length; d++) {
                tol.assertSumOfGradientsClose(biasGradient[d], bias.getDouble(d), what + " bias gradient " + d);
            }
        }
        // The importance-weighted bound, two replicas per example: with q = p and p(x|z) constant it is log p(x|z).
        INDArray replicated = Nd4j.create(type, 2L * ROWS, LOGITS.length);
        for (int r = 0; r < 2 * ROWS; r++) {
            replicated.putRow(r, x.getRow(r / 2));
        }
        double iwae = new FusedElboGradient(model.layer(), KlObjective.standard(), 2, 2, 2).computeGradient(replicated, 0);
        tol.assertClose(-total / ROWS, iwae, "FusedElboGradient, IWAE k = 2");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void everyEntryPointRefusesDataOutsideZeroOneWithTheSameMessage(DataType type, String name,
                                                                   ReconstructionDistribution distribution) {
        VaeModel model = model(type, distribution);
        for (double bad : new double[] {-0.25, 1.5, Double.NaN}) {
            INDArray x = binaryData(type);
            x.putScalar(BAD_ROW, BAD_COLUMN, bad);
            String expected = expectedMessage(bad);
            Map<String, Runnable> entryPoints = new LinkedHashMap<>();
            ReconstructionDistribution density = ExactDensities.densityOf(distribution);
            INDArray pre = model.decoderPreOutput(Nd4j.zeros(type, ROWS, 2));
            for (ArrayMemory memory : ArrayMemory.values()) {
                entryPoints.put("negLogProbability " + memory, inMemory(memory,
                        () -> density.negLogProbability(x, pre, false)));
                entryPoints.put("exampleNegLogProbability " + memory, inMemory(memory,
                        () -> density.exampleNegLogProbability(x, pre)));
                entryPoints.put("gradient " + memory, inMemory(memory, () -> density.gradient(x, pre)));
                entryPoints.put("DecoderGradient " + memory, inMemory(memory, () -> decoderGradient(model, x)));
            }
            entryPoints.put("FusedElboGradient, one part",
                    () -> new FusedElboGradient(model.layer(), KlObjective.standard(), 1, 1).computeGradient(x, 0));
            // Rows 3-5 are the second part's rows 0-2: the message still says row 3.
            entryPoints.put("FusedElboGradient, two parts",
                    () -> new FusedElboGradient(model.layer(), KlObjective.standard(), 2, 3).computeGradient(x, 0));
            if (distribution instanceof LogitBernoulliReconstructionDistribution) {
                entryPoints.put("Dl4jLayerGradient", () -> new Dl4jLayerGradient(model.layer()).computeGradient(x, 0));
            }
            entryPoints.put("VaeModel.elbo", () -> model.elbo(x, 2, 5));
            for (Map.Entry<String, Runnable> entry : entryPoints.entrySet()) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, entry.getValue()::run,
                        entry.getKey() + ", x = " + bad);
                assertEquals(expected, e.getMessage(), entry.getKey());
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aClampingDistributionClampsAtEveryEntryPoint(DataType type, String name,
                                                      ReconstructionDistribution ignoredDistribution) {
        if (!name.startsWith("vae4j")) {
            return;   // DL4J's Bernoulli has no clamping option
        }
        VaeModel model = model(type, new LogitBernoulliReconstructionDistribution(true));
        INDArray x = binaryData(type);
        INDArray clamped = x.dup();
        x.putScalar(BAD_ROW, BAD_COLUMN, 1.5);
        x.putScalar(BAD_ROW + 1, BAD_COLUMN, -0.25);
        clamped.putScalar(BAD_ROW, BAD_COLUMN, 1);
        clamped.putScalar(BAD_ROW + 1, BAD_COLUMN, 0);
        double[] expected = referenceLogLikelihood(clamped, logitsOf(model));
        Tolerance tol = Tolerance.of(type);
        for (Map.Entry<String, double[]> entry : perRowEntryPoints(model, x).entrySet()) {
            for (int r = 0; r < ROWS; r++) {
                tol.assertClose(expected[r], entry.getValue()[r], "clamped, " + entry.getKey() + ", row " + r);
            }
        }
        double total = 0;
        for (double value : expected) {
            total += value;
        }
        tol.assertClose(-total / ROWS, new FusedElboGradient(model.layer(), KlObjective.standard(), 2, 3)
                .computeGradient(x, 0), "clamped, FusedElboGradient");
    }

    /** log p(x_r | z) of each row from the entry points that give one per row. */
    private static Map<String, double[]> perRowEntryPoints(VaeModel model, INDArray x) {
        Map<String, double[]> values = new LinkedHashMap<>();
        ReconstructionDistribution density = ExactDensities.densityOf(model.config().reconstructionDistribution());
        for (ArrayMemory memory : ArrayMemory.values()) {
            try (ArrayMemory.Scope ignored = ArrayMemory.simulate(memory)) {
                INDArray pre = model.decoderPreOutput(Nd4j.zeros(model.dataType(), ROWS, 2));
                double[] negLogP = density.exampleNegLogProbability(x, pre).castTo(DataType.DOUBLE).toDoubleVector();
                for (int r = 0; r < ROWS; r++) {
                    negLogP[r] = -negLogP[r];
                }
                values.put("exampleNegLogProbability " + memory, negLogP);
                values.put("DecoderGradient " + memory, decoderGradient(model, x));
            }
        }
        ElboBreakdown elbo = model.elbo(x, 3, 11);
        values.put("VaeModel.elbo", elbo.expectedLogLikelihood());
        for (double kl : elbo.kl()) {
            assertEquals(0.0, kl, 1e-12, "q(z|x) = p(z)");
        }
        return values;
    }

    private static double[] decoderGradient(VaeModel model, INDArray x) {
        try (DecoderGradient decoder = new DecoderGradient(model, ROWS)) {
            double[] logLikelihood = new double[ROWS];
            double[] gradient = new double[ROWS * 2];
            double[] z = new double[ROWS * 2];
            for (int i = 0; i < z.length; i++) {
                z[i] = i % 3 - 1.5;
            }
            decoder.compute(x, z, ROWS, logLikelihood, gradient);
            for (double g : gradient) {
                assertEquals(0.0, g, 0.0, "the output weights are 0: log p(x|z) does not depend on z");
            }
            return logLikelihood;
        }
    }

    private static Runnable inMemory(ArrayMemory memory, Runnable call) {
        return () -> {
            try (ArrayMemory.Scope ignored = ArrayMemory.simulate(memory)) {
                call.run();
            }
        };
    }

    static String expectedMessage(double bad) {
        return "logit-Bernoulli data must be in [0, 1]: x = " + bad + " at row " + BAD_ROW + ", column " + BAD_COLUMN
                + ". Fix the data, or clamp values outside [0, 1] with LogitBernoulliReconstructionDistribution"
                + "(clampData = true) (NaN is refused either way).";
    }

    /** Decoder output weights 0, biases {@link #LOGITS}; the q(z|x) heads 0 (q = p); the rest random. */
    static VaeModel model(DataType type, ReconstructionDistribution distribution) {
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

    /** The biases as the model holds them (1e-3 rounded in FLOAT). */
    static double[] logitsOf(VaeModel model) {
        return model.layer().getParam(VariationalAutoencoderParamInitializer.PXZ_B).castTo(DataType.DOUBLE)
                .toDoubleVector();
    }

    /** Exactly 0 and 1, with both values in every column: confidently right and confidently wrong. */
    static INDArray binaryData(DataType type) {
        double[][] x = new double[ROWS][LOGITS.length];
        for (int r = 0; r < ROWS; r++) {
            for (int d = 0; d < LOGITS.length; d++) {
                x[r][d] = switch (r) {
                    case 0 -> d % 2 == 0 ? 1 : 0;   // right everywhere
                    case 1 -> d % 2 == 0 ? 0 : 1;   // wrong everywhere
                    case 2 -> 1;
                    case 3 -> 0;
                    default -> (d / 2 + r) % 2;
                };
            }
        }
        return Nd4j.createFromArray(x).castTo(type);
    }

    /** sum_d x a - max(a, 0) - log1p(exp(-|a|)) per row, in double. */
    static double[] referenceLogLikelihood(INDArray x, double[] logits) {
        double[] out = new double[(int) x.rows()];
        for (int r = 0; r < out.length; r++) {
            for (int d = 0; d < logits.length; d++) {
                out[r] += LogitBernoulliKernelTest.referenceLogDensity(x.getDouble(r, d), logits[d]);
            }
        }
        return out;
    }

    static double[][] referenceGradient(INDArray x, double[] logits) {
        double[][] out = new double[(int) x.rows()][logits.length];
        for (int r = 0; r < out.length; r++) {
            for (int d = 0; d < logits.length; d++) {
                out[r][d] = LogitBernoulliKernelTest.referenceGradient(x.getDouble(r, d), logits[d]);
            }
        }
        return out;
    }

    /**
     * Round-off: sums relative to their size (a float exp(a) makes exp(-|a|) exact to float
     * precision, 1e-7 of at most log 2 per value); a gradient relative to itself down to the type's
     * smallest normal number, a sum of gradients (a GEMM in the type) to the type's precision.
     */
    record Tolerance(double relative, double absolute, double gradient, double floor, double gradientSum) {
        static Tolerance of(DataType type) {
            return type == DataType.DOUBLE ? new Tolerance(1e-13, 1e-11, 1e-13, Double.MIN_NORMAL, 1e-14)
                    : new Tolerance(1.2e-7, 1e-5, 2e-6, Float.MIN_NORMAL, 2e-7);
        }

        void assertClose(double expected, double actual, String what) {
            double error = Math.abs(actual - expected);
            assertTrue(error <= relative * Math.abs(expected) + absolute,
                    what + ": expected " + expected + ", got " + actual + " (error " + error + ")");
        }

        void assertGradientClose(double expected, double actual, String what) {
            double error = Math.abs(actual - expected);
            assertTrue(error <= gradient * Math.abs(expected) + floor,
                    what + ": expected " + expected + ", got " + actual + " (error " + error + ")");
        }

        void assertSumOfGradientsClose(double expected, double actual, String what) {
            double error = Math.abs(actual - expected);
            assertTrue(error <= gradientSum + gradient * Math.abs(expected),
                    what + ": expected " + expected + ", got " + actual + " (error " + error + ")");
        }
    }
}
