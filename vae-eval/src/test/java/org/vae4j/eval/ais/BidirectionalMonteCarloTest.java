package org.vae4j.eval.ais;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vae4j.eval.estimate.LinearGaussianVae;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.MeanAndError;
import org.vae4j.eval.estimate.BidirectionalDetails;
import org.vae4j.eval.estimate.SimulatedData;

/**
 * BDMC on data simulated from the linear-Gaussian VAE (exact log p(x)) with a poor q: the forward
 * (lower) and reverse (upper) AIS bounds bracket the exact value, and their gap shrinks as the
 * number of steps grows. One chain per example, as in Grosse et al. (2015): the bounds are then the
 * mean log weights, each biased by about half their variance.
 */
class BidirectionalMonteCarloTest {

    private static final int EXAMPLES = 64;

    @Test
    void boundsBracketTheExactLogLikelihoodAndTheGapShrinksWithSteps() {
        LinearGaussianVae vae = new LinearGaussianVae();
        vae.setPoorPosterior();
        SimulatedData data = SimulatedData.sample(vae.model, EXAMPLES, 5);
        double[][] x = data.features().toDoubleMatrix();
        double[] exact = new double[EXAMPLES];
        for (int i = 0; i < EXAMPLES; i++) {
            exact[i] = vae.exactLogLikelihood(x[i]);
        }
        double exactMean = MeanAndError.of(exact).mean();
        double previousGap = Double.POSITIVE_INFINITY;
        for (int steps : new int[] {1, 4, 16, 64}) {
            LogLikelihoodReport report = new BidirectionalMonteCarlo(AnnealedImportanceSampling.builder(vae.model).steps(steps).chains(1)
                    .leapfrogSteps(2).seed(3).build()).evaluate(data);
            double[] lower = report.perExample().logLikelihoodNats();
            double[] upper = ((BidirectionalDetails) report.details()).upperBoundNats();
            double[] lowerError = new double[EXAMPLES];
            double[] upperError = new double[EXAMPLES];
            for (int i = 0; i < EXAMPLES; i++) {
                lowerError[i] = lower[i] - exact[i];
                upperError[i] = upper[i] - exact[i];
            }
            MeanAndError below = MeanAndError.of(lowerError);
            MeanAndError above = MeanAndError.of(upperError);
            double gap = above.mean() - below.mean();
            System.out.printf("BDMC linear-Gaussian, %d steps: lower %.4f <= exact %.4f <= upper %.4f, gap %.4f nats "
                    + "(SE of the bounds' errors %.4f, %.4f)%n", steps, exactMean + below.mean(), exactMean,
                    exactMean + above.mean(), gap, below.standardError(), above.standardError());
            // Stochastic bounds: each holds in expectation, so its mean error may cross 0 by Monte
            // Carlo error (3 standard errors) once the gap is that small.
            assertTrue(below.mean() < 3 * below.standardError(), steps + " steps: lower bound above log p(x)");
            assertTrue(above.mean() > -3 * above.standardError(), steps + " steps: upper bound below log p(x)");
            if (steps <= 16) {
                assertTrue(below.mean() < 0 && above.mean() > 0, steps + " steps: the bounds bracket log p(x)");
            }
            assertTrue(gap < previousGap, "the gap shrinks with steps: " + gap + " after " + previousGap);
            previousGap = gap;
        }
        assertTrue(previousGap < 0.2, "64 steps: gap " + previousGap);
    }
}
