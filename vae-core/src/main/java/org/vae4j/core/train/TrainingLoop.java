package org.vae4j.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

import org.vae4j.core.model.ElboTotals;
import org.vae4j.core.model.TrainingSummary;
import org.vae4j.core.model.VaeModel;

/**
 * The training loop both trainers share: epochs of update units from an {@link EpochRunner}
 * (minibatch steps on one machine, averaging rounds on Spark), then per epoch the validation ELBO,
 * the listeners, checkpoints; divergence checks after every unit; the {@link TrainingSummary} at
 * the end. The state after every unit is exactly what a checkpoint stores, so a run resumed from
 * any checkpoint continues as the uninterrupted run would.
 */
public final class TrainingLoop implements TrainingControl {

    private final VaeModel model;
    private final TrainingOptions options;
    private final EpochRunner runner;
    private final Checkpoints checkpoints;
    private final Dl4jListeners dl4jListeners;
    private volatile TrainerState state;
    private volatile TrainingResult.StopReason stopReason;
    private int restoredEpoch = -1;
    private Path lastCheckpoint;

    public TrainingLoop(VaeModel model, TrainerState start, TrainingOptions options, EpochRunner runner) {
        this.model = model;
        this.state = start;
        this.options = options;
        this.runner = runner;
        this.checkpoints = options.checkpointDirectory() == null ? null
                : new Checkpoints(options.checkpointDirectory(), options.keepCheckpoints());
        this.dl4jListeners = dl4jListeners(model, options);
    }

    /** The DL4J listeners of a run: those on the model's network and those in the options. */
    static Dl4jListeners dl4jListeners(VaeModel model, TrainingOptions options) {
        return new Dl4jListeners(model.network(), model.layer(), options.dl4jListeners());
    }

    @Override
    public VaeModel model() {
        return model;
    }

    @Override
    public TrainerState state() {
        return state;
    }

    @Override
    public Path checkpointDirectory() {
        return options.checkpointDirectory();
    }

    @Override
    public void requestStop(TrainingResult.StopReason reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    @Override
    public void parametersRestoredFromEpoch(int epoch) {
        this.restoredEpoch = epoch;
    }

    /**
     * Trains until the configured epochs are complete or a listener or {@link #requestStop} stops it.
     *
     * @throws TrainingDivergedException when the loss or the parameters become NaN or infinite
     */
    public TrainingResult run() {
        long startNanos = System.nanoTime();
        double wallBefore = state.wallSeconds();
        stopReason = null;
        restoredEpoch = -1;
        options.listeners().forEach(l -> l.onStart(this));
        try {
            while (state.epoch() < options.epochs() && stopReason == null) {
                int epoch = state.epoch();
                long epochStart = System.nanoTime();
                long examplesAtStart = state.epochExamples();
                if (state.batchesDoneInEpoch() == 0) {
                    dl4jListeners.onEpochStart();
                }
                runner.runEpoch(epoch, state.batchesDoneInEpoch(), state.iteration(),
                        unit -> unitDone(unit, epoch, wallBefore, startNanos));
                if (stopReason != null) {
                    checkpointUnlessJustWritten();
                    break;
                }
                if (state.epochBatches() == 0) {
                    throw new IllegalArgumentException("The training data produced no minibatches in epoch " + epoch);
                }
                double epochSeconds = seconds(epochStart);
                EpochMetrics metrics = endOfEpochMetrics(epoch, (state.epochExamples() - examplesAtStart)
                        / Math.max(epochSeconds, 1e-9), wallBefore + seconds(startNanos));
                state = state.afterEpoch(metrics);
                model.setTrainingCounters(epoch + 1, state.iteration());
                options.listeners().forEach(l -> l.onEpochEnd(metrics, this));
                dl4jListeners.onEpochEnd();
                if (options.checkpointEveryEpochs() > 0 && (epoch + 1) % options.checkpointEveryEpochs() == 0) {
                    checkpoint();
                } else if (stopReason != null) {
                    checkpointUnlessJustWritten();
                }
            }
            TrainingResult.StopReason reason = stopReason != null ? stopReason : TrainingResult.StopReason.COMPLETED;
            options.listeners().forEach(l -> l.onEnd(reason, this));
            return finish(reason);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write checkpoint in " + options.checkpointDirectory(), e);
        }
    }

    private boolean unitDone(UnitResult unit, int epoch, double wallBefore, long startNanos) {
        long iteration = state.iteration() + unit.iterations();
        if (!Double.isFinite(unit.negativeElboSum())) {
            throw diverged("-ELBO = " + unit.meanNegativeElbo(), epoch, iteration);
        }
        state = state.afterUnit(unit, wallBefore + seconds(startNanos));
        model.setTrainingCounters(epoch, iteration);
        IterationEvent event = new IterationEvent(epoch, iteration, Math.toIntExact(unit.examples()),
                unit.meanNegativeElbo(), unit.learningRate());
        options.listeners().forEach(l -> l.onIteration(event, this));
        dl4jListeners.iterationDone(iteration, epoch, unit.meanNegativeElbo());
        int every = options.checkpointEveryIterations();
        if (every > 0 && iteration / every > (iteration - unit.iterations()) / every) {
            try {
                checkpoint();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write checkpoint in " + options.checkpointDirectory(), e);
            }
        }
        return stopReason == null;
    }

    private TrainingResult finish(TrainingResult.StopReason reason) {
        var history = state.history();
        EpochMetrics last = history.isEmpty() ? null : history.get(history.size() - 1);
        model.setTraining(new TrainingSummary(state.epoch(), state.iteration(), state.examplesSeen(),
                last == null ? Double.NaN : last.trainNegativeElbo(), state.bestValidationNegativeElbo(),
                state.wallSeconds()));
        return new TrainingResult(reason, history, lastCheckpoint, restoredEpoch);
    }

    private EpochMetrics endOfEpochMetrics(int epoch, double examplesPerSecond, double wall) {
        double trainLoss = state.epochLossSum() / state.epochBatches();
        if (options.validation() == null) {
            return new EpochMetrics(epoch, state.iteration(), state.examplesSeen(), trainLoss, Double.NaN, Double.NaN,
                    Double.NaN, examplesPerSecond, wall);
        }
        ElboTotals totals = options.validation().evaluate(model);
        return new EpochMetrics(epoch, state.iteration(), state.examplesSeen(), trainLoss, -totals.meanElbo(),
                totals.meanKl(), -totals.meanExpectedLogLikelihood(), examplesPerSecond, wall);
    }

    private void checkpoint() throws IOException {
        if (checkpoints == null) {
            return;
        }
        double parameterSum = model.layer().params().sumNumber().doubleValue();
        if (!Double.isFinite(parameterSum)) {
            throw diverged("parameters contain NaN or infinity", state.epoch(), state.iteration());
        }
        lastCheckpoint = checkpoints.write(model, state);
        Path written = lastCheckpoint;
        TrainerState at = state;
        options.listeners().forEach(l -> l.onCheckpoint(written, at));
    }

    private void checkpointUnlessJustWritten() throws IOException {
        if (checkpoints != null && (lastCheckpoint == null || !lastCheckpoint.equals(checkpoints.fileFor(state)))) {
            checkpoint();
        }
    }

    private TrainingDivergedException diverged(String what, int epoch, long iteration) {
        String keep = lastCheckpoint != null ? "The last good checkpoint is " + lastCheckpoint + "; resume from it "
                + "with a lower learning rate." : options.checkpointDirectory() != null
                ? "No checkpoint was written yet in " + options.checkpointDirectory() + "."
                : "No checkpoint directory was configured.";
        return new TrainingDivergedException(String.format(Locale.ROOT,
                "Training diverged in epoch %d at iteration %d: %s (learning rate %g there). %s", epoch, iteration,
                what, model.config().learningRate(Math.max(0, iteration - 1), epoch), keep));
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
