package org.vae4j.core.model;

/**
 * Running sums of per-example ELBO terms over many minibatches, for means over a whole data set
 * (validation metrics of the single-machine and the Spark trainer). Nats.
 */
public final class ElboTotals {

    private double elbo;
    private double kl;
    private double expectedLogLikelihood;
    private long examples;

    /** Adds every example of {@code breakdown}. */
    public ElboTotals add(ElboBreakdown breakdown) {
        for (int i = 0; i < breakdown.examples(); i++) {
            elbo += breakdown.elbo(i);
            kl += breakdown.kl()[i];
            expectedLogLikelihood += breakdown.expectedLogLikelihood()[i];
        }
        examples += breakdown.examples();
        return this;
    }

    public long examples() {
        return examples;
    }

    /** Mean ELBO per example (NaN when empty). */
    public double meanElbo() {
        return elbo / examples;
    }

    /** Mean KL(q(z|x) || p(z)) per example. */
    public double meanKl() {
        return kl / examples;
    }

    /** Mean E_q[log p(x|z)] per example. */
    public double meanExpectedLogLikelihood() {
        return expectedLogLikelihood / examples;
    }
}
