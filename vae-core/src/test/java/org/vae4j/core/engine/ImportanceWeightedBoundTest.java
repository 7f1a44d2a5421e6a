package org.vae4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
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
import org.vae4j.core.config.InvalidConfigException;
import org.vae4j.core.config.KlObjective;
import org.vae4j.core.config.TrainingEngine;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.ExactDensities;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;
import org.vae4j.core.model.LatentPosterior;
import org.vae4j.core.model.VaeForward;
import org.vae4j.core.model.VaeModel;

/**
 * The engine's importance-weighted bound (Burda et al. 2015, eq. 8) against a plain reference
 * computed through the model facade on the same noise: the value, central finite differences of
 * the reference for the gradient, and parts on separate threads.
 */
class ImportanceWeightedBoundTest {

    private static final int EXAMPLES = 4;
    private static final int K = 5;

    static Stream<Arguments> distributions() {
        return Stream.of(
                Arguments.of("LogitBernoulli (closed form)", new LogitBernoulliReconstructionDistribution()),
                Arguments.of("DL4J Bernoulli (closed form)", new BernoulliReconstructionDistribution(Activation.SIGMOID)),
                Arguments.of("Gaussian (its own methods)", new GaussianReconstructionDistribution(Activation.IDENTITY)));
    }

    private static VaeModel model(ReconstructionDistribution distribution) {
        VaeConfig config = VaeConfig.builder().inputSize(8).encoderLayerSizes(6).decoderLayerSizes(5).latentSize(3)
                .hiddenActivation(Activation.TANH).reconstructionDistribution(distribution)
                .dataType(DataType.DOUBLE).seed(8).iwaeSamples(K).build();
        VaeModel model = VaeModel.create(config);
        model.layer().params().addi(Nd4j.rand(DataType.DOUBLE, model.layer().params().shape()).subi(0.5).muli(0.6));
        return model;
    }

    /** EXAMPLES binary examples, each repeated K times in a row (as ElboStep replicates them). */
    private static INDArray replicatedData() {
        SplittableRandom random = new SplittableRandom(3);
        double[][] rows = new double[EXAMPLES * K][8];
        for (int e = 0; e < EXAMPLES; e++) {
            double[] example = new double[8];
            for (int d = 0; d < 8; d++) {
                example[d] = random.nextBoolean() ? 1 : 0;
            }
            for (int s = 0; s < K; s++) {
                rows[e * K + s] = example.clone();
            }
        }
        return Nd4j.createFromArray(rows);
    }

    /** -(mean over examples of log (1/K) sum_i p(x, z_i) / q(z_i|x)), z_i = mu + sigma * noise_i, in nats. */
    private static double referenceNegativeBound(VaeModel model, INDArray x, INDArray noise) {
        VaeForward forward = new VaeForward(model.layer());
        LatentPosterior q = forward.encode(x);
        INDArray z = q.sample(noise);
        double[] nll = ExactDensities.densityOf(model.config().reconstructionDistribution())
                .exampleNegLogProbability(x, forward.decoderPreOutput(z)).dup().data().asDouble();
        double[] zs = z.dup().data().asDouble();
        double[] eps = noise.dup().data().asDouble();
        double[] logVar = q.logVariance().dup().data().asDouble();
        int latent = model.config().latentSize();
        double total = 0;
        for (int e = 0; e < EXAMPLES; e++) {
            double[] logW = new double[K];
            double max = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < K; s++) {
                int row = e * K + s;
                double lw = -nll[row];
                for (int j = 0; j < latent; j++) {
                    int i = row * latent + j;
                    // log N(z; 0, I) - log N(z; mu, sigma^2) with z = mu + sigma * eps
                    lw += -0.5 * zs[i] * zs[i] + 0.5 * eps[i] * eps[i] + 0.5 * logVar[i];
                }
                logW[s] = lw;
                max = Math.max(max, lw);
            }
            double sum = 0;
            for (double lw : logW) {
                sum += Math.exp(lw - max);
            }
            total += max + Math.log(sum / K);
        }
        return -total / EXAMPLES;
    }

    private static INDArray noise(VaeModel model, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(Nd4j.create(DataType.DOUBLE, (long) EXAMPLES * K, model.config().latentSize()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("distributions")
    void valueAndGradientAreThoseOfTheBoundOnTheSameNoise(String name, ReconstructionDistribution distribution) {
        VaeModel model = model(distribution);
        INDArray x = replicatedData();
        INDArray noise = noise(model, 77);
        double[] value = new double[1];
        INDArray gradient;
        try (FusedElboGradient engine = new FusedElboGradient(model.layer(), KlObjective.standard(), K, 1, 1)) {
            Nd4j.getRandom().setSeed(77);   // the engine draws the same noise
            value[0] = engine.computeGradient(x, 0);
            gradient = model.layer().getGradientsViewArray().dup();
        }
        double reference = referenceNegativeBound(model, x, noise);
        assertEquals(reference, value[0], 1e-10 * Math.abs(reference), name);

        INDArray params = model.layer().params();
        SplittableRandom pick = new SplittableRandom(5);
        double h = 1e-6;
        double worst = 0;
        for (int n = 0; n < 40; n++) {
            long i = pick.nextLong(params.length());
            double original = params.getDouble(i);
            params.putScalar(i, original + h);
            double up = referenceNegativeBound(model, x, noise);
            params.putScalar(i, original - h);
            double down = referenceNegativeBound(model, x, noise);
            params.putScalar(i, original);
            double numeric = (up - down) / (2 * h);
            double analytic = gradient.getDouble(i);
            if (Math.abs(numeric) + Math.abs(analytic) > 1e-8) {
                worst = Math.max(worst, Math.abs(numeric - analytic) / (Math.abs(numeric) + Math.abs(analytic)));
            }
        }
        assertTrue(worst < 1e-6, name + ": worst relative gradient error " + worst);
    }

    @Test
    void partsOnSeparateThreadsSplitBetweenExamplesAndGiveTheOnePartGradient() {
        VaeModel model = model(new LogitBernoulliReconstructionDistribution());
        INDArray x = replicatedData();
        double one;
        INDArray expected;
        try (FusedElboGradient engine = new FusedElboGradient(model.layer(), KlObjective.standard(), K, 1, 1)) {
            Nd4j.getRandom().setSeed(9);
            one = engine.computeGradient(x, 0);
            expected = model.layer().getGradientsViewArray().dup();
        }
        try (FusedElboGradient engine = new FusedElboGradient(model.layer(), KlObjective.standard(), K, 3, 1)) {
            Nd4j.getRandom().setSeed(9);
            assertEquals(one, engine.computeGradient(x, 0), 1e-12 * Math.abs(one));
            assertTrue(FusedElboGradientTest.maxRelativeError(expected, model.layer().getGradientsViewArray()) < 1e-10);
        }
    }

    @Test
    void theTrainerReplicatesEachExampleKTimesInARow() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        assertEquals(Nd4j.createFromArray(new double[][] {{1, 2}, {1, 2}, {1, 2}, {3, 4}, {3, 4}, {3, 4}}),
                x.repeat(0, 3), "ElboStep's replication must keep an example's samples together");
    }

    @Test
    void theConfigRefusesWhatTheBoundCannotBeTrainedWith() {
        VaeConfig.Builder base = VaeConfig.builder().inputSize(8).iwaeSamples(5);
        assertEquals("VaeConfig.engine", assertThrows(InvalidConfigException.class,
                () -> base.engine(TrainingEngine.DL4J).build()).field());
        assertEquals("VaeConfig.klObjective", assertThrows(InvalidConfigException.class,
                () -> VaeConfig.builder().inputSize(8).iwaeSamples(5).beta(0.5).build()).field());
        assertEquals("VaeConfig.monteCarloSamples", assertThrows(InvalidConfigException.class,
                () -> VaeConfig.builder().inputSize(8).iwaeSamples(5).monteCarloSamples(2).build()).field());
        assertEquals("VaeConfig.iwaeSamples", assertThrows(InvalidConfigException.class,
                () -> VaeConfig.builder().inputSize(8).iwaeSamples(0).build()).field());
        VaeConfig k5 = VaeConfig.builder().inputSize(8).iwaeSamples(5).build();
        assertEquals(k5, VaeConfig.fromJson(k5.toJson()));
    }
}
