package org.vae4j.core.train;

import java.nio.file.Path;

/** Callbacks from {@link VaeTrainer}; every method has an empty default. */
public interface TrainingListener {

    default void onIteration(IterationEvent event) {
    }

    default void onEpochEnd(EpochMetrics metrics) {
    }

    default void onCheckpoint(Path checkpoint, TrainerState state) {
    }
}
