package org.vae4j.eval.estimate;

/**
 * What one estimator adds to the fields every {@link LogLikelihoodReport} has: importance
 * sampling its IWAE bounds, AIS its sampler's settings and per-example diagnostics, BDMC those of
 * its forward run and its upper bounds. A sealed type, so a reader switches on it and no report
 * carries empty or borrowed fields.
 */
public sealed interface EstimatorDetails permits ImportanceSamplingDetails, AnnealingDetails, BidirectionalDetails {

    /** Which estimator produced the report. */
    Estimator estimator();
}
