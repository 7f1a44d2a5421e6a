package org.vae4j.eval.diagnostics;

/**
 * Active latent units (Burda et al. 2015, section 5.2): unit u is active when
 * Cov_x(E_{q(z|x)}[z_u]), the variance across examples of the posterior mean, exceeds a threshold
 * (0.01 in the paper).
 *
 * @param posteriorMeanVariance variance across examples of E_q[z_u], per latent dimension
 * @param threshold             activity threshold
 * @param activeCount           number of dimensions above the threshold
 */
public record ActiveUnits(double[] posteriorMeanVariance, double threshold, int activeCount) {

    /** The threshold of Burda et al. 2015. */
    public static final double BURDA_THRESHOLD = 0.01;

    public static ActiveUnits of(double[] posteriorMeanVariance, double threshold) {
        int active = 0;
        for (double v : posteriorMeanVariance) {
            if (v > threshold) {
                active++;
            }
        }
        return new ActiveUnits(posteriorMeanVariance.clone(), threshold, active);
    }

    public boolean isActive(int unit) {
        return posteriorMeanVariance[unit] > threshold;
    }
}
