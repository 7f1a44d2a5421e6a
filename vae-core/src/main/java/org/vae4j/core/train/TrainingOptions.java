package org.vae4j.core.train;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The options of one training run that every trainer shares, frozen when the trainer is built.
 *
 * @param epochs                    total epochs of the run (a resumed run counts those already done)
 * @param validation                the validation ELBO after each epoch, or null
 * @param checkpointDirectory       where checkpoints go, or null for none
 * @param checkpointEveryIterations checkpoint when the iteration count passes a multiple of this (0 = never)
 * @param checkpointEveryEpochs     checkpoint after every N-th epoch (0 = never)
 * @param keepCheckpoints           newest checkpoint files kept
 * @param listeners                 vae4j listeners (early stopping and time budgets among them), in order
 * @param dl4jListeners             DL4J listeners called besides those set on the network
 */
public record TrainingOptions(int epochs, ValidationElbo validation, Path checkpointDirectory,
                              int checkpointEveryIterations, int checkpointEveryEpochs, int keepCheckpoints,
                              List<TrainingListener> listeners,
                              List<org.deeplearning4j.optimize.api.TrainingListener> dl4jListeners) {

    public TrainingOptions {
        listeners = List.copyOf(listeners);
        dl4jListeners = List.copyOf(dl4jListeners);
    }

    /**
     * The options' builder, in DL4J's fluent style; each trainer's builder extends it with its
     * own options. {@link #options()} validates and freezes them.
     *
     * @param <B> the concrete builder, returned by every setter
     */
    public abstract static class Builder<B extends Builder<B>> {
        private final String owner;
        private int epochs = 1;
        private DataSetIterator validationIterator;
        private INDArray validationArray;
        private int validationBatchSize = 500;
        private long validationSeed = 1234;
        private EarlyStopping earlyStopping;
        private Path checkpointDirectory;
        private int checkpointEveryIterations;
        private int checkpointEveryEpochs = 1;
        private int keepCheckpoints = 3;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private final List<org.deeplearning4j.optimize.api.TrainingListener> dl4jListeners = new ArrayList<>();

        /** @param owner the trainer's name, for error messages ("VaeTrainer") */
        protected Builder(String owner) {
            this.owner = owner;
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** Total epochs of the run (a resumed run counts the epochs already done). */
        public B epochs(int epochs) {
            this.epochs = epochs;
            return self();
        }

        /** Data for the validation ELBO after each epoch. */
        public B validation(DataSetIterator validation) {
            this.validationIterator = validation;
            this.validationArray = null;
            return self();
        }

        /** Validation examples [examples, inputSize], scored in minibatches of {@code batchSize} (default 500). */
        public B validation(INDArray validation, int batchSize) {
            this.validationArray = validation;
            this.validationIterator = null;
            this.validationBatchSize = batchSize;
            return self();
        }

        /** Seed of the validation ELBO's noise (fixed, so epochs are comparable; default 1234). */
        public B validationSeed(long seed) {
            this.validationSeed = seed;
            return self();
        }

        /** Early stopping on the validation -ELBO (see {@link EarlyStopping}); needs validation data. */
        public B earlyStopping(int patience, double minDeltaNats, boolean restoreBest) {
            this.earlyStopping = new EarlyStopping(patience, minDeltaNats, restoreBest);
            return self();
        }

        /** Stop (resumably) after this much wall-clock time (see {@link TimeBudget}). */
        public B timeBudget(Duration budget) {
            return listener(new TimeBudget(budget));
        }

        /** Write checkpoints into {@code directory}. */
        public B checkpointDirectory(Path directory) {
            this.checkpointDirectory = directory;
            return self();
        }

        /** Checkpoint every N iterations (0 = never by iteration). */
        public B checkpointEveryIterations(int iterations) {
            this.checkpointEveryIterations = iterations;
            return self();
        }

        /** Checkpoint every N epochs (0 = never by epoch; default 1). */
        public B checkpointEveryEpochs(int epochs) {
            this.checkpointEveryEpochs = epochs;
            return self();
        }

        /** How many checkpoint files to keep (default 3). */
        public B keepCheckpoints(int keep) {
            this.keepCheckpoints = keep;
            return self();
        }

        public B listener(TrainingListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return self();
        }

        /**
         * DL4J listeners (ScoreIterationListener, PerformanceListener, CheckpointListener,
         * StatsListener, ...), called as DL4J's {@code fit} calls them, after those already set on
         * the network with {@code setListeners}; the network's listeners are left as they are.
         */
        public B dl4jListeners(org.deeplearning4j.optimize.api.TrainingListener... listeners) {
            for (org.deeplearning4j.optimize.api.TrainingListener l : listeners) {
                this.dl4jListeners.add(Objects.requireNonNull(l, "listener"));
            }
            return self();
        }

        /** The validated, frozen options. */
        protected TrainingOptions options() {
            requireAtLeast("epochs", epochs, 1);
            requireAtLeast("checkpointEveryIterations", checkpointEveryIterations, 0);
            requireAtLeast("checkpointEveryEpochs", checkpointEveryEpochs, 0);
            requireAtLeast("keepCheckpoints", keepCheckpoints, 1);
            requireAtLeast("validationBatchSize", validationBatchSize, 1);
            ValidationElbo validation = validationIterator != null ? ValidationElbo.of(validationIterator, validationSeed)
                    : validationArray != null ? ValidationElbo.of(validationArray, validationBatchSize, validationSeed)
                    : null;
            List<TrainingListener> all = new ArrayList<>(listeners);
            if (earlyStopping != null) {
                if (validation == null) {
                    throw new IllegalArgumentException(owner + ".patience = " + earlyStopping.patience()
                            + ": early stopping needs validation data (call validation(...))");
                }
                all.add(earlyStopping);
            }
            return new TrainingOptions(epochs, validation, checkpointDirectory, checkpointEveryIterations,
                    checkpointEveryEpochs, keepCheckpoints, all, dl4jListeners);
        }

        /** Throws {@code "<owner>.<field> = <value>: must be >= <min>"} when value is below min. */
        protected void requireAtLeast(String field, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(owner + "." + field + " = " + value + ": must be >= " + min);
            }
        }
    }
}
