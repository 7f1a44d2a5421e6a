package org.vae4j.eval.estimate;

import java.util.Objects;

import org.vae4j.eval.diagnostics.ActiveUnits;

/**
 * Result of a log-likelihood evaluation by any {@link LogLikelihoodEstimator}: the summary,
 * per-example values, latent diagnostics and provenance, which every estimator fills the same way,
 * and the estimator's own {@link EstimatorDetails}. One record for every estimator, so one writer
 * and one file format serve them all.
 *
 * <p>For AIS and BDMC the summary's "importance samples" are the chains per example (each chain
 * ends in one importance weight), the log-likelihood is the AIS estimate (for BDMC the forward,
 * lower-bound one), and the ELBO comes from the chains' initial draws from q(z|x) (analytic KL).
 *
 * @param summary            the numbers to report
 * @param perExample         per-example log p(x), ELBO, effective sample size and flag
 * @param activeUnits        active units of q(z|x) over the evaluated data
 * @param klPerDimensionNats mean KL(q(z_u|x) || N(0, 1)) per latent dimension, nats
 * @param provenance         model, versions, data and sampling settings
 * @param details            which estimator computed the numbers, and what it adds
 */
public record LogLikelihoodReport(LogLikelihoodSummary summary, PerExampleEstimates perExample,
                                  ActiveUnits activeUnits, double[] klPerDimensionNats,
                                  EvaluationProvenance provenance, EstimatorDetails details) {

    public LogLikelihoodReport {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(perExample, "perExample");
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(details, "details");
    }

    /** Which estimator computed the numbers. */
    public Estimator estimator() {
        return details.estimator();
    }
}
