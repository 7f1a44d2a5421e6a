package org.vae4j.eval.estimate;

import java.util.Random;

import org.deeplearning4j.nn.conf.layers.variational.GaussianReconstructionDistribution;
import org.deeplearning4j.nn.layers.variational.VariationalAutoencoder;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;

/**
 * A VAE whose marginal likelihood is known in closed form: p(z) = N(0, I), p(x|z) = N(W z + b,
 * sigma^2 I) with linear (IDENTITY) layers, so p(x) = N(b, W W^T + sigma^2 I). W has orthogonal
 * columns, which makes the true posterior covariance (I + W^T W / sigma^2)^-1 diagonal and so
 * representable by the VAE's diagonal q: with {@link #setOptimalPosterior()} every importance
 * weight equals p(x) exactly. Public for the AIS tests in {@code org.vae4j.eval.ais}.
 */
public final class LinearGaussianVae {

    public static final int INPUT = 5;
    public static final int LATENT = 2;

    final double sigma = 0.5;
    /** [INPUT][LATENT], orthogonal columns. */
    final double[][] w = {{0.8, 0.0}, {0.8, 0.0}, {0.0, 1.2}, {0.0, -0.6}, {0.0, 0.3}};
    final double[] b = {0.3, -0.2, 0.1, 0.0, 0.5};
    public final VaeModel model;

    public LinearGaussianVae() {
        VaeConfig config = VaeConfig.builder()
                .inputSize(INPUT).encoderLayerSizes(INPUT).decoderLayerSizes(LATENT).latentSize(LATENT)
                .hiddenActivation(Activation.IDENTITY)
                .reconstructionDistribution(new GaussianReconstructionDistribution(Activation.IDENTITY))
                .dataType(DataType.DOUBLE).seed(7).build();
        model = VaeModel.create(config);
        VariationalAutoencoder layer = model.layer();
        layer.getParam("e0W").assign(Nd4j.eye(INPUT).castTo(DataType.DOUBLE));
        layer.getParam("e0b").assign(0);
        layer.getParam("d0W").assign(Nd4j.eye(LATENT).castTo(DataType.DOUBLE));
        layer.getParam("d0b").assign(0);
        double[][] decoder = new double[LATENT][2 * INPUT];
        double[] decoderBias = new double[2 * INPUT];
        for (int d = 0; d < INPUT; d++) {
            for (int u = 0; u < LATENT; u++) {
                decoder[u][d] = w[d][u];   // mean columns; the log-variance columns stay 0
            }
            decoderBias[d] = b[d];
            decoderBias[INPUT + d] = Math.log(sigma * sigma);   // fixed sigma
        }
        layer.getParam("pXZW").assign(Nd4j.createFromArray(decoder));
        layer.getParam("pXZb").assign(Nd4j.createFromArray(decoderBias));
        setOptimalPosterior();
    }

    /** Exact posterior variance of z_u: 1 / (1 + |w_u|^2 / sigma^2). */
    double posteriorVariance(int u) {
        double norm = 0;
        for (int d = 0; d < INPUT; d++) {
            norm += w[d][u] * w[d][u];
        }
        return 1 / (1 + norm / (sigma * sigma));
    }

    /** q(z|x) = the true posterior: mean = (x - b) W Sigma / sigma^2, log-variance = log diag Sigma. */
    public void setOptimalPosterior() {
        setPosterior(1.0, 0.0, 1.0);
    }

    /** A deliberately poor q: mean scaled and shifted, variance inflated. */
    public void setPoorPosterior() {
        setPosterior(0.7, 0.4, 2.5);
    }

    private void setPosterior(double meanScale, double meanShift, double varianceFactor) {
        double[][] m = new double[INPUT][LATENT];
        double[] mb = new double[LATENT];
        double[] logVariance = new double[LATENT];
        for (int u = 0; u < LATENT; u++) {
            double factor = meanScale * posteriorVariance(u) / (sigma * sigma);
            for (int d = 0; d < INPUT; d++) {
                m[d][u] = w[d][u] * factor;
                mb[u] -= b[d] * w[d][u] * factor;
            }
            mb[u] += meanShift;
            logVariance[u] = Math.log(varianceFactor * posteriorVariance(u));
        }
        VariationalAutoencoder layer = model.layer();
        layer.getParam("pZXMeanW").assign(Nd4j.createFromArray(m));
        layer.getParam("pZXMeanb").assign(Nd4j.createFromArray(mb));
        layer.getParam("pZXLogStd2W").assign(0);
        layer.getParam("pZXLogStd2b").assign(Nd4j.createFromArray(logVariance));
    }

    /** Draws from the model: x = W z + b + sigma * noise. */
    public double[][] sample(int n, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[n][INPUT];
        for (int i = 0; i < n; i++) {
            double[] z = {random.nextGaussian(), random.nextGaussian()};
            for (int d = 0; d < INPUT; d++) {
                x[i][d] = b[d] + w[d][0] * z[0] + w[d][1] * z[1] + sigma * random.nextGaussian();
            }
        }
        return x;
    }

    /** log N(x; b, W W^T + sigma^2 I) in nats, by Cholesky in double. */
    public double exactLogLikelihood(double[] x) {
        double[][] c = new double[INPUT][INPUT];
        for (int i = 0; i < INPUT; i++) {
            for (int j = 0; j < INPUT; j++) {
                double v = i == j ? sigma * sigma : 0;
                for (int u = 0; u < LATENT; u++) {
                    v += w[i][u] * w[j][u];
                }
                c[i][j] = v;
            }
        }
        double[][] l = cholesky(c);
        // Solve L y = (x - b); then r^T C^-1 r = |y|^2 and log|C| = 2 sum log L_ii.
        double[] y = new double[INPUT];
        double quadratic = 0;
        double logDet = 0;
        for (int i = 0; i < INPUT; i++) {
            double v = x[i] - b[i];
            for (int k = 0; k < i; k++) {
                v -= l[i][k] * y[k];
            }
            y[i] = v / l[i][i];
            quadratic += y[i] * y[i];
            logDet += 2 * Math.log(l[i][i]);
        }
        return -0.5 * (INPUT * Math.log(2 * Math.PI) + logDet + quadratic);
    }

    private static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(sum) : sum / l[j][j];
            }
        }
        return l;
    }

    public static INDArray toArray(double[][] x) {
        return Nd4j.createFromArray(x);
    }
}
