package org.vae4j.eval.internal;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.model.LatentPosterior;
import org.vae4j.core.model.VaeModel;
import org.vae4j.eval.estimate.EvaluationData;
import org.vae4j.eval.estimate.EvaluationInput;

/**
 * The first step of every estimator: the data in the model's type, c-ordered once, and q(z|x) of
 * every example, row-major [examples, latentSize], in double on the Java heap (24 bytes per example
 * and latent dimension). For a conditional VAE the rows are [x | c]: q(z|x, c) covers the free
 * latents, {@code x} keeps the data columns (what p(x|z, c) scores) and {@code condition} the rest
 * (what the decoder's clamped units take). Encoded up front in a few large batches: per block of examples, a dozen
 * small ND4J ops cost milliseconds (thread wake-ups), which at two examples per block was a tenth
 * of an importance-sampling run.
 *
 * @param x              the examples' data columns, the model's data type, c order
 * @param mean           q(z|x) means
 * @param logVariance    q(z|x) log-variances
 * @param klPerDimension KL(q(z_u|x) || N(0, 1)) of each example and latent dimension
 * @param condition      a conditional VAE's condition, row-major [examples, conditionSize]; else null
 */
public record EncodedData(INDArray x, double[] mean, double[] logVariance, double[] klPerDimension,
                          double[] condition) {

    /** Rows encoded per ND4J call: large enough to amortise the ops, small enough to bound memory. */
    private static final int BATCH = 1024;

    public static EncodedData of(VaeModel model, EvaluationData data) {
        INDArray checked = EvaluationInput.fromArray(data.features(), model.config());
        INDArray cast = checked.castTo(model.dataType());
        INDArray rowsRead = cast.isView() || cast.ordering() != 'c' ? cast.dup('c') : cast;
        INDArray x = rowsRead;
        double[] condition = null;
        if (model.config().isConditional()) {
            int d = model.config().inputSize();
            x = rowsRead.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d)).dup('c');
            condition = rowMajor(rowsRead.get(NDArrayIndex.all(), NDArrayIndex.interval(d,
                    model.config().networkInputSize())));
        }
        int n = (int) x.rows();
        int latent = model.config().latentSize();
        double[] mean = new double[n * latent];
        double[] logVariance = new double[n * latent];
        double[] kl = new double[n * latent];
        for (int first = 0; first < n; first += BATCH) {
            int rows = Math.min(BATCH, n - first);
            LatentPosterior q = model.encodeInputRows(rowsRead.get(NDArrayIndex.interval(first, first + rows),
                    NDArrayIndex.all()));
            System.arraycopy(rowMajor(q.mean()), 0, mean, first * latent, rows * latent);
            System.arraycopy(rowMajor(q.logVariance()), 0, logVariance, first * latent, rows * latent);
            System.arraycopy(rowMajor(q.klPerDimension()), 0, kl, first * latent, rows * latent);
        }
        return new EncodedData(x, mean, logVariance, kl, condition);
    }

    public int examples() {
        return (int) x.rows();
    }

    /** KL(q(z|x_i) || p(z)) of example {@code i}, summed over latent dimensions, nats. */
    public double kl(int i) {
        int latent = mean.length / examples();
        double sum = 0;
        for (int u = 0; u < latent; u++) {
            sum += klPerDimension[i * latent + u];
        }
        return sum;
    }

    /** A row-major double copy on the Java heap (also detaches from any workspace). */
    private static double[] rowMajor(INDArray array) {
        return array.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }
}
