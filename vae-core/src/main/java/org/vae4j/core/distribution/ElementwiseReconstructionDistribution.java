package org.vae4j.core.distribution;

import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A reconstruction distribution that factorizes over data columns, each column having
 * {@link #parametersPerValue()} pre-output parameters.
 *
 * <p>Pre-output layout follows DL4J's {@code GaussianReconstructionDistribution}: for data of
 * {@code D} columns the pre-output has {@code k*D} columns in blocks, first parameter of every
 * column in {@code [0, D)}, second parameter in {@code [D, 2D)}, and so on.
 *
 * <p>Densities and gradients are evaluated in double, element by element, because the
 * interesting regimes (saturated logits, tiny scales, large counts) are exactly the ones where
 * float array ops lose the answer. Results come back in the pre-output's data type.
 *
 * <p>DL4J convention (see {@code nn/layers/variational/VariationalAutoencoder.java}):
 * {@link #gradient} is d(negative log density)/d(pre-output) SUMMED over the minibatch; the
 * updater divides by the minibatch size later.
 */
public abstract class ElementwiseReconstructionDistribution implements ReconstructionDistribution {

    /** Number of pre-output columns per data column. */
    protected abstract int parametersPerValue();

    /** Negative log density (nats) of one value given its pre-output parameters. */
    protected abstract double negLogDensity(double x, double[] preOut);

    /** Writes d(negLogDensity)/d(preOut[j]) into {@code gradOut[j]}. */
    protected abstract void negLogDensityGradient(double x, double[] preOut, double[] gradOut);

    /** Analytic mean of the distribution. */
    protected abstract double mean(double[] preOut);

    /** One draw, using ND4J's global generator so that {@code Nd4j.getRandom().setSeed} fixes it. */
    protected abstract double sample(double[] preOut, Random rng);

    /**
     * Returns {@code x} if it is in the support, its clamped value if the user asked for clamping,
     * and otherwise throws via {@link #outOfSupport}.
     */
    protected abstract double checkSupport(double x, int row, int column);

    /**
     * The serialized configuration, in declaration order: drives equals, hashCode and toString so
     * that they cannot drift from what JSON round-trips.
     */
    protected abstract java.util.Map<String, Object> configuration();

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass()
                && configuration().equals(((ElementwiseReconstructionDistribution) o).configuration());
    }

    @Override
    public int hashCode() {
        return 31 * getClass().hashCode() + configuration().hashCode();
    }

    @Override
    public String toString() {
        return distributionName() + configuration();
    }

    /** Short name used in error messages and toString. */
    /** Returns {@code value} if it is finite and > 0, else fails naming this distribution and the field. */
    protected final double requirePositiveFinite(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + field
                    + " must be finite and > 0, got " + value);
        }
        return value;
    }

    protected String distributionName() {
        return getClass().getSimpleName();
    }

    /** Support [0,1]: {@code x} itself, clamped into it when asked, or the out-of-support error. */
    protected final double unitIntervalSupport(double x, int row, int column, boolean clampData) {
        if (x >= 0 && x <= 1) {
            return x;
        }
        if (clampData && !Double.isNaN(x)) {
            return Math.min(1.0, Math.max(0.0, x));
        }
        throw outOfSupport(x, row, column, "a value in [0,1]");
    }

    /** The exception every out-of-support value produces: names distribution, place and value. */
    protected IllegalArgumentException outOfSupport(double x, int row, int column, String expected) {
        return new IllegalArgumentException(distributionName() + ": data column " + column + " (row " + row
                + ") has value " + x + ", outside the support; expected " + expected
                + ". Fix the data or construct the distribution with clampData=true.");
    }

    @Override
    public boolean hasLossFunction() {
        return false;
    }

    @Override
    public int distributionInputSize(int dataSize) {
        return parametersPerValue() * dataSize;
    }

    @Override
    public double negLogProbability(INDArray x, INDArray preOutDistributionParams, boolean average) {
        double[] perExample = perExampleNegLogDensity(x, preOutDistributionParams);
        double total = 0;
        for (double v : perExample) {
            total += v;
        }
        return average ? total / perExample.length : total;
    }

    @Override
    public INDArray exampleNegLogProbability(INDArray x, INDArray preOutDistributionParams) {
        double[] perExample = perExampleNegLogDensity(x, preOutDistributionParams);
        return Nd4j.create(perExample, new long[] {perExample.length, 1}, DataType.DOUBLE)
                .castTo(preOutDistributionParams.dataType());
    }

    /** -log p(x|pre) of every row, nats: {@link #rowNegLogDensity} row by row on heap copies. */
    double[] perExampleNegLogDensity(INDArray x, INDArray preOut) {
        RowMajor data = RowMajor.of(x);
        RowMajor params = checkedParams(data, preOut);
        int dataSize = data.columns();
        double[] result = new double[data.rows()];
        for (int row = 0; row < data.rows(); row++) {
            result[row] = rowNegLogDensity(data.values(), row * dataSize, params.values(), row * params.columns(),
                    dataSize, row);
        }
        return result;
    }

    /**
     * -log p(x|pre) of ONE row, nats, summed over its values in double: the density every vae4j path
     * evaluates (the ND4J array methods here, and the importance-sampling estimator on its own
     * buffers, with no ND4J call per row).
     *
     * @param x   the row's data at [xOffset, xOffset + dataSize)
     * @param pre the row's {@code parametersPerValue() * dataSize} pre-output values from
     *            {@code preOffset}, in DL4J's block layout (parameter j of column c at
     *            {@code preOffset + j * dataSize + c})
     * @param row the row's number for an out-of-support message
     */
    public double rowNegLogDensity(double[] x, int xOffset, double[] pre, int preOffset, int dataSize, int row) {
        int k = parametersPerValue();
        double[] p = new double[k];
        double sum = 0;
        for (int col = 0; col < dataSize; col++) {
            for (int j = 0; j < k; j++) {
                p[j] = pre[preOffset + j * dataSize + col];
            }
            sum += negLogDensity(checkSupport(x[xOffset + col], row, col), p);
        }
        return sum;
    }

    /**
     * Blocks of FLOAT rows for a caller that holds them on the heap (the importance-sampling
     * estimator): buffers sized once for {@code maxRows} rows of {@code dataSize} values; one per
     * thread. This class widens each row and calls {@link #rowNegLogDensity}; a subclass may compute
     * its transcendental functions for the whole block at once, to float precision.
     */
    public FloatRows floatRows(int dataSize, int maxRows) {
        return new WidenedFloatRows(this, dataSize);
    }

    /** -log p(x|pre) of blocks of float rows; see {@link #floatRows}. */
    public interface FloatRows {
        /**
         * @param pre        the rows' pre-outputs, row r from {@code r * parametersPerValue * dataSize},
         *                   in DL4J's block layout
         * @param rows       how many rows (at most the maxRows this was made for)
         * @param x          data; row r's at [xOffsets[r], xOffsets[r] + dataSize)
         * @param rowNumbers row r's number for an out-of-support message
         * @param out        receives -log p of row r, nats, at {@code out[outOffset + r]}
         */
        void negLogDensity(float[] pre, int rows, float[] x, int[] xOffsets, int[] rowNumbers, double[] out,
                           int outOffset);
    }

    /** The default {@link FloatRows}: each row widened to double, then {@link #rowNegLogDensity}. */
    private static final class WidenedFloatRows implements FloatRows {
        private final ElementwiseReconstructionDistribution distribution;
        private final int dataSize;
        private final double[] preRow;
        private final double[] xRow;

        WidenedFloatRows(ElementwiseReconstructionDistribution distribution, int dataSize) {
            this.distribution = distribution;
            this.dataSize = dataSize;
            this.preRow = new double[distribution.parametersPerValue() * dataSize];
            this.xRow = new double[dataSize];
        }

        @Override
        public void negLogDensity(float[] pre, int rows, float[] x, int[] xOffsets, int[] rowNumbers, double[] out,
                                  int outOffset) {
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < preRow.length; i++) {
                    preRow[i] = pre[r * preRow.length + i];
                }
                for (int i = 0; i < dataSize; i++) {
                    xRow[i] = x[xOffsets[r] + i];
                }
                out[outOffset + r] = distribution.rowNegLogDensity(xRow, 0, preRow, 0, dataSize, rowNumbers[r]);
            }
        }
    }

    @Override
    public INDArray gradient(INDArray x, INDArray preOutDistributionParams) {
        RowMajor data = RowMajor.of(x);
        RowMajor params = checkedParams(data, preOutDistributionParams);
        int dataSize = data.columns();
        int k = parametersPerValue();
        double[] p = new double[k];
        double[] g = new double[k];
        double[] grad = new double[params.values().length];
        for (int row = 0; row < data.rows(); row++) {
            int paramRow = row * params.columns();
            for (int col = 0; col < dataSize; col++) {
                for (int j = 0; j < k; j++) {
                    p[j] = params.values()[paramRow + j * dataSize + col];
                }
                negLogDensityGradient(checkSupport(data.values()[row * dataSize + col], row, col), p, g);
                for (int j = 0; j < k; j++) {
                    grad[paramRow + j * dataSize + col] = g[j];
                }
            }
        }
        return Nd4j.create(grad, new long[] {params.rows(), params.columns()}, DataType.DOUBLE)
                .castTo(preOutDistributionParams.dataType());
    }

    @Override
    public INDArray generateRandom(INDArray preOutDistributionParams) {
        Random rng = Nd4j.getRandom();
        return perValue(preOutDistributionParams, p -> sample(p, rng));
    }

    @Override
    public INDArray generateAtMean(INDArray preOutDistributionParams) {
        return perValue(preOutDistributionParams, this::mean);
    }

    private INDArray perValue(INDArray preOut, java.util.function.ToDoubleFunction<double[]> f) {
        RowMajor params = RowMajor.of(preOut);
        int k = parametersPerValue();
        if (params.columns() % k != 0) {
            throw new IllegalArgumentException(distributionName() + ": pre-output has " + params.columns()
                    + " columns, not a multiple of " + k + " parameters per value");
        }
        int dataSize = params.columns() / k;
        double[] p = new double[k];
        double[] out = new double[params.rows() * dataSize];
        for (int row = 0; row < params.rows(); row++) {
            for (int col = 0; col < dataSize; col++) {
                for (int j = 0; j < k; j++) {
                    p[j] = params.values()[row * params.columns() + j * dataSize + col];
                }
                out[row * dataSize + col] = f.applyAsDouble(p);
            }
        }
        return Nd4j.create(out, new long[] {params.rows(), dataSize}, DataType.DOUBLE).castTo(preOut.dataType());
    }

    final RowMajor checkedParams(RowMajor data, INDArray preOut) {
        RowMajor params = RowMajor.of(preOut);
        long expected = (long) parametersPerValue() * data.columns();
        if (params.rows() != data.rows() || params.columns() != expected) {
            throw shapeMismatch(params.rows(), params.columns(), data.rows(), data.columns());
        }
        return params;
    }

    /** For subclasses that override the INDArray methods: the shape check of the element-wise path. */
    protected final void requireMatchingShapes(INDArray x, INDArray preOut) {
        if (x.rank() != 2 || preOut.rank() != 2 || preOut.rows() != x.rows()
                || preOut.columns() != (long) parametersPerValue() * x.columns()) {
            throw shapeMismatch(preOut.rank() == 2 ? preOut.rows() : preOut.length(), preOut.rank() == 2
                    ? preOut.columns() : 1, x.rank() == 2 ? x.rows() : x.length(), x.rank() == 2 ? x.columns() : 1);
        }
    }

    private IllegalArgumentException shapeMismatch(long preRows, long preColumns, long dataRows, long dataColumns) {
        return new IllegalArgumentException(distributionName() + ": pre-output shape [" + preRows + ","
                + preColumns + "] does not match data shape [" + dataRows + "," + dataColumns + "]; expected ["
                + dataRows + "," + (long) parametersPerValue() * dataColumns + "]");
    }
}
