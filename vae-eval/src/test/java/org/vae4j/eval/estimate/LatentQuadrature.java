package org.vae4j.eval.estimate;

import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.model.VaeModel;

/**
 * log p(x) of a model with a 2-D latent by quadrature: the rectangle rule for the integral of
 * N(z; 0, I) p(x|z) over a fine grid on [-6, 6]^2, in double (the prior mass outside the square is
 * below 1e-8). Shared by the importance-sampling and AIS tests.
 */
public final class LatentQuadrature {

    private static final int GRID = 201;
    private static final double LIMIT = 6.0;

    private LatentQuadrature() {
    }

    /** log p(x) of one example {@code x} ([1, inputSize]) under a DOUBLE model with latentSize 2. */
    public static double logLikelihood(VaeModel model, INDArray x) {
        double h = 2 * LIMIT / (GRID - 1);
        double[][] z = new double[GRID * GRID][2];
        double[] logPrior = new double[GRID * GRID];
        for (int a = 0; a < GRID; a++) {
            for (int c = 0; c < GRID; c++) {
                int row = a * GRID + c;
                z[row][0] = -LIMIT + a * h;
                z[row][1] = -LIMIT + c * h;
                logPrior[row] = -Math.log(2 * Math.PI) - 0.5 * (z[row][0] * z[row][0] + z[row][1] * z[row][1]);
            }
        }
        // The model's own distribution, vectorised in DOUBLE for DL4J's (vae4j's element-wise DOUBLE
        // path reads the arrays row by row: ~10 s for this grid). Equal to the exact density here,
        // where no logit saturates.
        ReconstructionDistribution distribution = model.config().reconstructionDistribution();
        INDArray preOutput = model.decoderPreOutput(Nd4j.createFromArray(z));
        INDArray xRepeated = Nd4j.tile(x, GRID * GRID, 1);
        double[] negLogP = distribution.exampleNegLogProbability(xRepeated, preOutput).data().asDouble();
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[z.length];
        for (int row = 0; row < z.length; row++) {
            terms[row] = logPrior[row] - negLogP[row] + 2 * Math.log(h);
            max = Math.max(max, terms[row]);
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return max + Math.log(sum);
    }
}
