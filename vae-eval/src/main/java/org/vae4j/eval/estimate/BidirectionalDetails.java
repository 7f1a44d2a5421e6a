package org.vae4j.eval.estimate;

import java.util.Objects;

/**
 * What bidirectional Monte Carlo adds to a {@link LogLikelihoodReport}: the forward AIS run (whose
 * estimate, a stochastic lower bound, is the report's log-likelihood) and, per example, the reverse
 * run's stochastic upper bound.
 *
 * @param forward        the forward AIS run's settings and per-example diagnostics
 * @param upperBoundNats per example: reverse-AIS stochastic upper bound on log p(x), nats
 */
public record BidirectionalDetails(AnnealingDetails forward, double[] upperBoundNats) implements EstimatorDetails {

    public BidirectionalDetails {
        Objects.requireNonNull(forward, "forward");
        if (upperBoundNats.length != forward.acceptanceRate().length) {
            throw new IllegalArgumentException("BidirectionalDetails: one upper bound per example");
        }
    }

    @Override
    public Estimator estimator() {
        return Estimator.BDMC;
    }

    /** Mean upper bound and its standard error across examples, nats. */
    public MeanAndError upperBound() {
        return MeanAndError.of(upperBoundNats);
    }

    /** Per example, upper bound minus the forward-AIS lower bound {@code lowerBoundNats}, nats. */
    public double[] gapNats(double[] lowerBoundNats) {
        double[] gap = new double[upperBoundNats.length];
        for (int i = 0; i < gap.length; i++) {
            gap[i] = upperBoundNats[i] - lowerBoundNats[i];
        }
        return gap;
    }
}
