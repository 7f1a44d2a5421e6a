package org.vae4j.core.model;

/**
 * What training a model went through, stored inside saved models.
 *
 * @param epochs                     completed epochs
 * @param iterations                 parameter updates
 * @param examplesSeen               training examples processed (counting repeats)
 * @param finalTrainNegativeElbo     mean -ELBO per example over the last epoch (nats), NaN if none
 * @param bestValidationNegativeElbo best mean validation -ELBO per example (nats), NaN if none
 * @param wallSeconds                training wall time
 */
public record TrainingSummary(int epochs, long iterations, long examplesSeen, double finalTrainNegativeElbo,
                              double bestValidationNegativeElbo, double wallSeconds) {

    public static TrainingSummary untrained() {
        return new TrainingSummary(0, 0, 0, Double.NaN, Double.NaN, 0);
    }
}
