package org.vae4j.eval.ais;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.vae4j.eval.estimate.AnnealingDetails;
import org.vae4j.eval.estimate.BidirectionalDetails;
import org.vae4j.eval.estimate.Estimator;
import org.vae4j.eval.estimate.ImportanceSampledLikelihood;
import org.vae4j.eval.estimate.ImportanceSamplingDetails;
import org.vae4j.eval.estimate.LinearGaussianVae;
import org.vae4j.eval.estimate.LogLikelihoodEstimator;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.ObservedData;
import org.vae4j.eval.estimate.SimulatedData;

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
            assertEquals(0, ((AnnealingDetails) report.details()).chainStandardErrorNats()[i], 1e-6);
        }

        SimulatedData simulated = SimulatedData.sample(vae.model, EXAMPLES, 2);
        LogLikelihoodReport bdmc = new BidirectionalMonteCarlo(AnnealedImportanceSampling.builder(vae.model).steps(5).chains(4)
                .leapfrogSteps(2).seed(1).build()).evaluate(simulated);
        assertEquals(Estimator.BDMC, bdmc.estimator());
        double[][] features = simulated.features().toDoubleMatrix();
        for (int i = 0; i < EXAMPLES; i++) {
            double exact = vae.exactLogLikelihood(features[i]);
            assertEquals(exact, bdmc.perExample().logLikelihoodNats()[i], 1e-9, "lower bound, example " + i);
            assertEquals(exact, ((BidirectionalDetails) bdmc.details()).upperBoundNats()[i], 1e-9, "upper bound, example " + i);
        }
    }

    /**
     * The one interface as a user holds it: IS, AIS and BDMC in one list, each given the same
     * simulated data. With q(z|x) the exact posterior, every importance weight is p(x), so each is
     * exact; each report says which estimator ran through its own details, and only BDMC refuses
     * data without the latents that generated them.
     */
    @Test
    void isAisAndBdmcThroughOneInterfaceAreExactWhenQIsThePosterior() {
        LinearGaussianVae vae = new LinearGaussianVae();
        AnnealedImportanceSampling ais = AnnealedImportanceSampling.builder(vae.model).steps(5).chains(4)
                .leapfrogSteps(2).seed(1).build();
        List<LogLikelihoodEstimator> estimators = List.of(
                ImportanceSampledLikelihood.builder(vae.model).importanceSamples(8).seed(1).build(), ais,
                new BidirectionalMonteCarlo(ais));
        SimulatedData simulated = SimulatedData.sample(vae.model, EXAMPLES, 4);
        double[][] features = simulated.features().toDoubleMatrix();
        List<Class<?>> details = List.of(ImportanceSamplingDetails.class, AnnealingDetails.class,
                BidirectionalDetails.class);
        for (int e = 0; e < estimators.size(); e++) {
            LogLikelihoodReport report = estimators.get(e).evaluate(simulated);
            assertEquals(details.get(e), report.details().getClass());
            assertEquals(simulated.description(), report.provenance().evaluationData());
            for (int i = 0; i < EXAMPLES; i++) {
                assertEquals(vae.exactLogLikelihood(features[i]), report.perExample().logLikelihoodNats()[i], 1e-9,
                        report.estimator() + ", example " + i);
            }
        }
        ObservedData observed = ObservedData.of(vae.model, simulated.features(), null);
        assertEquals(EXAMPLES, estimators.get(1).evaluate(observed).summary().examples());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> estimators.get(2).evaluate(observed));
        assertTrue(refused.getMessage().startsWith("BDMC needs data simulated from the model"), refused.getMessage());
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
                meanError, meanAbsoluteError, ((AnnealingDetails) report.details()).meanChainStandardErrorNats(),
                ((AnnealingDetails) report.details()).meanAcceptanceRate(), elboGap, report.summary().wallSeconds());
        assertTrue(meanAbsoluteError < 0.02, "mean |AIS - exact| = " + meanAbsoluteError + " nats");
        assertTrue(Math.abs(meanError) < 0.02, "mean AIS - exact = " + meanError + " nats");
        assertTrue(elboGap > 0.2, "the poor q leaves an ELBO gap AIS closes: " + elboGap);
        assertEquals(400L * 2 * EXAMPLES * 64 - (2L * EXAMPLES * 64) + EXAMPLES * 64,
                ((AnnealingDetails) report.details()).gradientEvaluations(), "1 initial pass + 399 transitions x 2 leapfrog steps");
    }
}
