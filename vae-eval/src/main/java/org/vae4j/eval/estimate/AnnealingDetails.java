package org.vae4j.eval.estimate;

/**
 * What an annealed importance sampling (AIS) or bidirectional Monte Carlo (BDMC) report adds to the
 * importance-sampling fields of a {@link LogLikelihoodReport}: the sampler's settings and, per
 * example, the spread across chains, the HMC acceptance and, for BDMC, the upper bound.
 *
 * @param steps                    T, intermediate distributions (weight updates) per chain
 * @param chains                   independent AIS chains per example (the report's "importance samples")
 * @param leapfrogSteps            leapfrog steps per HMC transition
 * @param initialDistribution      where the chains start: {@code q} (the encoder's q(z|x)) or {@code prior}
 * @param schedule                 the annealing schedule, e.g. {@code sigmoid(delta=4)}
 * @param targetAcceptance         HMC acceptance rate the per-example step size is adapted toward
 * @param gradientEvaluations      latent points at which log p(x|z) and its gradient were computed
 *                                 (decoder forward and backward passes, counted per row)
 * @param chainStandardErrorNats   per example: standard error of log p(x) across chains, nats
 *                                 (delta method: sqrt((C / ESS - 1) / (C - 1)); NaN for one chain)
 * @param acceptanceRate           per example: accepted / proposed HMC moves over all chains and steps
 *                                 (NaN when T = 1, which has no transitions)
 * @param finalStepSize            per example: the leapfrog step size after adaptation
 * @param upperBoundNats           BDMC only (else null), per example: reverse-AIS stochastic upper
 *                                 bound on log p(x), nats
 */
public record AnnealingDetails(int steps, int chains, int leapfrogSteps, String initialDistribution, String schedule,
                               double targetAcceptance, long gradientEvaluations, double[] chainStandardErrorNats,
                               double[] acceptanceRate, double[] finalStepSize, double[] upperBoundNats) {

    public AnnealingDetails {
        int n = chainStandardErrorNats.length;
        if (acceptanceRate.length != n || finalStepSize.length != n || (upperBoundNats != null && upperBoundNats.length != n)) {
            throw new IllegalArgumentException("AnnealingDetails: all per-example arrays need one value per example");
        }
    }

    /** Mean over examples of the per-example acceptance rates. */
    public double meanAcceptanceRate() {
        return MeanAndError.of(acceptanceRate).mean();
    }

    /** Mean over examples of the per-example standard errors across chains, nats. */
    public double meanChainStandardErrorNats() {
        return MeanAndError.of(chainStandardErrorNats).mean();
    }

    /** BDMC: mean upper bound and its standard error across examples, nats; null otherwise. */
    public MeanAndError upperBound() {
        return upperBoundNats == null ? null : MeanAndError.of(upperBoundNats);
    }

    /** BDMC: per example, upper bound minus the forward-AIS lower bound {@code lowerBoundNats}, nats. */
    public double[] gapNats(double[] lowerBoundNats) {
        if (upperBoundNats == null) {
            throw new IllegalStateException("Not a BDMC report: no upper bounds");
        }
        double[] gap = new double[upperBoundNats.length];
        for (int i = 0; i < gap.length; i++) {
            gap[i] = upperBoundNats[i] - lowerBoundNats[i];
        }
        return gap;
    }
}
