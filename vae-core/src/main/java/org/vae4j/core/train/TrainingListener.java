package org.vae4j.core.train;

import java.nio.file.Path;

/**
 * Callbacks from vae4j's training loop ({@link VaeTrainer}, and the Spark trainer on the driver);
 * every method has an empty default. The two-argument forms also get a {@link TrainingControl},
 * through which a listener can stop training (early stopping and time budgets are listeners).
 * DL4J's own {@code TrainingListener}s set on the network are called as well (see
 * {@link VaeTrainer}).
 */
public interface TrainingListener {

    /** Before the first update of a {@code fit} call (also of a resumed one). */
    default void onStart(TrainingControl control) {
    }

    default void onIteration(IterationEvent event) {
    }

    default void onIteration(IterationEvent event, TrainingControl control) {
        onIteration(event);
    }

    default void onEpochEnd(EpochMetrics metrics) {
    }

    default void onEpochEnd(EpochMetrics metrics, TrainingControl control) {
        onEpochEnd(metrics);
    }

    default void onCheckpoint(Path checkpoint, TrainerState state) {
    }

    /** After the last update, before the result is returned; the model may still be changed here. */
    default void onEnd(TrainingResult.StopReason reason, TrainingControl control) {
    }
}
