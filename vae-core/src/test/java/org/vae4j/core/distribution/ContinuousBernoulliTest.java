package org.vae4j.core.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The continuous Bernoulli normalizer, including the Taylor branch near lambda = 1/2. */
class ContinuousBernoulliTest {

    private final ContinuousBernoulliReconstructionDistribution dist = new ContinuousBernoulliReconstructionDistribution();

    @ParameterizedTest
    @ValueSource(doubles = {-30, -5, -0.019, -1e-4, 0, 1e-4, 0.0201, 0.5, 5, 30})
    void densityIntegratesToOneOverTheUnitInterval(double logit) {
        int n = 4000;
        INDArray x = Nd4j.create(DataType.DOUBLE, n + 1, 1);
        for (int i = 0; i <= n; i++) {
            x.putScalar(i, 0, (double) i / n);
        }
        INDArray preOut = Nd4j.valueArrayOf(new long[] {n + 1, 1}, logit, DataType.DOUBLE);
        double[] nll = dist.exampleNegLogProbability(x, preOut).toDoubleVector();
        double integral = 0;
        for (int i = 0; i <= n; i++) {
            double w = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2);
            integral += w * Math.exp(-nll[i]) / (3.0 * n);
        }
        assertEquals(1.0, integral, 1e-9);
    }

    /**
     * At |eta| < 0.02 the class uses a Taylor series. The paper's C(lambda) = 2 artanh(1-2 lambda)/(1-2 lambda)
     * still has ~1e-14 relative accuracy at these eta, so it checks the series and the branch switch.
     */
    @ParameterizedTest
    @ValueSource(doubles = {-0.0201, -0.0199, -0.005, 0.001, 0.005, 0.0199, 0.0201, 0.1})
    void logNormalizerMatchesThePapersClosedFormAcrossTheTaylorBranch(double logit) {
        // -log p(x=0) = -log(1 - lambda) - log C(lambda)
        double expected = -ElementwiseCases.continuousBernoulliLogDensity(0, logit);
        INDArray nll = dist.exampleNegLogProbability(Nd4j.zeros(DataType.DOUBLE, 1, 1),
                Nd4j.createFromArray(new double[][] {{logit}}));
        assertEquals(expected, nll.getDouble(0, 0), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0})
    void atLambdaOneHalfTheDensityIsUniform(double logit) {
        INDArray x = Nd4j.createFromArray(new double[][] {{0.0, 0.3, 1.0}});
        INDArray nll = dist.exampleNegLogProbability(x, Nd4j.valueArrayOf(new long[] {1, 3}, logit, DataType.DOUBLE));
        assertEquals(0.0, nll.getDouble(0, 0), 1e-15);
        assertEquals(0.5, dist.generateAtMean(Nd4j.valueArrayOf(new long[] {1, 1}, logit, DataType.DOUBLE)).getDouble(0, 0), 1e-15);
    }
}
