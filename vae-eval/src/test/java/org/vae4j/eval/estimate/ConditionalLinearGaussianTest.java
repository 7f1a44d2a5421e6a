package org.vae4j.eval.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplearning4j.nn.conf.layers.variational.GaussianReconstructionDistribution;
import org.deeplearning4j.nn.layers.variational.VariationalAutoencoder;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.adapter.SingletonDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.eval.ais.AnnealedImportanceSampling;
import org.vae4j.eval.ais.BidirectionalMonteCarlo;

/**
 * Importance-sampled log p(x|c) against a conditional linear-Gaussian VAE whose conditional
 * likelihood is known in closed form: p(z) = N(0, I), p(x|z, c) = N(W z + V c + b, sigma^2 I), so
 * p(x|c) = N(b + V c, W W^T + sigma^2 I). The condition shifts the mean; W has orthogonal columns,
 * so the exact posterior q(z|x, c) (mean (x - b - V c) W Sigma / sigma^2, covariance Sigma) is
 * diagonal, and the VAE's encoder, which reads [x | c], can hold it exactly.
 */
class ConditionalLinearGaussianTest {

    /** The unconditional linear-Gaussian VAE this one extends by V c: its W, b, sigma and closed forms. */
    private static final LinearGaussianVae BASE = new LinearGaussianVae();
    private static final int INPUT = LinearGaussianVae.INPUT;
    private static final int CONDITION = 2;
    private static final int LATENT = LinearGaussianVae.LATENT;
    private static final double SIGMA = BASE.sigma;
    private static final double[][] W = BASE.w;
    private static final double[][] V = {{1.5, 0.0}, {-1.0, 0.5}, {0.0, 2.0}, {0.7, -0.7}, {0.0, 0.0}};
    private static final double[] B = BASE.b;

    private final VaeModel model = model();

    private static VaeModel model() {
        VaeConfig config = VaeConfig.builder().inputSize(INPUT).conditionSize(CONDITION)
                .encoderLayerSizes(INPUT + CONDITION).decoderLayerSizes(LATENT + CONDITION).latentSize(LATENT)
                .hiddenActivation(Activation.IDENTITY)
                .reconstructionDistribution(new GaussianReconstructionDistribution(Activation.IDENTITY))
                .dataType(DataType.DOUBLE).seed(7).build();
        VaeModel model = VaeModel.create(config);
        VariationalAutoencoder layer = model.layer();
        layer.getParam("e0W").assign(Nd4j.eye(INPUT + CONDITION).castTo(DataType.DOUBLE));
        layer.getParam("e0b").assign(0);
        layer.getParam("d0W").assign(Nd4j.eye(LATENT + CONDITION).castTo(DataType.DOUBLE));
        layer.getParam("d0b").assign(0);
        // Decoder input [z | c]: the z rows carry W, the c rows V; log-variance columns fixed at log sigma^2.
        double[][] decoder = new double[LATENT + CONDITION][2 * INPUT];
        double[] decoderBias = new double[2 * INPUT];
        for (int d = 0; d < INPUT; d++) {
            for (int u = 0; u < LATENT; u++) {
                decoder[u][d] = W[d][u];
            }
            for (int j = 0; j < CONDITION; j++) {
                decoder[LATENT + j][d] = V[d][j];
            }
            decoderBias[d] = B[d];
            decoderBias[INPUT + d] = Math.log(SIGMA * SIGMA);
        }
        layer.getParam("pXZW").assign(Nd4j.createFromArray(decoder));
        layer.getParam("pXZb").assign(Nd4j.createFromArray(decoderBias));
        setPosterior(model, 1.0, 1.0);
        return model;
    }

    private static double posteriorVariance(int u) {
        return BASE.posteriorVariance(u);
    }

    /** q(z|x, c) = the exact posterior with its mean scaled by {@code meanScale} and variance by {@code varianceFactor}. */
    private static void setPosterior(VaeModel model, double meanScale, double varianceFactor) {
        double[][] m = new double[INPUT + CONDITION][LATENT + CONDITION];   // the clamped units' columns stay 0
        double[] mb = new double[LATENT + CONDITION];
        double[] logVariance = new double[LATENT + CONDITION];
        for (int u = 0; u < LATENT; u++) {
            double factor = meanScale * posteriorVariance(u) / (SIGMA * SIGMA);
            for (int d = 0; d < INPUT; d++) {
                m[d][u] = W[d][u] * factor;
                mb[u] -= B[d] * W[d][u] * factor;
                for (int j = 0; j < CONDITION; j++) {
                    m[INPUT + j][u] -= V[d][j] * W[d][u] * factor;
                }
            }
            logVariance[u] = Math.log(varianceFactor * posteriorVariance(u));
        }
        VariationalAutoencoder layer = model.layer();
        layer.getParam("pZXMeanW").assign(Nd4j.createFromArray(m));
        layer.getParam("pZXMeanb").assign(Nd4j.createFromArray(mb));
        layer.getParam("pZXLogStd2W").assign(0);
        layer.getParam("pZXLogStd2b").assign(Nd4j.createFromArray(logVariance));
    }

    /** log N(x; b + V c, W W^T + sigma^2 I) in nats: the unconditional closed form at x - V c. */
    private static double exactLogLikelihood(double[] x, double[] c) {
        double[] shifted = x.clone();
        for (int d = 0; d < INPUT; d++) {
            for (int j = 0; j < CONDITION; j++) {
                shifted[d] -= V[d][j] * c[j];
            }
        }
        return BASE.exactLogLikelihood(shifted);
    }

    /** n draws (x, c): c ~ N(0, I), z ~ N(0, I), x = W z + V c + b + sigma * noise. */
    private static double[][][] sample(int n, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[n][INPUT];
        double[][] c = new double[n][CONDITION];
        for (int i = 0; i < n; i++) {
            c[i] = new double[] {random.nextGaussian(), random.nextGaussian()};
            double[] z = {random.nextGaussian(), random.nextGaussian()};
            for (int d = 0; d < INPUT; d++) {
                x[i][d] = B[d] + W[d][0] * z[0] + W[d][1] * z[1] + V[d][0] * c[i][0] + V[d][1] * c[i][1]
                        + SIGMA * random.nextGaussian();
            }
        }
        return new double[][][] {x, c};
    }

    private static INDArray rows(double[][] x, double[][] c) {
        return Nd4j.hstack(Nd4j.createFromArray(x), Nd4j.createFromArray(c));
    }

    @Test
    void withTheExactPosteriorTheEstimateIsLogPOfXGivenCForEveryKAndEveryCondition() {
        double[][][] data = sample(20, 11);
        double[][] x = data[0];
        double[][] c = data[1];
        double[][] otherC = sample(20, 12)[1];
        for (int k : new int[] {1, 50}) {
            for (double[][] condition : new double[][][] {c, otherC}) {
                LogLikelihoodReport report = ImportanceSampledLikelihood.builder(model).importanceSamples(k).seed(3)
                        .build().evaluate(rows(x, condition));
                double[] estimate = report.perExample().logLikelihoodNats();
                for (int i = 0; i < x.length; i++) {
                    assertEquals(exactLogLikelihood(x[i], condition[i]), estimate[i], 1e-9, "k=" + k + " example " + i);
                }
            }
        }
        // The condition matters: the same x under another c is, on average, far less likely.
        double drop = 0;
        for (int i = 0; i < x.length; i++) {
            drop += (exactLogLikelihood(x[i], c[i]) - exactLogLikelihood(x[i], otherC[i])) / x.length;
        }
        assertTrue(drop > 2, "mean log p(x|c) - log p(x|c') = " + drop);
    }

    @Test
    void withAPoorPosteriorTheEstimateAtK3000IsWithin005NatsAndTheIteratorFormReadsCFromTheLabels() {
        setPosterior(model, 0.7, 2.5);
        double[][][] data = sample(20, 13);
        INDArray x = Nd4j.createFromArray(data[0]);
        INDArray c = Nd4j.createFromArray(data[1]);
        ImportanceSampledLikelihood estimator = ImportanceSampledLikelihood.builder(model).importanceSamples(3000)
                .seed(4).build();
        LogLikelihoodReport fromRows = estimator.evaluate(rows(data[0], data[1]));
        LogLikelihoodReport fromLabels = estimator.evaluate(new SingletonDataSetIterator(new DataSet(x, c)), null);
        double exactMean = 0;
        for (int i = 0; i < 20; i++) {
            exactMean += exactLogLikelihood(data[0][i], data[1][i]) / 20;
        }
        assertEquals(exactMean, -fromRows.summary().negativeLogLikelihoodNats(), 0.05);
        assertTrue(exactMean + fromRows.summary().negativeElboNats() > 0.2, "the poor q leaves an ELBO gap");
        assertEquals(fromRows.summary().negativeLogLikelihoodNats(), fromLabels.summary().negativeLogLikelihoodNats(),
                1e-12);
    }

    @Test
    void annealedImportanceSamplingIsExactWithTheExactPosteriorAndCloseWithAPoorOne() {
        double[][][] data = sample(12, 15);
        INDArray rows = rows(data[0], data[1]);
        double[] exact = ais(rows, 5, 4);
        for (int i = 0; i < exact.length; i++) {
            // q is the posterior: every annealing ratio is p(x|c)^(beta_t - beta_{t-1}).
            assertEquals(exactLogLikelihood(data[0][i], data[1][i]), exact[i], 1e-8, "example " + i);
        }
        setPosterior(model, 0.7, 2.5);
        double[] poor = ais(rows, 300, 32);
        double error = 0;
        for (int i = 0; i < poor.length; i++) {
            error += Math.abs(poor[i] - exactLogLikelihood(data[0][i], data[1][i])) / poor.length;
        }
        assertTrue(error < 0.05, "mean |AIS - log p(x|c)| = " + error + " nats with a poor q");
    }

    private double[] ais(INDArray rows, int steps, int chains) {
        return AnnealedImportanceSampling.builder(model).steps(steps).chains(chains).leapfrogSteps(2).seed(1).build()
                .evaluate(rows).perExample().logLikelihoodNats();
    }

    @Test
    void aConditionalBernoulliModelGivesTheSameNumbersOnTheClosedFormAndTheDistributionsPath() {
        VaeConfig config = VaeConfig.builder().inputSize(12).conditionSize(3).encoderLayerSizes(9).latentSize(2)
                .dataType(DataType.FLOAT).seed(6).build();
        VaeModel fast = VaeModel.create(config);
        fast.layer().params().addi(Nd4j.rand(DataType.FLOAT, fast.layer().params().shape()).subi(0.5));
        VaeModel plain = VaeModel.create(config.toBuilder()
                .reconstructionDistribution(new ReproducibilityTest.PlainLogitBernoulli()).build());
        plain.layer().setParams(fast.layer().params());
        Random random = new Random(3);
        double[][] rows = new double[7][15];
        for (double[] row : rows) {
            for (int d = 0; d < 12; d++) {
                row[d] = random.nextBoolean() ? 1 : 0;
            }
            row[12 + random.nextInt(3)] = 1;   // a one-hot condition
        }
        INDArray data = Nd4j.createFromArray(rows).castTo(DataType.FLOAT);
        double[] closedForm = ImportanceSampledLikelihood.builder(fast).importanceSamples(40).seed(2).build()
                .evaluate(data).perExample().logLikelihoodNats();
        double[] generic = ImportanceSampledLikelihood.builder(plain).importanceSamples(40).seed(2).build()
                .evaluate(data).perExample().logLikelihoodNats();
        for (int i = 0; i < rows.length; i++) {
            assertEquals(generic[i], closedForm[i], 1e-4 * Math.abs(generic[i]), "example " + i);
        }
        // And the condition is used: another one-hot gives other numbers.
        double[][] shiftedRows = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            shiftedRows[i] = rows[i].clone();
            shiftedRows[i][12] = 0;
            shiftedRows[i][13] = 0;
            shiftedRows[i][14] = 1;
        }
        INDArray shifted = Nd4j.createFromArray(shiftedRows).castTo(DataType.FLOAT);
        double[] other = ImportanceSampledLikelihood.builder(fast).importanceSamples(40).seed(2).build()
                .evaluate(shifted).perExample().logLikelihoodNats();
        double difference = 0;
        for (int i = 0; i < rows.length; i++) {
            difference += Math.abs(other[i] - closedForm[i]);
        }
        assertTrue(difference > 0.1, "the condition changes log p(x|c): " + difference);
    }

    @Test
    void dataWithoutTheConditionAndBdmcAreRefusedInOneLine() {
        double[][][] data = sample(3, 14);
        IllegalArgumentException narrow = assertThrows(IllegalArgumentException.class, () -> ImportanceSampledLikelihood
                .builder(model).importanceSamples(5).build().evaluate(Nd4j.createFromArray(data[0])));
        assertEquals("Evaluation data must be [examples, 7] to match the model's inputSize + conditionSize "
                + "([x | c], the condition last), got shape [3, 5]", narrow.getMessage());
        IllegalArgumentException noLabels = assertThrows(IllegalArgumentException.class, () ->
                ImportanceSampledLikelihood.builder(model).importanceSamples(5).build().evaluate(
                        new SingletonDataSetIterator(new DataSet(Nd4j.createFromArray(data[0]), null)), null));
        assertTrue(noLabels.getMessage().contains("condition from the DataSet's labels"), noLabels.getMessage());
        IllegalArgumentException bdmc = assertThrows(IllegalArgumentException.class,
                () -> new BidirectionalMonteCarlo(AnnealedImportanceSampling.builder(model).build()));
        assertTrue(bdmc.getMessage().startsWith("BDMC does not take a conditional VAE (conditionSize = 2)"),
                bdmc.getMessage());
    }
}
