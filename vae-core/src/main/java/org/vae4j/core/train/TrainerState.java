package org.vae4j.core.train;

import java.util.List;

/**
 * Everything besides parameters and updater state that a resumed run needs to continue exactly
 * where an uninterrupted run would be. Stored as JSON in every checkpoint.
 *
 * @param epoch                     epoch in progress (0-based)
 * @param batchesDoneInEpoch        minibatches of {@code epoch} already trained on
 * @param iteration                 parameter updates so far
 * @param examplesSeen              training examples processed so far
 * @param epochLossSum              sum of minibatch -ELBO in the current epoch so far
 * @param epochBatches              minibatches in that sum
 * @param epochExamples             examples in the current epoch so far
 * @param bestValidationNegativeElbo best validation -ELBO so far (NaN if none)
 * @param epochsWithoutImprovement  epochs since the best validation -ELBO
 * @param wallSeconds               training wall time so far
 * @param history                   metrics of every completed epoch
 */
public record TrainerState(int epoch, int batchesDoneInEpoch, long iteration, long examplesSeen,
                           double epochLossSum, long epochBatches, long epochExamples,
                           double bestValidationNegativeElbo, int epochsWithoutImprovement, double wallSeconds,
                           List<EpochMetrics> history) {

    public TrainerState {
        history = List.copyOf(history);
    }

    public static TrainerState initial() {
        return new TrainerState(0, 0, 0, 0, 0, 0, 0, Double.NaN, 0, 0, List.of());
    }
}
