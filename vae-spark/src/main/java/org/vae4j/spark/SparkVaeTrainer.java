package org.vae4j.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.train.Checkpoints;
import org.vae4j.core.train.TrainerState;
import org.vae4j.core.train.TrainingLoop;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.core.train.TrainingResult;

import scala.Tuple2;

/**
 * Trains a {@link VaeModel} on an RDD of examples by synchronous parameter averaging
 * ({@link SparkEpochRunner}), inside the same {@link TrainingLoop} as the single-machine
 * {@code VaeTrainer}: the same epoch metrics and validation ELBO, listeners, early stopping, time
 * budgets, checkpoints (at round boundaries) and exact resume ({@link #resume}). Workers rebuild
 * the model from the config, updater and learning-rate schedule included, and take the global
 * iteration and epoch numbers, so schedules, Adam's bias correction and the noise seeds line up
 * with single-machine training; one worker repeats it bit for bit.
 */
public final class SparkVaeTrainer {

    private final JavaSparkContext spark;
    private final VaeModel model;
    private final TrainerState start;
    private final TrainingOptions options;
    private final int workers;
    private final int averagingFrequency;
    private final int batchSize;
    private final EpochOrder epochOrder;
    private volatile TrainingLoop loop;

    private SparkVaeTrainer(Builder b, TrainingOptions options) {
        this.spark = b.spark;
        this.model = b.model;
        this.start = b.state;
        this.options = options;
        this.workers = b.workers;
        this.averagingFrequency = b.averagingFrequency;
        this.batchSize = b.batchSize;
        this.epochOrder = b.epochOrder;
    }

    public static Builder builder(JavaSparkContext spark, VaeModel model) {
        return new Builder(Objects.requireNonNull(spark, "spark"), Objects.requireNonNull(model, "model"),
                TrainerState.initial(), null);
    }

    /**
     * A trainer that continues the run saved in {@code checkpoint} (a checkpoint file, or the
     * directory of checkpoints: newest used). Give the same data, workers, averaging frequency,
     * minibatch size and seeds as the interrupted run.
     */
    public static Builder resume(JavaSparkContext spark, Path checkpoint) throws IOException {
        Checkpoints.Restored restored = Checkpoints.load(checkpoint);
        return new Builder(Objects.requireNonNull(spark, "spark"), restored.model(), restored.state(), checkpoint);
    }

    public VaeModel model() {
        return model;
    }

    /** The state after the last completed round. */
    public TrainerState state() {
        TrainingLoop current = loop;
        return current == null ? start : current.state();
    }

    /** Asks a running {@link #fit} to stop after the current round and write a checkpoint. Thread-safe. */
    public void requestStop() {
        TrainingLoop current = loop;
        if (current != null) {
            current.requestStop(TrainingResult.StopReason.STOP_REQUESTED);
        }
    }

    /**
     * Trains on {@code examples} (rows of length inputSize) for the configured epochs. The RDD's
     * order numbers the examples (as the rows of an in-memory matrix), so for reproducible runs
     * give an RDD whose order is fixed (a text file, {@code parallelize}), not one produced by a
     * shuffle such as {@code repartition}.
     */
    public TrainingResult fit(JavaRDD<double[]> examples) {
        return fit(examples, ExampleEncoder.rows());
    }

    /**
     * Trains on {@code examples}, each turned into its features of the epoch by {@code encoder} on
     * the executor that trains it (see {@link ExampleEncoder}); the examples, not the features, are
     * what each epoch shuffles. The RDD's order numbers the examples, as for {@link #fit(JavaRDD)}.
     */
    public <T> TrainingResult fit(JavaRDD<T> examples, ExampleEncoder<T> encoder) {
        Objects.requireNonNull(encoder, "encoder");
        JavaPairRDD<Long, T> indexed = examples.zipWithIndex().mapToPair(Tuple2::swap)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long count = indexed.count();
            if (count == 0) {
                throw new IllegalArgumentException("The training data holds no examples");
            }
            AveragingSchedule schedule = new AveragingSchedule(count, batchSize, workers, averagingFrequency);
            try (SparkEpochRunner<T> runner = new SparkEpochRunner<>(spark, model, indexed, encoder, schedule,
                    epochOrder)) {
                loop = new TrainingLoop(model, loop == null ? start : loop.state(), options, runner);
                return loop.run();
            }
        } finally {
            indexed.unpersist(false);
        }
    }

    /** Options of a {@link SparkVaeTrainer}; {@link #build()} validates and freezes them. */
    public static final class Builder extends TrainingOptions.Builder<Builder> {
        private final JavaSparkContext spark;
        private final VaeModel model;
        private final TrainerState state;
        private final Path resumedFrom;
        private int workers = 1;
        private int averagingFrequency = 5;
        private int batchSize = 100;
        private EpochOrder epochOrder;

        private Builder(JavaSparkContext spark, VaeModel model, TrainerState state, Path resumedFrom) {
            super("SparkVaeTrainer");
            this.spark = spark;
            this.model = model;
            this.state = state;
            this.resumedFrom = resumedFrom;
            this.epochOrder = EpochOrder.shuffled(model.config().seed());
        }

        /** Data-parallel workers: Spark tasks per averaging round (default 1). */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Steps each worker takes between two averagings (default 5). */
        public Builder averagingFrequency(int steps) {
            this.averagingFrequency = steps;
            return this;
        }

        /** Examples per minibatch on each worker (default 100). */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Seed of the per-epoch order, as InMemoryEpochIterator's seed (default: the config's seed). */
        public Builder shuffleSeed(long seed) {
            this.epochOrder = EpochOrder.shuffled(seed);
            return this;
        }

        /**
         * The order of each epoch (default: {@link EpochOrder#shuffled} with the config's seed); e.g.
         * {@code (n, e) -> iterator.epochOrder(e)} of the single-machine iterator over the same
         * examples, so that one worker repeats that iterator's training exactly.
         */
        public Builder epochOrder(EpochOrder order) {
            this.epochOrder = Objects.requireNonNull(order, "order");
            return this;
        }

        /** The model the trainer will train (for a resumed run, the one restored from the checkpoint). */
        public VaeModel model() {
            return model;
        }

        public SparkVaeTrainer build() {
            requireAtLeast("workers", workers, 1);
            requireAtLeast("averagingFrequency", averagingFrequency, 1);
            requireAtLeast("batchSize", batchSize, 1);
            if (!(model.network() instanceof MultiLayerNetwork)) {
                // Workers rebuild the model with VaeModel.create; a graph's updater-state layout is not checked to match.
                throw new IllegalArgumentException("SparkVaeTrainer needs a MultiLayerNetwork-backed model "
                        + "(VaeModel.create), got " + model.network().getClass().getSimpleName());
            }
            TrainingOptions options = options();
            if (resumedFrom != null && state.epoch() >= options.epochs()) {
                throw new IllegalArgumentException("SparkVaeTrainer.epochs = " + options.epochs() + ": the checkpoint "
                        + resumedFrom + " already completed " + state.epoch() + " epochs; ask for more epochs to continue");
            }
            return new SparkVaeTrainer(this, options);
        }
    }
}
