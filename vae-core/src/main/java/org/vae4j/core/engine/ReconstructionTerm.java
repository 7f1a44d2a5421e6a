package org.vae4j.core.engine;

import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.backend.FloatMath;
import org.vae4j.core.distribution.ExactDensities;
import org.vae4j.core.distribution.LogitBernoulliKernel;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;

/**
 * -log p(x|z) of the minibatch and its gradient with respect to the distribution's pre-output.
 * Any {@link ReconstructionDistribution} works through its own {@code negLogProbability} and
 * {@code gradient} ({@link #of}); a Bernoulli in logits ({@link ExactDensities}: vae4j's
 * LogitBernoulli, or DL4J's Bernoulli with sigmoid), the usual binary-data likelihood, runs
 * {@link LogitBernoulliKernel} on the engine's buffers: one native exp pass and one Java pass
 * instead of DL4J's ~12 allocating ops.
 */
abstract class ReconstructionTerm {

    /** The closed form where {@link ExactDensities} says the density is the logit Bernoulli, else the distribution's own. */
    static ReconstructionTerm of(ReconstructionDistribution distribution) {
        ReconstructionDistribution density = ExactDensities.densityOf(distribution);
        if (ExactDensities.isLogitBernoulli(density)) {
            return new BernoulliLogits((LogitBernoulliReconstructionDistribution) density);
        }
        return new Generic(density);
    }

    /**
     * Writes {@code gradientScale} * d(-log p)/d(pre) into {@code b.distributionGradient} and returns
     * the sum over rows and columns of -log p(x|pre), in nats. {@code pre} is
     * {@code b.distributionPre}.
     */
    abstract double negLogProbabilitySumAndGradient(INDArray x, double gradientScale, ElboBuffers b);

    /**
     * Writes d(-log p)/d(pre), unscaled, into {@code b.distributionGradient} and -log p(x|pre) of
     * each row, in nats, into {@code perRow} (the importance-weighted bound weights rows later).
     */
    abstract void negLogProbabilityPerRowAndGradient(INDArray x, ElboBuffers b, double[] perRow);

    /** Through the distribution's own methods. */
    private static final class Generic extends ReconstructionTerm {
        private final ReconstructionDistribution distribution;

        Generic(ReconstructionDistribution distribution) {
            this.distribution = distribution;
        }

        @Override
        double negLogProbabilitySumAndGradient(INDArray x, double gradientScale, ElboBuffers b) {
            double sum = distribution.negLogProbability(x, b.distributionPre, false);
            INDArray gradient = distribution.gradient(x, b.distributionPre);
            Nd4j.exec(new ScalarMultiplication(gradient, null, b.distributionGradient, gradientScale));
            return sum;
        }

        @Override
        void negLogProbabilityPerRowAndGradient(INDArray x, ElboBuffers b, double[] perRow) {
            double[] values = distribution.exampleNegLogProbability(x, b.distributionPre).castTo(DataType.DOUBLE)
                    .dup('c').data().asDouble();
            System.arraycopy(values, 0, perRow, 0, values.length);
            b.distributionGradient.assign(distribution.gradient(x, b.distributionPre));
        }
    }

    /**
     * The logit Bernoulli through {@link LogitBernoulliKernel}. FLOAT buffers (the usual case) are
     * copied to the heap a block at a time, e = exp(-|a|) is computed there by {@link FloatMath}
     * and the kernel's float form sums log p(x|a) and writes the gradient, which is copied back:
     * no ND4J call and no float-double conversion (JFR, bench model on one core: the DOUBLE route
     * below, three native passes for e and a Java pass over double copies, took 15-17% of a
     * step). DOUBLE buffers: native ops write e into the gradient buffer, then one Java pass over
     * double chunks ({@link DirectArray#read}) overwrites it with the gradient. The kernel refuses
     * data outside [0, 1] (rows numbered within this part of the minibatch; {@link
     * FusedElboGradient} renumbers them) or clamps it, as the distribution says.
     */
    private static final class BernoulliLogits extends ReconstructionTerm {

        /** Floats per heap block: a few such arrays stay in L1/L2. */
        private static final int FLOAT_BLOCK = 4096;

        private final LogitBernoulliKernel kernel;
        private final double[] a = new double[DirectArray.CHUNK];
        private final double[] x = new double[DirectArray.CHUNK];
        private final double[] t = new double[DirectArray.CHUNK];
        private final FloatMath floatMath = new FloatMath(FLOAT_BLOCK);
        private final float[] floatA = new float[FLOAT_BLOCK];
        private final float[] floatX = new float[FLOAT_BLOCK];
        private final float[] floatT = new float[FLOAT_BLOCK];

        BernoulliLogits(LogitBernoulliReconstructionDistribution distribution) {
            this.kernel = new LogitBernoulliKernel(distribution.isClampData());
        }

        @Override
        double negLogProbabilitySumAndGradient(INDArray data, double gradientScale, ElboBuffers b) {
            if (b.distributionPreFloats != null) {
                return floats(data, gradientScale, b, null);
            }
            LogitBernoulliKernel.expNegativeAbs(b.distributionPre, b.distributionGradient);
            DirectArray pre = b.distributionPreView;
            DirectArray gradient = b.distributionGradientView;
            DirectArray xs = DirectArray.of(data);
            int width = Math.toIntExact(pre.length / data.rows());
            double logDensity = 0;
            for (int from = 0; from < pre.length; from += DirectArray.CHUNK) {
                int n = Math.min(DirectArray.CHUNK, pre.length - from);
                logDensity += chunk(pre, xs, gradient, from, n, gradientScale, width);
            }
            return -logDensity;
        }

        /** The same per row, gradient unscaled. */
        @Override
        void negLogProbabilityPerRowAndGradient(INDArray data, ElboBuffers b, double[] perRow) {
            if (b.distributionPreFloats != null) {
                floats(data, 1.0, b, perRow);
                return;
            }
            LogitBernoulliKernel.expNegativeAbs(b.distributionPre, b.distributionGradient);
            DirectArray pre = b.distributionPreView;
            DirectArray gradient = b.distributionGradientView;
            DirectArray xs = DirectArray.of(data);
            int rows = (int) data.rows();
            int width = pre.length / rows;
            for (int r = 0; r < rows; r++) {
                double logDensity = 0;
                for (int from = r * width, end = from + width; from < end; from += DirectArray.CHUNK) {
                    int n = Math.min(DirectArray.CHUNK, end - from);
                    logDensity += chunk(pre, xs, gradient, from, n, 1.0, width);
                }
                perRow[r] = -logDensity;
            }
        }

        /**
         * The FLOAT route: the sum of -log p(x|a) over the block (returned), or with {@code perRow}
         * each row's, written there (then 0 is returned); the gradient, scaled, into the buffer.
         */
        private double floats(INDArray data, double gradientScale, ElboBuffers b, double[] perRow) {
            int length = Math.toIntExact(b.distributionPre.length());
            int rows = (int) data.rows();
            int width = length / rows;
            FloatBuffer pre = b.distributionPreFloats;
            FloatBuffer xs = DirectArray.floats(data);   // the minibatch's rows: a new array every step
            FloatBuffer gradient = b.distributionGradientFloats;
            if (perRow == null) {
                double logDensity = 0;
                for (int from = 0; from < length; from += FLOAT_BLOCK) {
                    logDensity += floatBlock(pre, xs, gradient, from, Math.min(FLOAT_BLOCK, length - from),
                            gradientScale, width);
                }
                return -logDensity;
            }
            for (int r = 0; r < rows; r++) {
                double logDensity = 0;
                for (int from = r * width, end = from + width; from < end; from += FLOAT_BLOCK) {
                    logDensity += floatBlock(pre, xs, gradient, from, Math.min(FLOAT_BLOCK, end - from),
                            gradientScale, width);
                }
                perRow[r] = -logDensity;
            }
            return 0;
        }

        /** Elements [from, from + n) on the heap: log p summed, the gradient written back. */
        private double floatBlock(FloatBuffer pre, FloatBuffer xs, FloatBuffer gradient, int from, int n,
                                  double scale, int width) {
            pre.get(from, floatA, 0, n);
            xs.get(from, floatX, 0, n);
            floatMath.expNegativeAbs(floatA, n, floatT);
            double logDensity = kernel.logDensity(floatA, floatX, floatT, 0, n, floatT, scale, from, width);
            gradient.put(from, floatT, 0, n);
            return logDensity;
        }

        /** Elements [from, from + n): log p summed, t in the gradient buffer replaced by the gradient. */
        private double chunk(DirectArray pre, DirectArray xs, DirectArray gradient, int from, int n, double scale,
                             int width) {
            pre.read(from, n, a);
            xs.read(from, n, x);
            gradient.read(from, n, t);
            double logDensity = kernel.logDensity(a, x, t, 0, n, t, scale, from, width);
            gradient.write(from, n, t);
            return logDensity;
        }
    }
}
