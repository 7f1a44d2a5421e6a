package org.vae4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.deeplearning4j.nn.conf.layers.variational.GaussianReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.config.KlObjective;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.ExactDensities;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;
import org.vae4j.core.model.LatentPosterior;
import org.vae4j.core.model.VaeForward;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.model.VaeParameters;

/**
 * The engine on a conditional VAE: its -ELBO and its importance-weighted bound equal a plain
 * reference on the same noise, written from the model's definition (z = [mu + sigma * eps | c],
 * KL over the free units only, p(x|z, c) over the data columns), and its gradient equals central
 * finite differences of that reference. The condition's clamped heads get no gradient.
 */
class ConditionalElboGradientTest {

    private static final int DATA = 6;
    private static final int CONDITION = 2;
    private static final int LATENT = 3;
    private static final int EXAMPLES = 5;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("LogitBernoulli, ELBO", new LogitBernoulliReconstructionDistribution(), 1),
                Arguments.of("Gaussian, ELBO", new GaussianReconstructionDistribution(Activation.IDENTITY), 1),
                Arguments.of("LogitBernoulli, IWAE k = 3", new LogitBernoulliReconstructionDistribution(), 3));
    }

    private static VaeModel model(ReconstructionDistribution distribution, int k) {
        VaeConfig config = VaeConfig.builder().inputSize(DATA).conditionSize(CONDITION).encoderLayerSizes(7)
                .decoderLayerSizes(5).latentSize(LATENT).hiddenActivation(Activation.TANH)
                .reconstructionDistribution(distribution).dataType(DataType.DOUBLE).seed(4).iwaeSamples(k).build();
        VaeModel model = VaeModel.create(config);
        model.layer().params().addi(Nd4j.rand(DataType.DOUBLE, model.layer().params().shape()).subi(0.5).muli(0.6));
        return model;
    }

    /** Rows [x | c], each example k times in a row (as the trainer replicates them). */
    private static INDArray rows(int k) {
        SplittableRandom random = new SplittableRandom(11);
        double[][] rows = new double[EXAMPLES * k][DATA + CONDITION];
        for (int e = 0; e < EXAMPLES; e++) {
            double[] row = new double[DATA + CONDITION];
            for (int d = 0; d < DATA; d++) {
                row[d] = random.nextBoolean() ? 1 : 0;
            }
            row[DATA] = random.nextDouble(-2, 2);
            row[DATA + 1] = e % 2;
            for (int s = 0; s < k; s++) {
                rows[e * k + s] = row.clone();
            }
        }
        return Nd4j.createFromArray(rows);
    }

    /**
     * The mean over examples of -log (1/k) sum_i p(x|z_i, c) p(z_i) / q(z_i|x, c) for k > 1, or of
     * -(log p(x|z, c) - KL) with the analytic KL for k = 1, z = mu + sigma * eps on the free units.
     */
    private static double reference(VaeModel model, INDArray rows, INDArray noise, int k) {
        VaeForward forward = new VaeForward(model.layer());
        LatentPosterior q = forward.encode(rows);
        INDArray mean = q.mean().get(NDArrayIndex.all(), NDArrayIndex.interval(0, LATENT)).dup();
        INDArray logVariance = q.logVariance().get(NDArrayIndex.all(), NDArrayIndex.interval(0, LATENT)).dup();
        INDArray eps = noise.get(NDArrayIndex.all(), NDArrayIndex.interval(0, LATENT)).dup();
        INDArray z = new LatentPosterior(mean, logVariance).sample(eps);
        INDArray c = rows.get(NDArrayIndex.all(), NDArrayIndex.interval(DATA, DATA + CONDITION));
        INDArray x = rows.get(NDArrayIndex.all(), NDArrayIndex.interval(0, DATA));
        double[] nll = ExactDensities.densityOf(model.config().reconstructionDistribution())
                .exampleNegLogProbability(x, forward.decoderPreOutput(Nd4j.hstack(z, c))).dup().data().asDouble();
        double[] zs = z.dup().data().asDouble();
        double[] e = eps.dup().data().asDouble();
        double[] mu = mean.dup().data().asDouble();
        double[] lv = logVariance.dup().data().asDouble();
        double total = 0;
        for (int ex = 0; ex < EXAMPLES; ex++) {
            if (k == 1) {
                double kl = 0;
                for (int j = 0; j < LATENT; j++) {
                    int i = ex * LATENT + j;
                    kl += 0.5 * (mu[i] * mu[i] + Math.exp(lv[i]) - 1 - lv[i]);
                }
                total += nll[ex] + kl;
                continue;
            }
            double[] logW = new double[k];
            double max = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < k; s++) {
                int row = ex * k + s;
                double lw = -nll[row];
                for (int j = 0; j < LATENT; j++) {
                    int i = row * LATENT + j;
                    lw += -0.5 * zs[i] * zs[i] + 0.5 * e[i] * e[i] + 0.5 * lv[i];
                }
                logW[s] = lw;
                max = Math.max(max, lw);
            }
            double sum = 0;
            for (double lw : logW) {
                sum += Math.exp(lw - max);
            }
            total -= max + Math.log(sum / k);
        }
        return total / EXAMPLES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void valueAndGradientAreTheConditionalBoundsOnTheSameNoise(String name, ReconstructionDistribution distribution,
                                                              int k) {
        VaeModel model = model(distribution, k);
        INDArray rows = rows(k);
        Nd4j.getRandom().setSeed(21);
        INDArray noise = Nd4j.randn(Nd4j.create(DataType.DOUBLE, rows.rows(), LATENT + CONDITION));
        double value;
        INDArray gradient;
        try (FusedElboGradient engine = new FusedElboGradient(model.layer(), KlObjective.standard(), k, 1, 1)) {
            Nd4j.getRandom().setSeed(21);   // the engine draws the same noise
            value = engine.computeGradient(rows, 0);
            gradient = model.layer().getGradientsViewArray().dup();
        }
        double reference = reference(model, rows, noise, k);
        assertEquals(reference, value, 1e-10 * Math.abs(reference), name);

        INDArray params = model.layer().params();
        SplittableRandom pick = new SplittableRandom(5);
        double h = 1e-6;
        double worst = 0;
        for (int n = 0; n < 60; n++) {
            long i = pick.nextLong(params.length());
            double original = params.getDouble(i);
            params.putScalar(i, original + h);
            double up = reference(model, rows, noise, k);
            params.putScalar(i, original - h);
            double down = reference(model, rows, noise, k);
            params.putScalar(i, original);
            double numeric = (up - down) / (2 * h);
            worst = Math.max(worst, Math.abs(numeric - gradient.getDouble(i)) / Math.max(1e-3, Math.abs(numeric)));
        }
        assertTrue(worst < 1e-5, name + ": worst relative gradient error " + worst);

        // The clamped units' heads: the last CONDITION columns of the mean and log-variance weights and biases.
        VaeParameters grads = VaeParameters.gradientsOf(model.layer());
        for (VaeParameters.Affine head : new VaeParameters.Affine[] {grads.mean(), grads.logVariance()}) {
            INDArray clampedWeights = head.weights().get(NDArrayIndex.all(), NDArrayIndex.interval(LATENT,
                    LATENT + CONDITION));
            INDArray clampedBias = head.biasRow().get(NDArrayIndex.all(), NDArrayIndex.interval(LATENT,
                    LATENT + CONDITION));
            assertEquals(0.0, clampedWeights.norm2Number().doubleValue(), name);
            assertEquals(0.0, clampedBias.norm2Number().doubleValue(), name);
            assertTrue(head.weights().norm2Number().doubleValue() > 0, name);
        }
    }
}
