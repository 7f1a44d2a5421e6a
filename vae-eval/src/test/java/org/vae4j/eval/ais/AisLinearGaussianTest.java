package org.vae4j.eval.ais;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vae4j.eval.estimate.Estimator;
import org.vae4j.eval.estimate.LinearGaussianVae;
import org.vae4j.eval.estimate.LogLikelihoodReport;

/**
 * Annealed importance sampling against log p(x) known exactly: the linear-Gaussian VAE of
 * {@link LinearGaussianVae}.
 */
class AisLinearGaussianTest {

    private static final int EXAMPLES = 16;

    @Test
    void withTheExactPosteriorAsStartEveryChainsWeightIsPxSoAisAndBdmcAreExact() {
        LinearGaussianVae vae = new LinearGaussianVae();
        double[][] x = vae.sample(EXAMPLES, 11);
        // f_t = q^(1 - beta_t) (p(x) q)^beta_t: every increment is (beta_t - beta_{t-1}) log p(x).
        LogLikelihoodReport report = AnnealedImportanceSampling.builder(vae.model).steps(5).chains(4)
                .leapfrogSteps(2).seed(1).build().evaluate(LinearGaussianVae.toArray(x));
        assertEquals(Estimator.AIS, report.estimator());
        for (int i = 0; i < EXAMPLES; i++) {
            double exact = vae.exactLogLikelihood(x[i]);
            assertEquals(exact, report.perExample().logLikelihoodNats()[i], 1e-9, "example " + i);
            assertEquals(4, report.perExample().effectiveSampleSize()[i], 1e-6);
            assertEquals(0, report.annealing().chainStandardErrorNats()[i], 1e-6);
        }

        SimulatedData simulated = SimulatedData.sample(vae.model, EXAMPLES, 2);
        LogLikelihoodReport bdmc = AnnealedImportanceSampling.builder(vae.model).steps(5).chains(4)
                .leapfrogSteps(2).seed(1).build().bidirectional(simulated);
        assertEquals(Estimator.BDMC, bdmc.estimator());
        double[][] features = simulated.features().toDoubleMatrix();
        for (int i = 0; i < EXAMPLES; i++) {
            double exact = vae.exactLogLikelihood(features[i]);
            assertEquals(exact, bdmc.perExample().logLikelihoodNats()[i], 1e-9, "lower bound, example " + i);
            assertEquals(exact, bdmc.annealing().upperBoundNats()[i], 1e-9, "upper bound, example " + i);
        }
    }

    @Test
    void fromAPoorPosteriorAisIsWithin002NatsOfTheExactValueOnAverage() {
        LinearGaussianVae vae = new LinearGaussianVae();
        vae.setPoorPosterior();
        double[][] x = vae.sample(EXAMPLES, 12);
        LogLikelihoodReport report = AnnealedImportanceSampling.builder(vae.model).steps(400).leapfrogSteps(2)
                .chains(64).seed(3).build().evaluate(LinearGaussianVae.toArray(x));
        double meanError = 0;
        double meanAbsoluteError = 0;
        for (int i = 0; i < EXAMPLES; i++) {
            double error = report.perExample().logLikelihoodNats()[i] - vae.exactLogLikelihood(x[i]);
            meanError += error / EXAMPLES;
            meanAbsoluteError += Math.abs(error) / EXAMPLES;
        }
        double elboGap = -report.summary().negativeLogLikelihoodNats() + report.summary().negativeElboNats();
        System.out.printf("linear-Gaussian, poor q, AIS 400 steps x 64 chains x 2 leapfrog: mean error %.4f, "
                        + "mean |error| %.4f nats, mean chain SE %.4f, acceptance %.3f, log p(x) - ELBO %.3f, %.2f s%n",
                meanError, meanAbsoluteError, report.annealing().meanChainStandardErrorNats(),
                report.annealing().meanAcceptanceRate(), elboGap, report.summary().wallSeconds());
        assertTrue(meanAbsoluteError < 0.02, "mean |AIS - exact| = " + meanAbsoluteError + " nats");
        assertTrue(Math.abs(meanError) < 0.02, "mean AIS - exact = " + meanError + " nats");
        assertTrue(elboGap > 0.2, "the poor q leaves an ELBO gap AIS closes: " + elboGap);
        assertEquals(400L * 2 * EXAMPLES * 64 - (2L * EXAMPLES * 64) + EXAMPLES * 64,
                report.annealing().gradientEvaluations(), "1 initial pass + 399 transitions x 2 leapfrog steps");
    }
}
