package org.vae4j.eval.estimate;

import java.util.Objects;

/**
 * What importance sampling adds to a {@link LogLikelihoodReport}.
 *
 * @param importanceSamples k, samples of z ~ q(z|x) per example
 * @param iwae              IWAE-k bounds estimated from the same samples
 */
public record ImportanceSamplingDetails(int importanceSamples, IwaeBounds iwae) implements EstimatorDetails {

    public ImportanceSamplingDetails {
        Objects.requireNonNull(iwae, "iwae");
        if (importanceSamples < 1) {
            throw new IllegalArgumentException("ImportanceSamplingDetails: importanceSamples must be >= 1");
        }
    }

    @Override
    public Estimator estimator() {
        return Estimator.IMPORTANCE_SAMPLING;
    }
}
