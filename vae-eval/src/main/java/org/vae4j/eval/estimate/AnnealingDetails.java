package org.vae4j.eval.estimate;

/**
 * What annealed importance sampling (AIS) adds to a {@link LogLikelihoodReport}: the sampler's
 * settings and, per example, the spread across chains and the HMC acceptance. Bidirectional Monte
 * Carlo reports them for its forward run ({@link BidirectionalDetails}).
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
 */
public record AnnealingDetails(int steps, int chains, int leapfrogSteps, String initialDistribution, String schedule,
                               double targetAcceptance, long gradientEvaluations, double[] chainStandardErrorNats,
                               double[] acceptanceRate, double[] finalStepSize) implements EstimatorDetails {

    public AnnealingDetails {
        int n = chainStandardErrorNats.length;
        if (acceptanceRate.length != n || finalStepSize.length != n) {
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

    @Override
    public Estimator estimator() {
        return Estimator.AIS;
    }
}
