package org.vae4j.core.train;

import java.nio.file.Path;

import org.vae4j.core.model.VaeModel;

/** What a {@link TrainingListener} may see of, and do to, a running training loop. */
public interface TrainingControl {

    VaeModel model();

    /** The state after the last completed update (or epoch). */
    TrainerState state();

    /** Where checkpoints go, or null when none are written. */
    Path checkpointDirectory();

    /**
     * Stops training after the current update (or, from {@code onEpochEnd}, before the next epoch)
     * with {@code reason}; the first request wins. A checkpoint is written if checkpoints are on.
     */
    void requestStop(TrainingResult.StopReason reason);

    /** Records that the model now holds the parameters of {@code epoch} (e.g. restored best), for the result. */
    void parametersRestoredFromEpoch(int epoch);
}
