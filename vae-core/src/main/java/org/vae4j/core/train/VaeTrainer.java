package org.vae4j.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.vae4j.core.model.VaeModel;

/**
 * Trains a {@link VaeModel} on one machine by minimising the negative ELBO: vae4j's
 * {@link TrainingLoop} around {@link ElboStep}s on the iterator's minibatches (see ElboStep for
 * why not DL4J's {@code pretrain}).
 *
 * <p>Offers vae4j listeners, DL4J listeners set on the network or given to the builder (called as
 * DL4J's {@code fit} calls them, see {@code dl4jListeners}), the validation ELBO per epoch, early
 * stopping on it and time budgets (listeners),
 * atomic checkpoints every N iterations and/or epochs, exact resume ({@link #resume(Path)}:
 * parameters, updater state, counters and noise continue as if never interrupted, provided the
 * training iterator is {@link EpochAware}) and a clear stop on NaN/Inf that leaves the last good
 * checkpoint in place. Options are frozen by {@link Builder#build()}. Close the trainer to free
 * its engine's buffers.
 */
public final class VaeTrainer implements AutoCloseable {

    private final VaeModel model;
    private final TrainingOptions options;
    private final TrainerState start;
    private TrainingLoop loop;
    private IteratorEpochRunner runner;

    private VaeTrainer(VaeModel model, TrainerState start, TrainingOptions options) {
        this.model = model;
        this.start = start;
        this.options = options;
    }

    /** A trainer for {@code model}, starting from its current parameters. */
    public static Builder builder(VaeModel model) {
        return new Builder(Objects.requireNonNull(model, "model"), TrainerState.initial(), null);
    }

    /**
     * A trainer that continues the run saved in {@code checkpoint} (a checkpoint file or a
     * directory holding checkpoints, newest used). Configure the same epochs, data and options
     * as the interrupted run.
     */
    public static Builder resume(Path checkpoint) throws IOException {
        Checkpoints.Restored restored = Checkpoints.load(checkpoint);
        return new Builder(restored.model(), restored.state(), checkpoint);
    }

    public VaeModel model() {
        return model;
    }

    /** The state after the last completed step. */
    public TrainerState state() {
        return loop == null ? start : loop.state();
    }

    /** Asks a running {@link #fit} to stop after the current step and write a checkpoint. Thread-safe. */
    public void requestStop() {
        TrainingLoop current = loop;
        if (current != null) {
            current.requestStop(TrainingResult.StopReason.STOP_REQUESTED);
        }
    }

    /**
     * Trains until the configured number of epochs is complete, a listener (early stopping, time
     * budget) stops it, or a stop is requested.
     *
     * @throws TrainingDivergedException when the loss or the parameters become NaN or infinite
     */
    public TrainingResult fit(DataSetIterator train) {
        Objects.requireNonNull(train, "train");
        close();
        runner = new IteratorEpochRunner(model, train, TrainingLoop.dl4jListeners(model, options));
        loop = new TrainingLoop(model, loop == null ? start : loop.state(), options, runner);
        return loop.run();
    }

    /** Frees the engine's buffers (the model is the caller's). */
    @Override
    public void close() {
        if (runner != null) {
            runner.close();
            runner = null;
        }
    }

    /** Options of a {@link VaeTrainer}; {@link #build()} validates and freezes them. */
    public static final class Builder extends TrainingOptions.Builder<Builder> {
        private final VaeModel model;
        private final TrainerState state;
        private final Path resumedFrom;

        private Builder(VaeModel model, TrainerState state, Path resumedFrom) {
            super("VaeTrainer");
            this.model = model;
            this.state = state;
            this.resumedFrom = resumedFrom;
        }

        /** The model the trainer will train (for a resumed run, the one restored from the checkpoint). */
        public VaeModel model() {
            return model;
        }

        public VaeTrainer build() {
            TrainingOptions options = options();
            if (resumedFrom != null && state.epoch() >= options.epochs()) {
                throw new IllegalArgumentException("VaeTrainer.epochs = " + options.epochs() + ": the checkpoint "
                        + resumedFrom + " already completed " + state.epoch() + " epochs; ask for more epochs to continue");
            }
            return new VaeTrainer(model, state, options);
        }
    }
}
