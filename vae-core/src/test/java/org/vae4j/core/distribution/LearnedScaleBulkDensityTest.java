package org.vae4j.core.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The learned-scale densities' row kernel (the scale and its logarithm per value, to float precision
 * for a FLOAT pre-output) through the ND4J entry points, against the value-by-value path and against the closed forms written out here, at ordinary and
 * extreme scale parameters (softplus saturating at r = +-1e3, the minScale floor), in DOUBLE and FLOAT.
 */
class LearnedScaleBulkDensityTest {

    private static final int ROWS = 7;
    private static final int COLUMNS = 5;
    private static final double[] R = {-1e3, -40, -3, -0.5, 0, 0.7, 4, 30, 1e3};

    @Test
    void gaussianAndLaplaceRowsEqualTheClosedFormsInDoubleAndFloat() {
        Random random = new Random(3);
        double[][] x = new double[ROWS][COLUMNS];
        double[][] pre = new double[ROWS][2 * COLUMNS];
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < COLUMNS; j++) {
                x[i][j] = 5 * random.nextGaussian();
                pre[i][j] = 3 * random.nextGaussian();
                pre[i][COLUMNS + j] = R[(i * COLUMNS + j) % R.length];
            }
        }
        LearnedScaleReconstructionDistribution[] distributions = {
                new LearnedScaleGaussianReconstructionDistribution(), new LaplaceReconstructionDistribution()};
        for (LearnedScaleReconstructionDistribution d : distributions) {
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                INDArray xs = Nd4j.createFromArray(x).castTo(type);
                INDArray ps = Nd4j.createFromArray(pre).castTo(type);
                double[] bulk = d.exampleNegLogProbability(xs, ps).castTo(DataType.DOUBLE).toDoubleVector();
                double total = 0;
                for (int i = 0; i < ROWS; i++) {
                    double expected = 0;
                    double valueByValue = 0;
                    for (int j = 0; j < COLUMNS; j++) {
                        // The inputs as the model holds them (FLOAT rounds them), then the closed form in double.
                        double xv = xs.getDouble(i, j);
                        double mu = ps.getDouble(i, j);
                        double r = ps.getDouble(i, COLUMNS + j);
                        double scale = Math.max(r, 0) + Math.log1p(Math.exp(-Math.abs(r))) + d.getMinScale();
                        expected += d instanceof LaplaceReconstructionDistribution
                                ? Math.log(2 * scale) + Math.abs(xv - mu) / scale
                                : 0.5 * Math.log(2 * Math.PI) + Math.log(scale) + 0.5 * Math.pow((xv - mu) / scale, 2);
                        valueByValue += d.negLogDensity(xv, new double[] {mu, r});
                    }
                    // FLOAT: the scale to 1e-8 relative (squared at the minScale floor), and the row's
                    // total returned as a float (half an ulp, 6e-8): relative 2e-7 holds.
                    double tolerance = (type == DataType.DOUBLE ? 1e-12 : 2e-7) * Math.max(1, Math.abs(expected));
                    assertEquals(expected, bulk[i], tolerance, d.getClass().getSimpleName() + " " + type + " row " + i);
                    assertEquals(expected, valueByValue, 1e-12 * Math.max(1, Math.abs(expected)), "value by value");
                    total += bulk[i];
                }
                // exampleNegLogProbability returns the pre-output's type: FLOAT rows are rounded to float.
                assertEquals(total, d.negLogProbability(xs, ps, false),
                        (type == DataType.DOUBLE ? 1e-12 : 1e-6) * Math.abs(total));
            }
        }
    }

    @Test
    void nonFiniteDataIsStillRefusedNamingRowAndColumn() {
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 3, 2);
        x.putScalar(2, 1, Double.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LearnedScaleGaussianReconstructionDistribution().exampleNegLogProbability(x,
                        Nd4j.zeros(DataType.DOUBLE, 3, 4)));
        assertTrue(e.getMessage().contains("data column 1 (row 2)"), e.getMessage());
    }

    /**
     * The float rows' refusal: the first non-finite value, named by its row number and column, in a
     * block whose other rows are fine; a non-finite location (a pre-output, not data) is returned
     * as it is, not refused.
     */
    @Test
    void floatRowsRefuseTheFirstNonFiniteValueAndPassANonFiniteLocationThrough() {
        int dataSize = 6;
        int rows = 4;
        LearnedScaleReconstructionDistribution[] distributions = {
                new LearnedScaleGaussianReconstructionDistribution(), new LaplaceReconstructionDistribution()};
        for (LearnedScaleReconstructionDistribution d : distributions) {
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                float[] pre = new float[rows * 2 * dataSize];
                float[] x = new float[rows * dataSize];
                for (int i = 0; i < x.length; i++) {
                    x[i] = 0.1f * i;
                }
                x[2 * dataSize + 3] = bad;
                x[3 * dataSize + 1] = bad;   // a later one: not the one named
                int[] offsets = {0, dataSize, 2 * dataSize, 3 * dataSize};
                int[] rowNumbers = {40, 41, 42, 43};
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> d.floatRows(dataSize, rows).negLogDensity(pre, rows, x, offsets, rowNumbers,
                                new double[rows], 0), "value " + bad);
                assertTrue(e.getMessage().contains("data column 3 (row 42) has value " + (double) bad), e.getMessage());

                x[2 * dataSize + 3] = 1f;
                x[3 * dataSize + 1] = 1f;
                double[] out = new double[rows];
                d.floatRows(dataSize, rows).negLogDensity(pre, rows, x, offsets, rowNumbers, out, 0);
                for (int r = 0; r < rows; r++) {
                    assertTrue(Double.isFinite(out[r]), "row " + r + ": " + out[r]);
                }
                pre[2 * (2 * dataSize) + 4] = Float.NaN;   // row 2's location, column 4
                d.floatRows(dataSize, rows).negLogDensity(pre, rows, x, offsets, rowNumbers, out, 0);
                assertTrue(Double.isNaN(out[2]), "a NaN location gives a NaN row, not a refusal: " + out[2]);
                assertTrue(Double.isFinite(out[1]) && Double.isFinite(out[3]));
            }
        }
    }
}
