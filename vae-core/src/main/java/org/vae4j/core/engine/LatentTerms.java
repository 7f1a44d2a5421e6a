package org.vae4j.core.engine;

import org.vae4j.core.config.KlObjective;

/**
 * The latent block of the ELBO, [rows, latent] elements, as two Java loops over the engine's
 * buffers: z = mu + sigma * noise with the analytic KL(q(z|x) || N(0, I)) forward, and the
 * gradients of the mean and log-variance heads backward. The arrays are small (128 x 20 for the
 * usual MNIST model), so ND4J's per-op overhead dominated here: ~25 ops at 10-40 us each where the
 * loops take a few microseconds. Accumulation is in double.
 */
final class LatentTerms {

    private final KlObjective objective;
    private final int latentSize;
    /**
     * The last {@code conditionSize} of the layer's latent units are a conditional VAE's condition:
     * clamped to c (read from {@code b.conditionView}), with no noise, no KL and no gradient into
     * their heads. The first {@code freeSize} are the model's latents.
     */
    private final int conditionSize;
    private final int freeSize;

    /** @param latentSize the layer's latent units, condition units included */
    LatentTerms(KlObjective objective, int latentSize, int conditionSize) {
        this.objective = objective;
        this.latentSize = latentSize;
        this.conditionSize = conditionSize;
        this.freeSize = latentSize - conditionSize;
    }

    /** Sets a clamped unit: z = c, no spread (so nothing flows back into its heads). */
    private void clamp(ElboBuffers b, int i, int j) {
        b.variance[i] = 0;
        b.sigma[i] = 0;
        b.zView.set(i, b.conditionView.get((i / latentSize) * conditionSize + j - freeSize));
    }

    /**
     * z = mu + sqrt(exp(logVar)) * noise into {@code b.z} (DL4J's layer computes sigma the same
     * way); keeps variance and sigma for {@link #backward}; fills {@code b.klPerDimension} with the
     * minibatch's KL sum per latent dimension and returns the total, in nats:
     * KL = (mu^2 + sigma^2 - 1 - log sigma^2) / 2 per element.
     */
    double forward(ElboBuffers b) {
        java.util.Arrays.fill(b.klPerDimension, 0);
        double total = 0;
        int n = b.meanView.length;
        for (int i = 0; i < n; i++) {
            int j = i % latentSize;
            if (j >= freeSize) {
                clamp(b, i, j);
                continue;
            }
            double mu = b.meanView.get(i);
            double logVariance = b.logVarianceView.get(i);
            double variance = Math.exp(logVariance);
            double sigma = Math.sqrt(variance);
            b.variance[i] = variance;
            b.sigma[i] = sigma;
            b.zView.set(i, mu + sigma * b.noiseView.get(i));
            double kl = 0.5 * (mu * mu + variance - 1 - logVariance);
            b.klPerDimension[j] += kl;
            total += kl;
        }
        return total;
    }

    /** Whether the KL weights need the whole minibatch's KL per dimension (free bits), not just a part's. */
    boolean needsMinibatchKl() {
        return objective.freeBitsNats() > 0;
    }

    /**
     * From dL/dz in {@code b.dLdz} (already scaled by {@code gradientScale}) through z = mu + sigma
     * * noise, plus the weighted KL term w_j (see {@link KlObjective}):
     * dL/dmu = dL/dz + s w_j mu;  dL/dlogVar = dL/dz * noise * sigma / 2 + s w_j (sigma^2 - 1) / 2,
     * where s is {@code gradientScale}. Under free bits w_j is 0 for dimensions whose
     * minibatch-mean KL ({@code minibatchKlPerDimension} / {@code minibatchRows}) is below the
     * floor (max(floor, KL_j) is flat there).
     */
    void backward(ElboBuffers b, long iteration, double[] minibatchKlPerDimension, long minibatchRows,
                  double gradientScale) {
        double weight = objective.klWeight(iteration) * gradientScale;
        double floor = objective.freeBitsNats();
        for (int j = 0; j < latentSize; j++) {
            boolean active = floor == 0 || minibatchKlPerDimension[j] / minibatchRows >= floor;
            b.klWeightPerDimension[j] = active ? weight : 0.0;
        }
        int n = b.meanView.length;
        for (int i = 0; i < n; i++) {
            int j = i % latentSize;
            if (j >= freeSize) {
                b.dLdMeanView.set(i, 0);
                b.dLdLogVarianceView.set(i, 0);
                continue;
            }
            double w = b.klWeightPerDimension[j];
            double dLdz = b.dLdzView.get(i);
            b.dLdMeanView.set(i, dLdz + w * b.meanView.get(i));
            b.dLdLogVarianceView.set(i, 0.5 * (dLdz * b.noiseView.get(i) * b.sigma[i] + w * (b.variance[i] - 1)));
        }
    }

    /**
     * The importance-weighted bound's latent part: z = mu + sigma * noise into {@code b.z} (sigma
     * and variance kept for {@link #backwardImportanceWeighted}) and, per row, the log weight's
     * latent terms log p(z) - log q(z|x) = sum_j (noise_j^2 - z_j^2 + logVar_j) / 2 in nats (the
     * Gaussian constants cancel) into {@code logPriorMinusLogPosterior}.
     */
    void forwardImportanceWeighted(ElboBuffers b, double[] logPriorMinusLogPosterior) {
        int n = b.meanView.length;
        java.util.Arrays.fill(logPriorMinusLogPosterior, 0, n / latentSize, 0);
        for (int i = 0; i < n; i++) {
            int j = i % latentSize;
            if (j >= freeSize) {
                clamp(b, i, j);
                continue;
            }
            double mu = b.meanView.get(i);
            double logVariance = b.logVarianceView.get(i);
            double variance = Math.exp(logVariance);
            double sigma = Math.sqrt(variance);
            double noise = b.noiseView.get(i);
            double z = mu + sigma * noise;
            b.variance[i] = variance;
            b.sigma[i] = sigma;
            b.zView.set(i, z);
            logPriorMinusLogPosterior[i / latentSize] += 0.5 * (noise * noise - z * z + logVariance);
        }
    }

    /**
     * Backward through the latent part of -log w for each row, weighted by {@code rowScale} (the
     * row's normalised importance weight over the number of examples): with dL/dz from the
     * decoder in {@code b.dLdz} (already scaled), dL/dz += s z (the prior term); dL/dmu = dL/dz;
     * dL/dlogVar = dL/dz * noise * sigma / 2 - s / 2 (z's path and q's log-determinant).
     */
    void backwardImportanceWeighted(ElboBuffers b, double[] rowScale) {
        int n = b.meanView.length;
        for (int i = 0; i < n; i++) {
            if (i % latentSize >= freeSize) {
                b.dLdMeanView.set(i, 0);
                b.dLdLogVarianceView.set(i, 0);
                continue;
            }
            double s = rowScale[i / latentSize];
            double dLdz = b.dLdzView.get(i) + s * b.zView.get(i);
            b.dLdMeanView.set(i, dLdz);
            b.dLdLogVarianceView.set(i, 0.5 * (dLdz * b.noiseView.get(i) * b.sigma[i] - s));
        }
    }
}
