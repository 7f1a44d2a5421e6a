package org.vae4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.deeplearning4j.nn.conf.layers.variational.BernoulliReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.CompositeReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.ExponentialReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.GaussianReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.vae4j.core.distribution.LearnedScaleGaussianReconstructionDistribution;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;
import org.deeplearning4j.nn.params.VariationalAutoencoderParamInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.KlObjective;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.LatentPosterior;
import org.vae4j.core.model.VaeModel;

/** vae4j's engine against DL4J's layer gradient (same noise, DOUBLE) and against finite differences. */
class FusedElboGradientTest {

    private static final int ROWS = 9;
    private static final double TOLERANCE = 1e-5;

    static Stream<Arguments> distributions() {
        return Stream.of(
                Arguments.of("Bernoulli", new BernoulliReconstructionDistribution(Activation.SIGMOID)),
                Arguments.of("LogitBernoulli", new LogitBernoulliReconstructionDistribution()),
                Arguments.of("LearnedScaleGaussian", new LearnedScaleGaussianReconstructionDistribution()),
                Arguments.of("Gaussian", new GaussianReconstructionDistribution(Activation.IDENTITY)),
                Arguments.of("Exponential", new ExponentialReconstructionDistribution(Activation.IDENTITY)),
                Arguments.of("Composite", new CompositeReconstructionDistribution.Builder()
                        .addDistribution(5, new BernoulliReconstructionDistribution(Activation.SIGMOID))
                        .addDistribution(4, new GaussianReconstructionDistribution(Activation.TANH))
                        .addDistribution(3, new ExponentialReconstructionDistribution(Activation.IDENTITY))
                        .build()));
    }

    private static VaeModel model(Activation activation, ReconstructionDistribution distribution) {
        VaeConfig config = VaeConfig.builder().inputSize(12).encoderLayerSizes(7, 6).decoderLayerSizes(5, 8)
                .latentSize(3).hiddenActivation(activation).reconstructionDistribution(distribution)
                .dataType(DataType.DOUBLE).seed(42).build();
        VaeModel model = VaeModel.create(config);
        // Move away from the initialisation (zero biases) so every branch of every activation is hit.
        model.layer().params().addi(Nd4j.rand(DataType.DOUBLE, model.layer().params().shape()).subi(0.5).muli(0.4));
        return model;
    }

    /** Binary in the first 5 columns (Bernoulli), positive reals elsewhere (Gaussian, Exponential). */
    private static INDArray data(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] rows = new double[ROWS][12];
        for (double[] row : rows) {
            for (int d = 0; d < 12; d++) {
                row[d] = d < 5 ? (random.nextBoolean() ? 1 : 0) : 0.05 + 0.9 * random.nextDouble();
            }
        }
        return Nd4j.createFromArray(rows);
    }

    private static INDArray binary(long seed) {
        INDArray x = data(seed);
        return x.gt(0.5).castTo(DataType.DOUBLE);
    }

    /** The gradient an engine writes, starting from a NaN-filled view so that every element must be written. */
    private static INDArray gradient(VaeModel model, ElboGradient engine, INDArray x, long iteration, double[] score) {
        model.layer().getGradientsViewArray().assign(Double.NaN);
        Nd4j.getRandom().setSeed(1234 + iteration);
        double s = engine.computeGradient(x, iteration);
        if (score != null) {
            score[0] = s;
        }
        // DL4J's updater reads the gradient through Gradient.gradient(): it must be the layer's view.
        assertEquals(model.layer().getGradientsViewArray(), engine.gradient().gradient());
        return model.layer().getGradientsViewArray().dup();
    }

    private static INDArray fused(VaeModel model, KlObjective objective, INDArray x, long iteration) {
        return gradient(model, new FusedElboGradient(model.layer(), objective), x, iteration, null);
    }

    /**
     * Cutting the minibatch into parts that run on separate threads gives the one-part gradient and
     * loss to round-off, also under free bits (whose KL weights need the whole minibatch's KL).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("distributions")
    void partsOnSeparateThreadsGiveTheOnePartGradient(String name, ReconstructionDistribution distribution) {
        KlObjective objective = new KlObjective(0.7, 50, 0.05);
        VaeModel model = model(Activation.TANH, distribution);
        INDArray x = data(3);
        double[] oneScore = new double[1];
        double[] partsScore = new double[1];
        try (FusedElboGradient one = new FusedElboGradient(model.layer(), objective, 1, 1);
             FusedElboGradient parts = new FusedElboGradient(model.layer(), objective, 3, 2)) {
            INDArray expected = gradient(model, one, x, 7, oneScore);
            INDArray actual = gradient(model, parts, x, 7, partsScore);
            assertTrue(maxRelativeError(expected, actual) < 1e-10, name + ": " + maxRelativeError(expected, actual));
            assertEquals(oneScore[0], partsScore[0], 1e-12 * Math.abs(oneScore[0]));
        }
    }

    /** Largest elementwise |a - b| / (|a| + |b|), ignoring pairs equal to 1e-12 absolute. */
    static double maxRelativeError(INDArray a, INDArray b) {
        double[] x = a.toDoubleVector();
        double[] y = b.toDoubleVector();
        assertEquals(x.length, y.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            assertFalse(Double.isNaN(x[i]) || Double.isNaN(y[i]), "element " + i + " not written");
            double diff = Math.abs(x[i] - y[i]);
            if (diff > 1e-12) {
                worst = Math.max(worst, diff / (Math.abs(x[i]) + Math.abs(y[i])));
            }
        }
        return worst;
    }

    static Stream<Arguments> activationsAndDistributions() {
        List<Arguments> cases = new ArrayList<>();
        List<Activation> activations = List.of(Activation.IDENTITY, Activation.RELU, Activation.TANH,
                Activation.SIGMOID, Activation.LEAKYRELU, Activation.ELU, Activation.SOFTPLUS, Activation.SELU,
                Activation.SWISH);
        distributions().forEach(d -> {
            for (Activation activation : activations) {
                cases.add(Arguments.of(activation, d.get()[0], d.get()[1]));
            }
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("activationsAndDistributions")
    void equalsDl4jLayerGradientOnTheSameNoise(Activation activation, String name,
                                               ReconstructionDistribution distribution) {
        VaeModel model = model(activation, distribution);
        INDArray x = data(3);
        double[] dl4jScore = new double[1];
        double[] vae4jScore = new double[1];
        INDArray reference = gradient(model, new Dl4jLayerGradient(model.layer()), x, 0, dl4jScore);
        INDArray engine = gradient(model, new FusedElboGradient(model.layer(), KlObjective.standard()), x, 0,
                vae4jScore);
        double error = maxRelativeError(reference, engine);
        assertTrue(error <= TOLERANCE, "max relative error " + error);
        assertEquals(dl4jScore[0], vae4jScore[0], 1e-9 * Math.abs(dl4jScore[0]));
        assertTrue(reference.norm2Number().doubleValue() > 0);
    }

    @Test
    void equalsDl4jAlsoForOneHiddenLayerAndAnotherBatchSize() {
        VaeConfig config = VaeConfig.builder().inputSize(12).encoderLayerSizes(10).latentSize(2)
                .dataType(DataType.DOUBLE).seed(5).build();
        VaeModel model = VaeModel.create(config);
        FusedElboGradient engine = new FusedElboGradient(model.layer(), KlObjective.standard());
        for (int rows : new int[] {9, 4, 9}) {
            INDArray x = binary(rows).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, rows),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            INDArray reference = gradient(model, new Dl4jLayerGradient(model.layer()), x, rows, null);
            INDArray mine = gradient(model, engine, x, rows, null);
            assertTrue(maxRelativeError(reference, mine) <= TOLERANCE, "rows " + rows);
        }
    }

    /** The reconstruction term alone, sum over rows, with the noise the engine draws at iteration 0. */
    private static double reconstructionTerm(VaeModel model, INDArray x, INDArray noise) {
        LatentPosterior q = model.encode(x);
        INDArray z = q.sample(noise);
        return model.config().reconstructionDistribution().negLogProbability(x, model.decoderPreOutput(z), false);
    }

    @Test
    void betaZeroIsTheGradientOfTheReconstructionTermAlone() {
        VaeModel model = model(Activation.TANH, new BernoulliReconstructionDistribution(Activation.SIGMOID));
        INDArray x = binary(8);
        INDArray engine = fused(model, new KlObjective(0, 0, 0), x, 0);
        Nd4j.getRandom().setSeed(1234);
        INDArray noise = Nd4j.randn(DataType.DOUBLE, ROWS, 3);

        INDArray params = model.layer().params();
        SplittableRandom random = new SplittableRandom(1);
        Map<String, INDArray> table = model.layer().paramTable();
        long offset = 0;
        int checked = 0;
        for (Map.Entry<String, INDArray> entry : table.entrySet()) {
            long length = entry.getValue().length();
            for (int k = 0; k < 3; k++) {
                long index = offset + random.nextLong(length);
                double original = params.getDouble(index);
                double h = 1e-6;
                params.putScalar(index, original + h);
                double plus = reconstructionTerm(model, x, noise);
                params.putScalar(index, original - h);
                double minus = reconstructionTerm(model, x, noise);
                params.putScalar(index, original);
                // The engine's gradient is the mean over the minibatch rows.
                double numeric = (plus - minus) / (2 * h) / x.rows();
                double analytic = engine.getDouble(index);
                double error = Math.abs(numeric - analytic) / Math.max(Math.abs(numeric) + Math.abs(analytic), 1e-8);
                assertTrue(error < 1e-5 || Math.abs(numeric - analytic) < 1e-8,
                        entry.getKey() + "[" + (index - offset) + "]: numeric " + numeric + " analytic " + analytic);
                checked++;
            }
            offset += length;
        }
        assertEquals(3 * table.size(), checked);
    }

    @Test
    void gradientIsAffineInBetaAndTheDecoderIgnoresTheKlTerm() {
        VaeModel model = model(Activation.RELU, new BernoulliReconstructionDistribution(Activation.SIGMOID));
        INDArray x = binary(4);
        INDArray g0 = fused(model, new KlObjective(0, 0, 0), x, 0);
        INDArray g1 = fused(model, KlObjective.standard(), x, 0);
        INDArray g3 = fused(model, new KlObjective(3, 0, 0), x, 0);
        assertTrue(maxRelativeError(g3.sub(g1), g1.sub(g0).muli(2)) < 1e-9);
        long decoderStart = decoderOffset(model);
        INDArray decoder0 = g0.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(decoderStart, g0.length()));
        INDArray decoder3 = g3.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(decoderStart, g3.length()));
        assertEquals(0.0, maxRelativeError(decoder0, decoder3));
        assertNotEquals(0.0, maxRelativeError(g0, g1), "the KL term moves the encoder");
    }

    private static long decoderOffset(VaeModel model) {
        long offset = 0;
        for (Map.Entry<String, INDArray> e : model.layer().paramTable().entrySet()) {
            if (e.getKey().equals("d0W")) {
                return offset;
            }
            offset += e.getValue().length();
        }
        throw new AssertionError("no d0W");
    }

    @Test
    void warmupWeightIsMinOfOneAndTOverTTimesBeta() {
        KlObjective warmup = new KlObjective(2, 10, 0);
        assertEquals(0.0, warmup.klWeight(0));
        assertEquals(1.0, warmup.klWeight(5));
        assertEquals(2.0, warmup.klWeight(10));
        assertEquals(2.0, warmup.klWeight(1000));
        assertEquals(0.5, new KlObjective(0.5, 0, 0).klWeight(0));

        VaeModel model = model(Activation.TANH, new GaussianReconstructionDistribution(Activation.IDENTITY));
        INDArray x = data(6);
        // At iteration 5 of a 10-iteration warm-up to beta 2 the weight is 1: the plain ELBO.
        INDArray warm = fused(model, warmup, x, 5);
        INDArray plain = fused(model, KlObjective.standard(), x, 5);
        assertTrue(maxRelativeError(warm, plain) < 1e-12);
        INDArray start = fused(model, warmup, x, 0);
        INDArray noKl = fused(model, new KlObjective(0, 0, 0), x, 0);
        assertTrue(maxRelativeError(start, noKl) < 1e-12);
    }

    @Test
    void freeBitsRemoveTheKlGradientOfDimensionsBelowTheFloor() {
        VaeModel model = model(Activation.TANH, new BernoulliReconstructionDistribution(Activation.SIGMOID));
        INDArray x = binary(11);
        // Per-dimension minibatch-mean KL at the current parameters.
        LatentPosterior q = model.encode(x);
        double[] klPerDimension = q.mean().mul(q.mean()).addi(org.nd4j.linalg.ops.transforms.Transforms.exp(q.logVariance(), true))
                .subi(q.logVariance()).subi(1).muli(0.5).mean(0).toDoubleVector();
        double[] sorted = klPerDimension.clone();
        java.util.Arrays.sort(sorted);
        double floor = (sorted[0] + sorted[1]) / 2;   // exactly one dimension below the floor
        assertTrue(sorted[1] - sorted[0] > 1e-6, "dimensions' KLs must differ for this test");

        INDArray freeBits = fused(model, new KlObjective(1, 0, floor), x, 0);
        INDArray noKl = fused(model, new KlObjective(0, 0, 0), x, 0);
        INDArray plain = fused(model, KlObjective.standard(), x, 0);
        INDArray meanBiasFree = bias(model, freeBits, VariationalAutoencoderParamInitializer.PZX_MEAN_B);
        INDArray meanBiasNoKl = bias(model, noKl, VariationalAutoencoderParamInitializer.PZX_MEAN_B);
        INDArray meanBiasPlain = bias(model, plain, VariationalAutoencoderParamInitializer.PZX_MEAN_B);
        INDArray logVarFree = bias(model, freeBits, VariationalAutoencoderParamInitializer.PZX_LOGSTD2_B);
        INDArray logVarNoKl = bias(model, noKl, VariationalAutoencoderParamInitializer.PZX_LOGSTD2_B);
        INDArray logVarPlain = bias(model, plain, VariationalAutoencoderParamInitializer.PZX_LOGSTD2_B);
        for (int j = 0; j < 3; j++) {
            boolean below = klPerDimension[j] < floor;
            INDArray expectedMean = below ? meanBiasNoKl : meanBiasPlain;
            INDArray expectedLogVar = below ? logVarNoKl : logVarPlain;
            assertEquals(expectedMean.getDouble(j), meanBiasFree.getDouble(j), 1e-12, "mean bias, dimension " + j);
            assertEquals(expectedLogVar.getDouble(j), logVarFree.getDouble(j), 1e-12, "log-variance bias " + j);
        }
        // A floor above every dimension's KL removes the whole KL gradient.
        INDArray allFree = fused(model, new KlObjective(1, 0, sorted[2] + 1), x, 0);
        assertTrue(maxRelativeError(allFree, noKl) < 1e-12);
    }

    private static INDArray bias(VaeModel model, INDArray flatGradient, String key) {
        long offset = 0;
        for (Map.Entry<String, INDArray> e : model.layer().paramTable().entrySet()) {
            if (e.getKey().equals(key)) {
                return flatGradient.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(offset,
                        offset + e.getValue().length()));
            }
            offset += e.getValue().length();
        }
        throw new AssertionError(key);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void scoreIsThePlainNegativeElboWhateverTheObjective(DataType type) {
        VaeConfig config = VaeConfig.builder().inputSize(12).encoderLayerSizes(6).latentSize(2).dataType(type)
                .build();
        VaeModel model = VaeModel.create(config);
        INDArray x = binary(2).castTo(type);
        double[] plain = new double[1];
        double[] weighted = new double[1];
        gradient(model, new FusedElboGradient(model.layer(), KlObjective.standard()), x, 0, plain);
        gradient(model, new FusedElboGradient(model.layer(), new KlObjective(4, 3, 0.1)), x, 0, weighted);
        assertEquals(plain[0], weighted[0], 0.0);
    }

    /** Logits of a few hundred: sigmoid rounds to exactly 0 or 1 in both float and double. */
    private static VaeModel saturated(DataType type) {
        VaeConfig config = VaeConfig.builder().inputSize(12).encoderLayerSizes(7).latentSize(3).dataType(type).seed(8)
                .build();
        VaeModel model = VaeModel.create(config);
        Nd4j.getRandom().setSeed(8);
        model.layer().paramTable().get(VariationalAutoencoderParamInitializer.PXZ_W)
                .assign(Nd4j.randn(DataType.DOUBLE, 7, 12).muli(150));
        return model;
    }

    @Test
    void bernoulliClosedFormEqualsTheExactDensityAtSaturatedLogits() {
        // DL4J's layer running vae4j's LogitBernoulli (exact softplus in double) is the reference.
        VaeModel model = saturated(DataType.DOUBLE);
        INDArray x = binary(21);
        double[] reference = new double[1];
        double[] engine = new double[1];
        INDArray expected = gradient(model, new Dl4jLayerGradient(model.layer()), x, 0, reference);
        INDArray actual = gradient(model, new FusedElboGradient(model.layer(), KlObjective.standard()), x, 0, engine);
        assertTrue(reference[0] > 100, "logits are saturated: -ELBO " + reference[0]);
        assertEquals(reference[0], engine[0], 1e-9 * reference[0]);
        assertTrue(maxRelativeError(expected, actual) <= TOLERANCE);

        // FLOAT: finite, and the same numbers to float precision.
        VaeModel floatModel = saturated(DataType.FLOAT);
        floatModel.layer().params().assign(model.layer().params());
        double[] floatScore = new double[1];
        INDArray floatGradient = gradient(floatModel, new FusedElboGradient(floatModel.layer(), KlObjective.standard()),
                x.castTo(DataType.FLOAT), 0, floatScore);
        assertEquals(reference[0], floatScore[0], 1e-5 * reference[0]);
        double error = floatGradient.castTo(DataType.DOUBLE).sub(expected).norm2Number().doubleValue()
                / expected.norm2Number().doubleValue();
        assertTrue(error < 1e-4, "FLOAT gradient differs by " + error);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void logitBernoulliNamesDataOutsideZeroOneOrNaN(DataType type) {
        VaeModel model = VaeModel.create(VaeConfig.builder().inputSize(12).encoderLayerSizes(6).latentSize(2)
                .dataType(type).build());
        FusedElboGradient engine = new FusedElboGradient(model.layer(), KlObjective.standard());
        for (double bad : new double[] {1.5, -0.25, Double.NaN}) {
            INDArray x = binary(4).castTo(type);
            x.putScalar(2, 7, bad);
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> engine.computeGradient(x, 0), "value " + bad);
            assertTrue(e.getMessage().startsWith("logit-Bernoulli data must be in [0, 1]: x = " + (float) bad
                    + " at row 2, column 7."), e.getMessage());
        }
    }
}
