package org.vae4j.core.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Central finite differences with one Richardson step, in double, against
 * {@link ReconstructionDistribution#gradient}.
 *
 * <p>A pre-output entry of row i only changes example i's negative log density, so the difference
 * quotient is taken of {@code exampleNegLogProbability(...)[i]}: a small function value keeps the
 * round-off of the quotient small. The check passes an entry when
 * |analytic - numeric| <= relTol * max(|analytic|, |numeric|) + the quotient's own round-off
 * bound, so tiny gradients are compared relatively whenever the function value is tiny too.
 */
final class FiniteDifferenceGradientCheck {

    private static final double STEP = 1e-5;
    private static final double EPS = Math.ulp(1.0);

    private FiniteDifferenceGradientCheck() {
    }

    /** Returns the largest raw relative error seen (for reporting); fails on the first bad entry. */
    static double assertGradientMatches(ReconstructionDistribution dist, INDArray x, INDArray preOut, double relTol) {
        x = x.castTo(DataType.DOUBLE);
        preOut = preOut.castTo(DataType.DOUBLE).dup();
        INDArray analytic = dist.gradient(x, preOut);
        assertEquals(preOut.rows(), analytic.rows());
        assertEquals(preOut.columns(), analytic.columns());
        double worst = 0;
        for (int i = 0; i < preOut.rows(); i++) {
            for (int j = 0; j < preOut.columns(); j++) {
                double p = preOut.getDouble(i, j);
                double h = STEP * Math.max(1.0, Math.abs(p));
                double d1 = quotient(dist, x, preOut, i, j, h);
                double d2 = quotient(dist, x, preOut, i, j, h / 2);
                double numeric = (4 * d2 - d1) / 3;
                double f = Math.abs(dist.exampleNegLogProbability(x, preOut).getDouble(i, 0));
                double roundOff = 50 * EPS * (f + Double.MIN_NORMAL) / h;
                double a = analytic.getDouble(i, j);
                double err = Math.abs(a - numeric);
                double scale = Math.max(Math.abs(a), Math.abs(numeric));
                if (err > relTol * scale + roundOff) {
                    fail(dist + ": gradient[" + i + "," + j + "] at pre-output " + p + ", x row " + x.getRow(i)
                            + ": analytic " + a + " vs finite difference " + numeric + " (error " + err + ")");
                }
                if (scale > 0) {
                    worst = Math.max(worst, err / scale); // raw, round-off included
                }
            }
        }
        return worst;
    }

    private static double quotient(ReconstructionDistribution dist, INDArray x, INDArray preOut, int i, int j,
            double h) {
        double p = preOut.getDouble(i, j);
        preOut.putScalar(i, j, p + h);
        double plus = dist.exampleNegLogProbability(x, preOut).getDouble(i, 0);
        preOut.putScalar(i, j, p - h);
        double minus = dist.exampleNegLogProbability(x, preOut).getDouble(i, 0);
        preOut.putScalar(i, j, p);
        return (plus - minus) / (2 * h);
    }
}
