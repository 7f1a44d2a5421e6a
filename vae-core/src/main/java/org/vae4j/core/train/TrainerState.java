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

    /** After one more update unit of the current epoch (a minibatch step, or a Spark averaging round). */
    TrainerState afterUnit(UnitResult unit, double wallSecondsNow) {
        return new TrainerState(epoch, batchesDoneInEpoch + 1, iteration + unit.iterations(),
                examplesSeen + unit.examples(), epochLossSum + unit.negativeElboSum(), epochBatches + unit.minibatches(),
                epochExamples + unit.examples(), bestValidationNegativeElbo, epochsWithoutImprovement, wallSecondsNow,
                history);
    }

    /**
     * At the start of the next epoch, with {@code metrics} appended to the history; the best
     * validation -ELBO and the epochs since it are updated (NaN validation changes neither best).
     */
    TrainerState afterEpoch(EpochMetrics metrics) {
        List<EpochMetrics> longer = new java.util.ArrayList<>(history);
        longer.add(metrics);
        double value = metrics.validationNegativeElbo();
        boolean improved = !Double.isNaN(value)
                && (Double.isNaN(bestValidationNegativeElbo) || value < bestValidationNegativeElbo);
        return new TrainerState(epoch + 1, 0, iteration, examplesSeen, 0, 0, 0,
                improved ? value : bestValidationNegativeElbo, improved ? 0 : epochsWithoutImprovement + 1,
                metrics.wallSeconds(), longer);
    }
}
