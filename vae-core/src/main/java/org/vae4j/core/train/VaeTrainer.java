package org.vae4j.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.vae4j.core.model.ElboTotals;
import org.vae4j.core.model.TrainingSummary;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.model.VaeModelFiles;

/**
 * Trains a {@link VaeModel} by minimising the negative ELBO: vae4j's own epoch loop around DL4J's
 * VariationalAutoencoder layer (see {@link ElboStep} for why not {@code pretrain}).
 *
 * <p>Offers listeners, validation ELBO per epoch, early stopping on it, atomic checkpoints every
 * N iterations and/or epochs, exact resume ({@link #resume(Path)}: parameters, updater state,
 * counters and noise continue as if never interrupted, provided the training iterator is
 * {@link EpochAware}) and a clear stop on NaN/Inf that leaves the last good checkpoint in place.
 */
public final class VaeTrainer {

    private final VaeModel model;
    private final Builder options;
    private final ElboStep step;
    private TrainerState state;
    private INDArray bestParameters;
    private volatile boolean stopRequested;

    private VaeTrainer(Builder builder) {
        this.model = builder.model;
        this.options = builder;
        this.state = builder.state;
        this.step = new ElboStep(model);
    }

    /** A trainer for {@code model}, starting from its current parameters. */
    public static Builder builder(VaeModel model) {
        return new Builder(Objects.requireNonNull(model, "model"), TrainerState.initial());
    }

    /**
     * A trainer that continues the run saved in {@code checkpoint} (a checkpoint file or a
     * directory holding checkpoints, newest used). Configure the same epochs, data and options
     * as the interrupted run.
     */
    public static Builder resume(Path checkpoint) throws IOException {
        Checkpoints.Restored restored = Checkpoints.load(checkpoint);
        Builder builder = new Builder(restored.model(), restored.state());
        builder.resumedFrom = checkpoint;
        return builder;
    }

    public VaeModel model() {
        return model;
    }

    /** The state after the last completed step. */
    public TrainerState state() {
        return state;
    }

    /** Asks a running {@link #fit} to stop after the current step and write a checkpoint. Thread-safe. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Trains until the configured number of epochs is complete, early stopping triggers, or a
     * stop is requested.
     *
     * @throws TrainingDivergedException when the loss or the parameters become NaN or infinite
     */
    public TrainingResult fit(DataSetIterator train) {
        Objects.requireNonNull(train, "train");
        long startNanos = System.nanoTime();
        double wallBefore = state.wallSeconds();
        Path lastCheckpoint = null;
        List<EpochMetrics> history = new ArrayList<>(state.history());
        try {
            for (int epoch = state.epoch(); epoch < options.epochs; epoch++) {
                long epochStart = System.nanoTime();
                startEpoch(train, epoch);
                skipBatches(train, state.batchesDoneInEpoch(), epoch);
                double lossSum = state.epochLossSum();
                long batches = state.epochBatches();
                long epochExamples = state.epochExamples();
                long examplesAtResume = epochExamples;
                while (train.hasNext()) {
                    DataSet batch = train.next();
                    INDArray x = features(batch);
                    double loss = step.apply(x, state.iteration(), epoch);
                    releaseIfOwn(train, batch);
                    long iteration = state.iteration() + 1;
                    if (!Double.isFinite(loss)) {
                        throw diverged("-ELBO = " + loss, epoch, iteration, lastCheckpoint);
                    }
                    lossSum += loss;
                    batches++;
                    epochExamples += x.rows();
                    state = new TrainerState(epoch, state.batchesDoneInEpoch() + 1, iteration,
                            state.examplesSeen() + x.rows(), lossSum, batches, epochExamples,
                            state.bestValidationNegativeElbo(), state.epochsWithoutImprovement(),
                            wallBefore + seconds(startNanos), history);
                    model.setTrainingCounters(epoch, iteration);
                    IterationEvent event = new IterationEvent(epoch, iteration, (int) x.rows(), loss);
                    options.listeners.forEach(l -> l.onIteration(event));
                    if (options.checkpointEveryIterations > 0 && iteration % options.checkpointEveryIterations == 0) {
                        lastCheckpoint = checkpoint(epoch, iteration, lastCheckpoint);
                    }
                    if (stopRequested) {
                        lastCheckpoint = checkpointIfConfigured(epoch, iteration, lastCheckpoint);
                        return finish(TrainingResult.StopReason.STOP_REQUESTED, history, lastCheckpoint, -1);
                    }
                }
                if (batches == 0) {
                    throw new IllegalArgumentException("The training iterator produced no minibatches in epoch " + epoch);
                }
                double epochSeconds = seconds(epochStart);
                EpochMetrics metrics = endOfEpochMetrics(epoch, lossSum / batches,
                        (epochExamples - examplesAtResume) / Math.max(epochSeconds, 1e-9),
                        wallBefore + seconds(startNanos));
                history.add(metrics);
                boolean improved = updateBest(metrics);
                int without = improved ? 0 : state.epochsWithoutImprovement() + 1;
                double best = improved ? metrics.validationNegativeElbo() : state.bestValidationNegativeElbo();
                state = new TrainerState(epoch + 1, 0, state.iteration(), state.examplesSeen(), 0, 0, 0, best,
                        without, metrics.wallSeconds(), history);
                model.setTrainingCounters(epoch + 1, state.iteration());
                options.listeners.forEach(l -> l.onEpochEnd(metrics));
                if (options.checkpointEveryEpochs > 0 && (epoch + 1) % options.checkpointEveryEpochs == 0) {
                    lastCheckpoint = checkpoint(epoch + 1, state.iteration(), lastCheckpoint);
                }
                if (options.patience > 0 && without >= options.patience) {
                    int restored = restoreBestIfAsked(history);
                    return finish(TrainingResult.StopReason.EARLY_STOPPED, history, lastCheckpoint, restored);
                }
                if (stopRequested) {
                    return finish(TrainingResult.StopReason.STOP_REQUESTED, history, lastCheckpoint, -1);
                }
            }
            int restored = options.patience > 0 ? restoreBestIfAsked(history) : -1;
            return finish(TrainingResult.StopReason.COMPLETED, history, lastCheckpoint, restored);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write checkpoint in " + options.checkpointDirectory, e);
        }
    }

    private TrainingResult finish(TrainingResult.StopReason reason, List<EpochMetrics> history, Path lastCheckpoint,
                                  int restoredEpoch) {
        EpochMetrics last = history.isEmpty() ? null : history.get(history.size() - 1);
        model.setTraining(new TrainingSummary(state.epoch(), state.iteration(), state.examplesSeen(),
                last == null ? Double.NaN : last.trainNegativeElbo(), state.bestValidationNegativeElbo(),
                state.wallSeconds()));
        return new TrainingResult(reason, history, lastCheckpoint, restoredEpoch);
    }

    private EpochMetrics endOfEpochMetrics(int epoch, double trainLoss, double examplesPerSecond, double wall) {
        double validationElbo = Double.NaN;
        double validationKl = Double.NaN;
        double validationNll = Double.NaN;
        if (options.validation != null) {
            ElboTotals totals = validationTotals();
            validationElbo = -totals.meanElbo();
            validationKl = totals.meanKl();
            validationNll = -totals.meanExpectedLogLikelihood();
        }
        return new EpochMetrics(epoch, state.iteration(), state.examplesSeen(), trainLoss, validationElbo,
                validationKl, validationNll, examplesPerSecond, wall);
    }

    /** Validation ELBO with a fixed noise seed per batch, so epochs are compared on equal terms. */
    private ElboTotals validationTotals() {
        DataSetIterator validation = options.validation;
        startEpoch(validation, 0);
        ElboTotals totals = new ElboTotals();
        int batch = 0;
        while (validation.hasNext()) {
            totals.add(model.elbo(features(validation.next()), 1, options.validationSeed + batch++));
        }
        if (totals.examples() == 0) {
            throw new IllegalArgumentException("The validation iterator produced no examples");
        }
        return totals;
    }

    private boolean updateBest(EpochMetrics metrics) throws IOException {
        double value = metrics.validationNegativeElbo();
        if (Double.isNaN(value)) {
            return false;
        }
        double best = state.bestValidationNegativeElbo();
        boolean improved = Double.isNaN(best) || value < best - options.minDeltaNats;
        if (improved && options.restoreBest && options.patience > 0) {
            bestParameters = model.parametersCopy();
            if (options.checkpointDirectory != null) {
                VaeModelFiles.save(model, options.checkpointDirectory.resolve(BEST_FILE), false);
            }
        }
        return improved;
    }

    /** File in the checkpoint directory holding the parameters with the best validation -ELBO. */
    public static final String BEST_FILE = "best.zip";

    private int restoreBestIfAsked(List<EpochMetrics> history) throws IOException {
        if (!options.restoreBest) {
            return -1;
        }
        if (bestParameters == null && options.checkpointDirectory != null
                && java.nio.file.Files.exists(options.checkpointDirectory.resolve(BEST_FILE))) {
            bestParameters = VaeModelFiles.load(options.checkpointDirectory.resolve(BEST_FILE)).parametersCopy();
        }
        if (bestParameters == null) {
            return -1;
        }
        model.layer().setParams(bestParameters);
        int bestEpoch = -1;
        for (EpochMetrics m : history) {
            if (m.validationNegativeElbo() == state.bestValidationNegativeElbo()) {
                bestEpoch = m.epoch();
            }
        }
        return bestEpoch;
    }

    private Path checkpoint(int epoch, long iteration, Path lastGood) throws IOException {
        if (options.checkpointDirectory == null) {
            return lastGood;
        }
        double parameterSum = model.layer().params().sumNumber().doubleValue();
        if (!Double.isFinite(parameterSum)) {
            throw diverged("parameters contain NaN or infinity", epoch, iteration, lastGood);
        }
        Path file = options.checkpoints.write(model, state);
        options.listeners.forEach(l -> l.onCheckpoint(file, state));
        return file;
    }

    private Path checkpointIfConfigured(int epoch, long iteration, Path lastGood) throws IOException {
        return options.checkpointDirectory == null ? lastGood : checkpoint(epoch, iteration, lastGood);
    }

    private TrainingDivergedException diverged(String what, int epoch, long iteration, Path lastGood) {
        String keep = lastGood != null ? "The last good checkpoint is " + lastGood + "; resume from it with a "
                + "lower learning rate." : options.checkpointDirectory != null
                ? "No checkpoint was written yet in " + options.checkpointDirectory + "."
                : "No checkpoint directory was configured.";
        return new TrainingDivergedException("Training diverged in epoch " + epoch + " at iteration " + iteration
                + ": " + what + " (learning rate " + model.config().learningRate() + "). " + keep);
    }

    /**
     * vae4j's own iterators build new arrays for every minibatch and keep no reference to them:
     * freeing them right after the step keeps off-heap memory flat. Otherwise ~190 MB of such
     * garbage per MNIST epoch waits for a Java GC, which a mostly idle heap rarely needs, and peak
     * RSS climbs to JavaCPP's maxphysicalbytes (measured: 1.57 GB with 1500m). Arrays of other
     * iterators may be reused by them and are left alone.
     */
    private static void releaseIfOwn(DataSetIterator source, DataSet batch) {
        if (source instanceof EpochOrderedIterator) {
            release(batch.getFeatures());
            release(batch.getLabels());
        }
    }

    private static void release(INDArray array) {
        if (array != null && array.closeable()) {
            array.close();
        }
    }

    private INDArray features(DataSet batch) {
        INDArray x = batch.getFeatures();
        if (x.rank() != 2) {
            x = x.reshape(x.size(0), x.length() / x.size(0));
        }
        if (x.columns() != model.config().inputSize()) {
            throw new IllegalArgumentException("A minibatch has shape " + Arrays.toString(batch.getFeatures().shape())
                    + " (" + x.columns() + " features per example) but the model's inputSize is "
                    + model.config().inputSize());
        }
        return x;
    }

    private static void startEpoch(DataSetIterator iterator, int epoch) {
        if (iterator instanceof EpochAware epochAware) {
            epochAware.startEpoch(epoch);
        } else if (iterator.resetSupported()) {
            iterator.reset();
        } else if (!iterator.hasNext()) {
            throw new IllegalArgumentException("The iterator is exhausted and does not support reset(); "
                    + "cannot start epoch " + epoch);
        }
    }

    private static void skipBatches(DataSetIterator iterator, int batches, int epoch) {
        for (int i = 0; i < batches; i++) {
            if (!iterator.hasNext()) {
                throw new IllegalStateException("Cannot resume epoch " + epoch + " after " + batches
                        + " minibatches: the iterator has only " + i);
            }
            iterator.next();
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    /** Options of a {@link VaeTrainer}; {@link #build()} validates them. */
    public static final class Builder {
        private final VaeModel model;
        private final TrainerState state;
        private Path resumedFrom;
        private int epochs = 1;
        private DataSetIterator validation;
        private long validationSeed = 1234;
        private int patience;
        private double minDeltaNats;
        private boolean restoreBest = true;
        private Path checkpointDirectory;
        private Checkpoints checkpoints;
        private int checkpointEveryIterations;
        private int checkpointEveryEpochs = 1;
        private int keepCheckpoints = 3;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder(VaeModel model, TrainerState state) {
            this.model = model;
            this.state = state;
        }

        /** Total epochs of the run (a resumed run counts the epochs already done). */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Data for the validation ELBO after each epoch. */
        public Builder validation(DataSetIterator validation) {
            this.validation = validation;
            return this;
        }

        /** Seed of the validation ELBO's noise (fixed, so epochs are comparable). */
        public Builder validationSeed(long seed) {
            this.validationSeed = seed;
            return this;
        }

        /**
         * Stop when the validation -ELBO has not improved by more than {@code minDeltaNats} for
         * {@code patience} epochs; with {@code restoreBest} the best parameters are put back.
         */
        public Builder earlyStopping(int patience, double minDeltaNats, boolean restoreBest) {
            this.patience = patience;
            this.minDeltaNats = minDeltaNats;
            this.restoreBest = restoreBest;
            return this;
        }

        /** Write checkpoints into {@code directory}. */
        public Builder checkpointDirectory(Path directory) {
            this.checkpointDirectory = directory;
            return this;
        }

        /** Checkpoint every N iterations (0 = never by iteration). */
        public Builder checkpointEveryIterations(int iterations) {
            this.checkpointEveryIterations = iterations;
            return this;
        }

        /** Checkpoint every N epochs (0 = never by epoch; default 1). */
        public Builder checkpointEveryEpochs(int epochs) {
            this.checkpointEveryEpochs = epochs;
            return this;
        }

        /** How many checkpoint files to keep (default 3). */
        public Builder keepCheckpoints(int keep) {
            this.keepCheckpoints = keep;
            return this;
        }

        public Builder listener(TrainingListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public VaeTrainer build() {
            requireAtLeast("epochs", epochs, 1);
            requireAtLeast("patience", patience, 0);
            requireAtLeast("checkpointEveryIterations", checkpointEveryIterations, 0);
            requireAtLeast("checkpointEveryEpochs", checkpointEveryEpochs, 0);
            requireAtLeast("keepCheckpoints", keepCheckpoints, 1);
            if (!(minDeltaNats >= 0)) {
                throw new IllegalArgumentException("VaeTrainer.minDeltaNats = " + minDeltaNats + ": must be >= 0");
            }
            if (patience > 0 && validation == null) {
                throw new IllegalArgumentException("VaeTrainer.patience = " + patience
                        + ": early stopping needs validation data (call validation(iterator))");
            }
            if (resumedFrom != null && state.epoch() >= epochs) {
                throw new IllegalArgumentException("VaeTrainer.epochs = " + epochs + ": the checkpoint " + resumedFrom
                        + " already completed " + state.epoch() + " epochs; ask for more epochs to continue");
            }
            if (checkpointDirectory != null) {
                checkpoints = new Checkpoints(checkpointDirectory, keepCheckpoints);
            }
            return new VaeTrainer(this);
        }

        private static void requireAtLeast(String field, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException("VaeTrainer." + field + " = " + value + ": must be >= " + min);
            }
        }
    }
}
