package org.vae4j.eval.estimate;

import java.util.Objects;

import org.vae4j.eval.diagnostics.ActiveUnits;

/**
 * Result of a log-likelihood evaluation: the summary, per-example values, IWAE bounds, latent
 * diagnostics and provenance; for annealed importance sampling and BDMC also the sampler's details.
 *
 * <p>The same record for every estimator, so one writer and one file format serve them all. For
 * {@link Estimator#AIS} and {@link Estimator#BDMC} the "importance samples" are the AIS chains per
 * example (each chain ends in one importance weight), the log-likelihood is the AIS estimate (for
 * BDMC the forward, lower-bound one), the ELBO comes from the chains' initial draws from q(z|x)
 * (analytic KL), and there are no IWAE bounds ({@link IwaeBounds} with no k).
 *
 * @param summary                 the numbers to report
 * @param perExample              per-example log p(x), ELBO, effective sample size and flag
 * @param iwae                    IWAE-k bounds estimated from the same samples (none for AIS)
 * @param activeUnits             active units of q(z|x) over the evaluated data
 * @param klPerDimensionNats      mean KL(q(z_u|x) || N(0, 1)) per latent dimension, nats
 * @param provenance              model, versions, data and sampling settings
 * @param estimator               which estimator computed the numbers
 * @param annealing               AIS/BDMC settings and per-example details; null for importance sampling
 */
public record LogLikelihoodReport(LogLikelihoodSummary summary, PerExampleEstimates perExample, IwaeBounds iwae,
                                  ActiveUnits activeUnits, double[] klPerDimensionNats,
                                  EvaluationProvenance provenance, Estimator estimator, AnnealingDetails annealing) {

    public LogLikelihoodReport {
        Objects.requireNonNull(estimator, "estimator");
        if ((estimator == Estimator.IMPORTANCE_SAMPLING) != (annealing == null)) {
            throw new IllegalArgumentException("LogLikelihoodReport: annealing details belong to AIS and BDMC reports "
                    + "only, got " + estimator + " with " + (annealing == null ? "none" : "some"));
        }
        if (annealing != null && (annealing.upperBoundNats() != null) != (estimator == Estimator.BDMC)) {
            throw new IllegalArgumentException("LogLikelihoodReport: upper bounds belong to BDMC reports only");
        }
    }

    /** An importance-sampling report (the form before AIS existed). */
    public LogLikelihoodReport(LogLikelihoodSummary summary, PerExampleEstimates perExample, IwaeBounds iwae,
                               ActiveUnits activeUnits, double[] klPerDimensionNats, EvaluationProvenance provenance) {
        this(summary, perExample, iwae, activeUnits, klPerDimensionNats, provenance, Estimator.IMPORTANCE_SAMPLING,
                null);
    }
}
