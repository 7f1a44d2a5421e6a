package org.vae4j.core.model;

import java.util.Arrays;

/**
 * Per-example evidence lower bound split into its two terms, in nats summed over dimensions:
 * ELBO = E_q[log p(x|z)] - KL(q(z|x) || p(z)). The expectation is a Monte Carlo mean over
 * {@code samples} draws of z; the KL is analytic.
 *
 * @param expectedLogLikelihood E_q[log p(x|z)] per example (nats)
 * @param kl                    KL(q(z|x) || N(0, I)) per example (nats)
 * @param samples               draws of z per example behind the expectation
 */
public record ElboBreakdown(double[] expectedLogLikelihood, double[] kl, int samples) {

    public ElboBreakdown {
        if (expectedLogLikelihood.length != kl.length) {
            throw new IllegalArgumentException("expectedLogLikelihood has " + expectedLogLikelihood.length
                    + " examples but kl has " + kl.length);
        }
    }

    public int examples() {
        return kl.length;
    }

    /** ELBO of example {@code i} in nats. */
    public double elbo(int i) {
        return expectedLogLikelihood[i] - kl[i];
    }

    /** Mean ELBO per example in nats. */
    public double meanElbo() {
        return meanExpectedLogLikelihood() - meanKl();
    }

    public double meanExpectedLogLikelihood() {
        return Arrays.stream(expectedLogLikelihood).average().orElse(Double.NaN);
    }

    public double meanKl() {
        return Arrays.stream(kl).average().orElse(Double.NaN);
    }
}
