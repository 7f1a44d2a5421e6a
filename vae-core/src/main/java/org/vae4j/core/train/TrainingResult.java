package org.vae4j.core.train;

import java.nio.file.Path;
import java.util.List;

/**
 * How a {@link VaeTrainer#fit} call ended.
 *
 * @param stopReason      why training stopped
 * @param history         metrics of every completed epoch (including those before a resume)
 * @param lastCheckpoint  the newest checkpoint written, or null
 * @param restoredEpoch   epoch whose parameters the model holds after early stopping with
 *                        restore-best, or -1 when the model holds the last parameters
 */
public record TrainingResult(StopReason stopReason, List<EpochMetrics> history, Path lastCheckpoint,
                             int restoredEpoch) {

    public enum StopReason {
        /** All requested epochs completed. */
        COMPLETED,
        /** Validation -ELBO stopped improving for {@code patience} epochs. */
        EARLY_STOPPED,
        /** {@link VaeTrainer#requestStop()} was called (e.g. Ctrl-C); a checkpoint was written. */
        STOP_REQUESTED,
        /** A time budget ({@link TimeBudget}) ran out; a checkpoint was written, resume continues. */
        BUDGET_EXHAUSTED
    }

    public TrainingResult {
        history = List.copyOf(history);
    }

    /** The last epoch's metrics, or null if no epoch completed. */
    public EpochMetrics lastEpoch() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }
}
