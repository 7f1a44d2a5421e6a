package org.vae4j.eval.estimate;

import org.vae4j.eval.diagnostics.ActiveUnits;

/**
 * Result of {@link ImportanceSampledLikelihood#evaluate}: the summary, per-example values, IWAE
 * bounds, latent diagnostics and provenance.
 *
 * @param summary                 the numbers to report
 * @param perExample              per-example log p(x), ELBO, effective sample size and flag
 * @param iwae                    IWAE-k bounds estimated from the same samples
 * @param activeUnits             active units of q(z|x) over the evaluated data
 * @param klPerDimensionNats      mean KL(q(z_u|x) || N(0, 1)) per latent dimension, nats
 * @param provenance              model, versions, data and sampling settings
 */
public record LogLikelihoodReport(LogLikelihoodSummary summary, PerExampleEstimates perExample, IwaeBounds iwae,
                                  ActiveUnits activeUnits, double[] klPerDimensionNats,
                                  EvaluationProvenance provenance) {
}
