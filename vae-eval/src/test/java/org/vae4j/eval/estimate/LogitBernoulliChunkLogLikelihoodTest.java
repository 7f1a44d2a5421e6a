package org.vae4j.eval.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;
import org.vae4j.core.model.VaeModel;

/**
 * Importance sampling's logit-Bernoulli path (the decoder with folded biases, then
 * {@code LogitBernoulliKernel}) against exact values: in DOUBLE against the distribution's path
 * (the model's own decoder pass, replicated data) to 1e-10 nats; in FLOAT against log p(x|z) computed in double from a DOUBLE twin
 * of the model, within float rounding of the logits (8 eps sum_d (|a_d| + 1)). Logits are pushed to
 * +-80 (still inside float exp's range), +-100 (FLOAT exp overflows, or a 1 pixel's exp(a) is
 * subnormal), +-800 (DOUBLE exp overflows) and +-1e4; data binary or in [0, 1].
 */
class LogitBernoulliChunkLogLikelihoodTest {

    private static final int INPUT = 12;
    private static final int LATENT = 3;
    private static final int EXAMPLES = 3;
    private static final int SAMPLES = 9;
    private static final double FLOAT_EPS = Math.ulp(1f);

    @Test
    void doubleAgreesWithTheDistributionToTenDigitsAtAnyLogit() {
        for (double saturation : new double[] {0, 100, 800}) {
            for (boolean binary : new boolean[] {true, false}) {
                VaeModel model = model(DataType.DOUBLE, Activation.RELU, saturation, 1);
                INDArray x = data(binary, 5);
                double[] z = latent(7);
                double[] fast = fast(model, x, z);
                double[] exact = distribution(model, x, z);
                for (int row = 0; row < fast.length; row++) {
                    assertEquals(exact[row], fast[row], 1e-10, "saturation " + saturation + ", binary " + binary
                            + ", row " + row);
                }
            }
        }
    }

    @Test
    void tanhAndTwoDecoderLayersKeepTheFoldedBiasesRight() {
        // tanh runs as 2 sigmoid(2u) - 1 folded into the weights, and sigmoid(1) != 1: the ones
        // column that carries the next layer's bias must be restored.
        VaeModel model = model(DataType.DOUBLE, Activation.TANH, 30, 2);
        INDArray x = data(false, 6);
        double[] z = latent(8);
        double[] fast = fast(model, x, z);
        double[] exact = distribution(model, x, z);
        for (int row = 0; row < fast.length; row++) {
            assertEquals(exact[row], fast[row], 1e-10, "row " + row);
        }
    }

    @Test
    void floatTanhDecoderRunAsSigmoidStaysWithinFloatRounding() {
        VaeModel model = model(DataType.FLOAT, Activation.TANH, 30, 2);
        double[] z = latent(18);
        INDArray binary = data(true, 19);
        assertCloseToExact(model, binary, z, fast(model, binary, z), "tanh, binary");
        INDArray grey = data(false, 20);
        assertCloseToExact(model, grey, z, fast(model, grey, z), "tanh, grey");
    }

    @Test
    void floatIsExactToFloatRoundingOfTheLogitsAtAnyLogit() {
        for (double saturation : new double[] {0, 80, 100, 1e4}) {
            VaeModel model = model(DataType.FLOAT, Activation.RELU, saturation, 1);
            double[] z = latent(10);
            INDArray binary = data(true, 9);
            assertCloseToExact(model, binary, z, fast(model, binary, z), "binary, saturation " + saturation);
            INDArray grey = data(false, 11);
            assertCloseToExact(model, grey, z, fast(model, grey, z), "grey, saturation " + saturation);
        }
    }

    @Test
    void floatOnePixelWhoseExpIsSubnormal() {
        // Logits near -100 where x = 1 and nothing positive: exp(a) ~ 4e-44 is a subnormal float
        // with a few significant bits; it enters only as log1p(exp(-|a|)), so that does not matter.
        VaeModel model = model(DataType.FLOAT, Activation.RELU, 0, 1);
        INDArray bias = model.layer().getParam("pXZb");
        for (int d = 4; d < 8; d++) {
            bias.putScalar(d, -100);
        }
        INDArray x = data(true, 16);
        double[] z = latent(17);
        assertCloseToExact(model, x, z, fast(model, x, z), "subnormal exp");
    }

    @Test
    void dataOutsideTheUnitIntervalIsRefusedNamingTheExampleOrClamped() {
        INDArray x = data(false, 14);
        x.putScalar(1, 4, 1.5);
        double[] z = latent(15);
        VaeModel strict = model(DataType.FLOAT, Activation.RELU, 0, 1);
        Exception e = assertThrows(IllegalArgumentException.class, () -> fast(strict, x, z));
        assertTrue(e.getMessage().startsWith("logit-Bernoulli data must be in [0, 1]: x = 1.5 at row 1, column 4."),
                e.getMessage());

        VaeModel clamping = VaeModel.create(strict.config().toBuilder()
                .reconstructionDistribution(new LogitBernoulliReconstructionDistribution(true)).build());
        clamping.layer().setParams(strict.layer().params());
        INDArray clamped = x.dup();
        clamped.putScalar(1, 4, 1.0);
        double[] fast = fast(clamping, x, z);
        double[] ofClampedData = fast(clamping, clamped, z);
        double[] exact = distribution(clamping, x, z);
        for (int row = 0; row < fast.length; row++) {
            assertEquals(ofClampedData[row], fast[row], 0.0, "row " + row);
            assertEquals(exact[row], fast[row], 1e-4 * Math.abs(exact[row]), "row " + row);
        }
    }

    /** The FLOAT values against log p(x|z) in double from the DOUBLE twin's logits. */
    private static void assertCloseToExact(VaeModel model, INDArray x, double[] z, double[] actual, String what) {
        VaeModel twin = VaeModel.create(model.config().toBuilder().dataType(DataType.DOUBLE).build());
        twin.layer().setParams(model.layer().params().castTo(DataType.DOUBLE));
        INDArray logits = twin.decoderPreOutput(Nd4j.createFromArray(z).reshape(EXAMPLES * SAMPLES, LATENT));
        for (int row = 0; row < actual.length; row++) {
            double exact = 0;
            double scale = 0;
            for (int d = 0; d < INPUT; d++) {
                double a = logits.getDouble(row, d);
                double xd = x.getDouble(row / SAMPLES, d);
                exact += xd * a - (Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a))));
                scale += Math.abs(a) + 1;
            }
            assertEquals(exact, actual[row], 8 * FLOAT_EPS * scale, what + ", row " + row);
        }
    }

    /** The fast implementation on one block of EXAMPLES examples, one chunk of SAMPLES samples each. */
    private static double[] fast(VaeModel model, INDArray x, double[] z) {
        INDArray data = x.castTo(model.dataType()).dup('c');
        try (LogitBernoulliChunkLogLikelihood fast = new LogitBernoulliChunkLogLikelihood(model, data, EXAMPLES,
                SAMPLES)) {
            fast.startBlock(0, EXAMPLES);
            double[] out = new double[EXAMPLES * SAMPLES];
            fast.compute(z, EXAMPLES, SAMPLES, out);
            return out;
        }
    }

    private static double[] distribution(VaeModel model, INDArray x, double[] z) {
        INDArray data = x.castTo(model.dataType()).dup('c');
        try (DistributionChunkLogLikelihood generic = new DistributionChunkLogLikelihood(model, data, EXAMPLES,
                SAMPLES)) {
            generic.startBlock(0, EXAMPLES);
            double[] out = new double[EXAMPLES * SAMPLES];
            generic.compute(z, EXAMPLES, SAMPLES, out);
            return out;
        }
    }

    /**
     * A decoder whose output biases put columns 0-3 at about +saturation and 4-7 at about
     * -saturation (the data has both 0s and 1s there: confidently right and confidently wrong).
     */
    private static VaeModel model(DataType type, Activation activation, double saturation, int decoderLayers) {
        int[] decoder = decoderLayers == 1 ? new int[] {8} : new int[] {8, 6};
        VaeModel model = VaeModel.create(VaeConfig.builder().inputSize(INPUT).encoderLayerSizes(8)
                .decoderLayerSizes(decoder).latentSize(LATENT).hiddenActivation(activation).dataType(type).seed(17)
                .build());
        INDArray bias = model.layer().getParam("pXZb");
        for (int d = 0; d < 8; d++) {
            bias.putScalar(d, d < 4 ? saturation : -saturation);
        }
        model.layer().getParam("pXZW").muli(2.0);
        return model;
    }

    /** EXAMPLES rows: binary with both values in every saturated column, or grey values in [0, 1]. */
    private static INDArray data(boolean binary, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] x = new double[EXAMPLES][INPUT];
        for (int e = 0; e < EXAMPLES; e++) {
            for (int d = 0; d < INPUT; d++) {
                x[e][d] = binary ? (d + e) % 2 : random.nextDouble();
            }
        }
        if (!binary) {
            x[0][0] = 0;
            x[0][1] = 1;
        }
        return Nd4j.createFromArray(x);
    }

    private static double[] latent(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] z = new double[EXAMPLES * SAMPLES * LATENT];
        for (int i = 0; i < z.length; i++) {
            z[i] = 2 * random.nextGaussian();
        }
        return z;
    }
}
