package org.vae4j.core.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.statistics.distribution.PoissonDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Negative binomial beyond integer theta, and its Poisson limit. */
class CountDistributionTest {

    private final NegativeBinomialReconstructionDistribution nb = new NegativeBinomialReconstructionDistribution();

    private static double nll(NegativeBinomialReconstructionDistribution d, double x, double logMean,
            double logTheta) {
        return d.exampleNegLogProbability(Nd4j.createFromArray(new double[][] {{x}}),
                Nd4j.createFromArray(new double[][] {{logMean, logTheta}})).getDouble(0, 0);
    }

    @Test
    void realThetaMatchesTheGammaFunctionDefinition() {
        double[] thetas = {0.013, 0.37, 2.5, 17.3, 480.2};
        double[] means = {0.05, 1.7, 33.0};
        int[] counts = {0, 1, 4, 57, 300};
        for (double theta : thetas) {
            for (double m : means) {
                for (int x : counts) {
                    double expected = -ElementwiseCases.negativeBinomialLogPmf(x, m, theta);
                    assertEquals(expected, nll(nb, x, Math.log(m), Math.log(theta)),
                            1e-10 * Math.max(1, Math.abs(expected)), "theta " + theta + " m " + m + " x " + x);
                }
            }
        }
    }

    @Test
    void hugeThetaIsThePoissonLimitWithoutCancellation() {
        // theta = e^30: lgamma(x + theta) - lgamma(theta) would cancel ~1e14-sized terms
        double m = 6.5;
        for (int x : new int[] {0, 3, 6, 20}) {
            double poisson = -PoissonDistribution.of(m).logProbability(x);
            // the NB minus Poisson difference is O(x^2/theta) ~ 1e-11
            assertEquals(poisson, nll(nb, x, Math.log(m), 30), 1e-9);
        }
    }

    @Test
    void digammaIncrementAgreesWithTheDirectDifferenceWhereThatIsAccurate() {
        for (double theta : new double[] {10, 12.5, 40, 300}) {
            for (double x : new double[] {1, 7, 150, 5000}) {
                double direct = Digamma.value(theta + x) - Digamma.value(theta);
                assertEquals(direct, NegativeBinomialReconstructionDistribution.digammaIncrement(theta, x),
                        1e-12 * Math.max(1, Math.abs(direct)));
            }
        }
    }

    @Test
    void poissonGradientAtHugeRateIsExact() {
        PoissonReconstructionDistribution poisson = new PoissonReconstructionDistribution();
        INDArray grad = poisson.gradient(Nd4j.createFromArray(new double[][] {{3}}),
                Nd4j.createFromArray(new double[][] {{40}}));
        assertEquals(Math.exp(40) - 3, grad.getDouble(0, 0), 1e-15 * Math.exp(40));
    }
}
