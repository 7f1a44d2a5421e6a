package org.vae4j.core.distribution;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Bernoulli over binary data, parametrized by the logit {@code l} (one pre-output column per data
 * column, identity link; p = sigmoid(l)).
 *
 * <p>-log p(x) = softplus(l) - x*l = max(l, 0) - x l + log1p(exp(-|l|)), computed by
 * {@link LogitBernoulliKernel} exactly to relative precision at any logit, also when the prediction
 * is confidently right. DL4J's built-in
 * {@code BernoulliReconstructionDistribution} takes log(sigmoid(l)) in float and replaces the
 * resulting infinities by 0, so a confidently wrong logit of +-20 costs it 20 nats instead of 40.
 *
 * <p>Every method computes the density and its gradient with {@link LogitBernoulliKernel}, the
 * one implementation that training, evaluation and AIS use too.
 *
 * <p>Data must be in [0,1] (the kernel's rule and message; {@code clampData} clamps instead, NaN
 * is refused either way). For x in (0,1) the value is the binary cross-entropy, which is not a
 * normalized density on [0,1]; use {@link ContinuousBernoulliReconstructionDistribution} for that.
 */
public class LogitBernoulliReconstructionDistribution extends ElementwiseReconstructionDistribution {

    @JsonProperty("clampData")
    private final boolean clampData;

    /** Rejects data outside [0,1]. */
    public LogitBernoulliReconstructionDistribution() {
        this(false);
    }

    /** @param clampData clamp data into [0,1] instead of rejecting it */
    @JsonCreator
    public LogitBernoulliReconstructionDistribution(@JsonProperty("clampData") boolean clampData) {
        this.clampData = clampData;
    }

    public boolean isClampData() {
        return clampData;
    }

    /**
     * Per row, -log p(x|l) from {@link LogitBernoulliKernel}: t = exp(l) by one native op in the
     * pre-output's data type, then the kernel in double on heap copies (so the numbers are the
     * training engine's, evaluation's and AIS's). Data outside [0, 1] or NaN is refused by the
     * kernel's one message, or clamped when {@link #isClampData()}.
     */
    @Override
    public INDArray exampleNegLogProbability(INDArray x, INDArray preOutDistributionParams) {
        HeapCopies h = HeapCopies.of(this, x, preOutDistributionParams);
        LogitBernoulliKernel kernel = new LogitBernoulliKernel(clampData);
        double[] perRow = new double[h.rows];
        for (int r = 0; r < h.rows; r++) {
            int from = r * h.width;
            perRow[r] = -kernel.logDensity(h.logits, h.data, h.exp, from, h.width, null, 0, from, h.width);
        }
        return Nd4j.create(perRow, new long[] {h.rows, 1}, DataType.DOUBLE).castTo(preOutDistributionParams.dataType());
    }

    @Override
    public double negLogProbability(INDArray x, INDArray preOutDistributionParams, boolean average) {
        HeapCopies h = HeapCopies.of(this, x, preOutDistributionParams);
        LogitBernoulliKernel kernel = new LogitBernoulliKernel(clampData);
        double total = 0;
        for (int r = 0; r < h.rows; r++) {
            int from = r * h.width;
            total -= kernel.logDensity(h.logits, h.data, h.exp, from, h.width, null, 0, from, h.width);
        }
        return average ? total / h.rows : total;
    }

    /** sigmoid(l) - x from {@link LogitBernoulliKernel}, exact also where sigmoid(l) rounds to 1. */
    @Override
    public INDArray gradient(INDArray x, INDArray preOutDistributionParams) {
        HeapCopies h = HeapCopies.of(this, x, preOutDistributionParams);
        LogitBernoulliKernel kernel = new LogitBernoulliKernel(clampData);
        double[] gradient = new double[h.rows * h.width];
        for (int r = 0; r < h.rows; r++) {
            int from = r * h.width;
            kernel.logDensity(h.logits, h.data, h.exp, from, h.width, gradient, 1.0, from, h.width);
        }
        return Nd4j.create(gradient, new long[] {h.rows, h.width}, DataType.DOUBLE)
                .castTo(preOutDistributionParams.dataType());
    }

    /**
     * Logits, exp(logits) and data as row-major double arrays ({@link RowMajor}: one bulk copy from
     * host memory, ND4J's API on a device). The exponential runs natively in the pre-output's type,
     * as in the training engine.
     */
    private static final class HeapCopies {
        final int rows;
        final int width;
        final double[] logits;
        final double[] exp;
        final double[] data;

        private HeapCopies(int rows, int width, double[] logits, double[] exp, double[] data) {
            this.rows = rows;
            this.width = width;
            this.logits = logits;
            this.exp = exp;
            this.data = data;
        }

        static HeapCopies of(LogitBernoulliReconstructionDistribution d, INDArray x, INDArray preOut) {
            d.requireMatchingShapes(x, preOut);
            INDArray exp = preOut.ulike();
            LogitBernoulliKernel.expNegativeAbs(preOut, exp);
            RowMajor logits = RowMajor.of(preOut);
            return new HeapCopies(logits.rows(), logits.columns(), logits.values(), RowMajor.of(exp).values(),
                    RowMajor.of(x).values());
        }
    }

    @Override
    protected int parametersPerValue() {
        return 1;
    }

    /**
     * One row through {@link LogitBernoulliKernel}, for callers on heap rows (a subclass reaches the
     * importance-sampling estimator this way): t = exp(-|a|) per value, then the kernel.
     */
    @Override
    public double rowNegLogDensity(double[] x, int xOffset, double[] pre, int preOffset, int dataSize, int row) {
        double[] a = java.util.Arrays.copyOfRange(pre, preOffset, preOffset + dataSize);
        double[] t = new double[dataSize];
        for (int i = 0; i < dataSize; i++) {
            t[i] = Math.exp(-Math.abs(a[i]));
        }
        double[] data = java.util.Arrays.copyOfRange(x, xOffset, xOffset + dataSize);
        return -new LogitBernoulliKernel(clampData).logDensity(a, data, t, 0, dataSize, null, 0,
                (long) row * dataSize, dataSize);
    }

    /** One value through {@link LogitBernoulliKernel} (the INDArray methods above do not come here). */
    @Override
    protected double negLogDensity(double x, double[] p) {
        return -new LogitBernoulliKernel(clampData).logDensity(new double[] {p[0]}, new double[] {x},
                new double[] {Math.exp(-Math.abs(p[0]))}, 0, 1, null, 0, 0, 1);
    }

    @Override
    protected void negLogDensityGradient(double x, double[] p, double[] g) {
        new LogitBernoulliKernel(clampData).logDensity(new double[] {p[0]}, new double[] {x},
                new double[] {Math.exp(-Math.abs(p[0]))}, 0, 1, g, 1.0, 0, 1);
    }

    @Override
    protected double mean(double[] p) {
        return StableMath.sigmoid(p[0]);
    }

    @Override
    protected double sample(double[] p, Random rng) {
        return rng.nextDouble() < StableMath.sigmoid(p[0]) ? 1.0 : 0.0;
    }

    @Override
    protected double checkSupport(double x, int row, int column) {
        return LogitBernoulliKernel.checked(x, row, column, clampData);
    }

    @Override
    protected Map<String, Object> configuration() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clampData", clampData);
        return m;
    }
}
