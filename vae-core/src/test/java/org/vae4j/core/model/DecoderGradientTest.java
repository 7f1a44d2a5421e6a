package org.vae4j.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;

import org.deeplearning4j.nn.conf.layers.variational.BernoulliReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.GaussianReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.ExactDensities;
import org.vae4j.core.distribution.LearnedScaleGaussianReconstructionDistribution;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;
import org.vae4j.core.distribution.PoissonReconstructionDistribution;

/**
 * {@link DecoderGradient} against the model's own decoder pass and density (log p(x|z)) and against
 * central finite differences of that log p(x|z) in z, in DOUBLE, for several hidden activations,
 * one and two decoder layers and several reconstruction distributions.
 */
class DecoderGradientTest {

    private static final int INPUT = 6;
    private static final int LATENT = 3;
    private static final int ROWS = 5;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(Activation.TANH, new int[] {7, 5}, new LogitBernoulliReconstructionDistribution()),
                Arguments.of(Activation.SIGMOID, new int[] {7}, new BernoulliReconstructionDistribution(Activation.SIGMOID)),
                Arguments.of(Activation.SOFTPLUS, new int[] {4, 6}, new GaussianReconstructionDistribution(Activation.IDENTITY)),
                Arguments.of(Activation.ELU, new int[] {7}, new LearnedScaleGaussianReconstructionDistribution(0.05)),
                Arguments.of(Activation.IDENTITY, new int[] {5}, new PoissonReconstructionDistribution()),
                Arguments.of(Activation.RELU, new int[] {8, 8}, new LogitBernoulliReconstructionDistribution()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void logLikelihoodIsTheModelsAndTheGradientMatchesFiniteDifferences(Activation activation, int[] decoder,
                                                                       ReconstructionDistribution distribution) {
        VaeModel model = VaeModel.create(VaeConfig.builder().inputSize(INPUT).encoderLayerSizes(5)
                .decoderLayerSizes(decoder).latentSize(LATENT).hiddenActivation(activation)
                .reconstructionDistribution(distribution).dataType(DataType.DOUBLE).seed(17).build());
        // Larger weights than the initialisation: a gradient that is not nearly linear in z.
        model.layer().getParam("d0W").muli(2.0);
        model.layer().getParam("pXZW").muli(1.5);
        Random random = new Random(3);
        INDArray x = data(distribution, random);
        double[] z = new double[ROWS * LATENT];
        for (int i = 0; i < z.length; i++) {
            z[i] = 1.2 * random.nextGaussian();
        }

        double[] logLikelihood = new double[ROWS];
        double[] gradient = new double[ROWS * LATENT];
        try (DecoderGradient decoderGradient = new DecoderGradient(model, ROWS + 3)) {
            decoderGradient.compute(x, z, ROWS, logLikelihood, gradient);
        }

        double worst = assertValuesAndFiniteDifferences(zs -> modelLogLikelihood(model, x, zs), z, logLikelihood,
                gradient, activation + " " + distribution);
        System.out.printf("DecoderGradient %s %s: max relative error vs finite differences %.2e%n", activation,
                distribution.getClass().getSimpleName(), worst);
    }

    @Test
    void fewerRowsThanTheBuffersAndAFloatModelWork() {
        VaeModel model = VaeModel.create(VaeConfig.builder().inputSize(INPUT).encoderLayerSizes(5).decoderLayerSizes(7)
                .latentSize(LATENT).hiddenActivation(Activation.TANH).dataType(DataType.FLOAT).seed(5).build());
        Random random = new Random(4);
        INDArray x = data(new LogitBernoulliReconstructionDistribution(), random).castTo(DataType.FLOAT);
        double[] z = new double[ROWS * LATENT];
        for (int i = 0; i < z.length; i++) {
            z[i] = random.nextGaussian();
        }
        double[] logLikelihood = new double[ROWS];
        double[] gradient = new double[ROWS * LATENT];
        try (DecoderGradient decoderGradient = new DecoderGradient(model, 64)) {
            decoderGradient.compute(x, z, ROWS, logLikelihood, gradient);
            double[] reference = modelLogLikelihood(model, x, z);
            for (int r = 0; r < ROWS; r++) {
                assertEquals(reference[r], logLikelihood[r], 1e-4 * Math.abs(reference[r]));
            }
            // x as a view into a larger array (rows 3 .. 3 + ROWS): the same numbers.
            INDArray larger = Nd4j.vstack(Nd4j.zeros(DataType.FLOAT, 3, INPUT), x, Nd4j.ones(DataType.FLOAT, 2, INPUT));
            double[] fromView = new double[ROWS];
            double[] gradientFromView = new double[ROWS * LATENT];
            decoderGradient.compute(larger.get(NDArrayIndex.interval(3, 3 + ROWS), NDArrayIndex.all()), z, ROWS,
                    fromView, gradientFromView);
            assertArrayEquals(logLikelihood, fromView, 0.0);
            assertArrayEquals(gradient, gradientFromView, 0.0);
            for (double g : gradient) {
                assertTrue(Double.isFinite(g));
            }
            assertThrows(IllegalArgumentException.class,
                    () -> decoderGradient.compute(x, z, ROWS - 1, logLikelihood, gradient), "x rows must match");
            assertThrows(IllegalArgumentException.class, () -> new DecoderGradient(model, 0));

            // Data outside [0, 1] leaves the closed form for the distribution, which names the value.
            INDArray bad = x.dup();
            bad.putScalar(2, 3, 2.0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> decoderGradient.compute(bad, z, ROWS, logLikelihood, gradient));
            assertTrue(e.getMessage().contains("2.0"), e.getMessage());
        }
    }

    /** Data in each distribution's support: bits, reals or counts. */
    private static INDArray data(ReconstructionDistribution distribution, Random random) {
        double[][] x = new double[ROWS][INPUT];
        for (double[] row : x) {
            for (int d = 0; d < INPUT; d++) {
                if (distribution instanceof PoissonReconstructionDistribution) {
                    row[d] = random.nextInt(4);
                } else if (distribution instanceof GaussianReconstructionDistribution
                        || distribution instanceof LearnedScaleGaussianReconstructionDistribution) {
                    row[d] = random.nextGaussian();
                } else {
                    row[d] = random.nextBoolean() ? 1 : 0;
                }
            }
        }
        return Nd4j.createFromArray(x);
    }

    /** log p(x_r | z_r) through {@link VaeModel#decoderPreOutput} and the density {@link ExactDensities} assigns. */
    private static double[] modelLogLikelihood(VaeModel model, INDArray x, double[] z) {
        return logLikelihood(model, x, model.decoderPreOutput(latent(model, z)));
    }

    private static INDArray latent(VaeModel model, double[] z) {
        return Nd4j.createFromArray(z).reshape(ROWS, LATENT).castTo(model.dataType());
    }

    /** Per row, log p(x_r | pre-output_r) of the density {@link ExactDensities} assigns. */
    private static double[] logLikelihood(VaeModel model, INDArray x, INDArray preOutput) {
        ReconstructionDistribution density = ExactDensities.densityOf(model.config().reconstructionDistribution());
        double[] negLogP = density.exampleNegLogProbability(x, preOutput).castTo(DataType.DOUBLE).dup('c').data()
                .asDouble();
        double[] result = new double[ROWS];
        for (int r = 0; r < ROWS; r++) {
            result[r] = -negLogP[r];
        }
        return result;
    }

    /** A conditional VAE: log p(x|z, c) and its gradient with respect to z only, against finite differences. */
    @ParameterizedTest
    @MethodSource("cases")
    void aConditionalDecoderGivesTheGradientWithRespectToZAlone(Activation activation, int[] decoder,
                                                               ReconstructionDistribution distribution) {
        int conditionSize = 2;
        VaeModel model = VaeModel.create(VaeConfig.builder().inputSize(INPUT).conditionSize(conditionSize)
                .encoderLayerSizes(5).decoderLayerSizes(decoder).latentSize(LATENT).hiddenActivation(activation)
                .reconstructionDistribution(distribution).dataType(DataType.DOUBLE).seed(19).build());
        model.layer().getParam("d0W").muli(2.0);
        Random random = new Random(4);
        INDArray x = data(distribution, random);
        double[] z = new double[ROWS * LATENT];
        double[] c = new double[ROWS * conditionSize];
        for (int i = 0; i < z.length; i++) {
            z[i] = 1.2 * random.nextGaussian();
        }
        for (int i = 0; i < c.length; i++) {
            c[i] = random.nextGaussian();
        }
        INDArray condition = Nd4j.createFromArray(c).reshape(ROWS, conditionSize);
        double[] logLikelihood = new double[ROWS];
        double[] gradient = new double[ROWS * LATENT];
        try (DecoderGradient decoderGradient = new DecoderGradient(model, ROWS)) {
            decoderGradient.compute(x, c, z, ROWS, logLikelihood, gradient);
            assertThrows(IllegalArgumentException.class, () -> decoderGradient.compute(x, z, ROWS, new double[ROWS],
                    new double[ROWS * LATENT]));
        }
        assertValuesAndFiniteDifferences(zs -> conditionalLogLikelihood(model, x, zs, condition), z, logLikelihood,
                gradient, activation + " " + distribution);
    }

    /**
     * {@code logLikelihood} equals {@code reference(z)} (1e-10 relative) and {@code gradient} its
     * central finite differences in every z coordinate (h = 1e-5, 1e-6 relative); returns the worst
     * relative gradient error.
     */
    private static double assertValuesAndFiniteDifferences(java.util.function.Function<double[], double[]> reference,
                                                          double[] z, double[] logLikelihood, double[] gradient,
                                                          String what) {
        double[] values = reference.apply(z);
        double h = 1e-5;
        double worst = 0;
        for (int r = 0; r < ROWS; r++) {
            assertEquals(values[r], logLikelihood[r], 1e-10 * Math.max(1, Math.abs(values[r])), "row " + r);
            for (int u = 0; u < LATENT; u++) {
                double[] plus = z.clone();
                double[] minus = z.clone();
                plus[r * LATENT + u] += h;
                minus[r * LATENT + u] -= h;
                double numeric = (reference.apply(plus)[r] - reference.apply(minus)[r]) / (2 * h);
                double analytic = gradient[r * LATENT + u];
                worst = Math.max(worst, Math.abs(numeric - analytic) / Math.max(1, Math.abs(numeric)));
                assertEquals(numeric, analytic, 1e-6 * Math.max(1, Math.abs(numeric)),
                        what + " row " + r + " dim " + u);
            }
        }
        return worst;
    }

    /** log p(x_r | z_r, c_r) through {@link VaeModel#decoderPreOutput(INDArray, INDArray)}. */
    private static double[] conditionalLogLikelihood(VaeModel model, INDArray x, double[] z, INDArray c) {
        return logLikelihood(model, x, model.decoderPreOutput(latent(model, z), c));
    }
}
