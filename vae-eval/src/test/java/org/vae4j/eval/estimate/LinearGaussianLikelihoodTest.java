package org.vae4j.eval.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The estimator against log p(x) known exactly: a linear-Gaussian VAE (see {@link LinearGaussianVae}).
 */
class LinearGaussianLikelihoodTest {

    private static final int EXAMPLES = 20;

    @Test
    void withTheExactPosteriorEveryWeightIsPxSoTheEstimateIsExactForEveryK() {
        LinearGaussianVae vae = new LinearGaussianVae();
        double[][] x = vae.sample(EXAMPLES, 11);
        for (int k : new int[] {1, 7, 300}) {
            LogLikelihoodReport report = ImportanceSampledLikelihood.builder(vae.model)
                    .importanceSamples(k).seed(3).build().evaluate(LinearGaussianVae.toArray(x));
            double[] estimate = report.perExample().logLikelihoodNats();
            for (int i = 0; i < EXAMPLES; i++) {
                double exact = vae.exactLogLikelihood(x[i]);
                assertEquals(exact, estimate[i], 1e-9, "k=" + k + " example " + i);
                for (int j = 0; j < ((ImportanceSamplingDetails) report.details()).iwae().sampleCounts().length; j++) {
                    assertEquals(exact, ((ImportanceSamplingDetails) report.details()).iwae().perExampleNats()[j][i], 1e-9, "IWAE bound, k=" + k);
                }
                // All weights equal: the effective sample size is every sample.
                assertEquals(k, report.perExample().effectiveSampleSize()[i], 1e-6 * k);
            }
        }
    }

    @Test
    void withAPoorPosteriorTheEstimateAtK5000IsWithin005NatsAndIwaeBoundsClimbBelowIt() {
        LinearGaussianVae vae = new LinearGaussianVae();
        vae.setPoorPosterior();
        double[][] x = vae.sample(EXAMPLES, 12);
        INDArray data = LinearGaussianVae.toArray(x);
        LogLikelihoodReport report = ImportanceSampledLikelihood.builder(vae.model)
                .importanceSamples(5000).seed(4).iwaeSampleCounts(1, 5, 50, 500, 5000).build().evaluate(data);

        double[] estimate = report.perExample().logLikelihoodNats();
        double exactMean = 0;
        double absoluteError = 0;
        for (int i = 0; i < EXAMPLES; i++) {
            double exact = vae.exactLogLikelihood(x[i]);
            exactMean += exact / EXAMPLES;
            absoluteError += Math.abs(estimate[i] - exact) / EXAMPLES;
        }
        System.out.printf("linear-Gaussian, poor q, k=5000: mean |estimate - exact| = %.5f nats, "
                + "mean exact %.4f, NLL %.4f, ELBO %.4f, IWAE %s, mean ESS %.0f%n", absoluteError, exactMean,
                report.summary().negativeLogLikelihoodNats(), -report.summary().negativeElboNats(),
                java.util.Arrays.toString(((ImportanceSamplingDetails) report.details()).iwae().meanNats()), report.summary().meanEffectiveSampleSize());
        assertTrue(absoluteError < 0.05, "mean |error| " + absoluteError + " nats");
        assertEquals(exactMean, -report.summary().negativeLogLikelihoodNats(), 0.05);

        double[] bounds = ((ImportanceSamplingDetails) report.details()).iwae().meanNats();
        double elbo = -report.summary().negativeElboNats();
        // The poor q leaves a clear gap, so ordering holds well beyond the Monte Carlo error.
        assertTrue(exactMean - elbo > 0.2, "ELBO gap " + (exactMean - elbo));
        assertEquals(elbo, bounds[0], 0.05, "IWAE-1 and the analytic-KL ELBO estimate the same bound");
        for (int j = 1; j < bounds.length; j++) {
            assertTrue(bounds[j] > bounds[j - 1], "IWAE bounds increase with k: " + java.util.Arrays.toString(bounds));
        }
        for (int j = 0; j < bounds.length - 1; j++) {
            assertTrue(bounds[j] < exactMean, "IWAE-" + ((ImportanceSamplingDetails) report.details()).iwae().sampleCounts()[j] + " below log p(x)");
        }
        assertTrue(report.summary().meanEffectiveSampleSize() < 5000, "weights are unequal for a poor q");
    }
}
