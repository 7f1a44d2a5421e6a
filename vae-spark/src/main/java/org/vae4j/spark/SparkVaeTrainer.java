package org.vae4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.core.model.ElboTotals;
import org.vae4j.core.model.TrainingSummary;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.InMemoryEpochIterator;
import org.vae4j.core.train.TrainingListener;
import org.vae4j.core.train.TrainingResult;

import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Trains a {@link VaeModel} on an RDD of examples by synchronous parameter averaging.
 *
 * <p>Each epoch the examples are put in the order {@link InMemoryEpochIterator} would use and
 * shuffled once into one Spark partition per (round, worker) ({@link AveragingSchedule}). Each
 * round broadcasts the driver's parameters and updater state, runs one task per worker
 * ({@link WorkerRound}: {@code averagingFrequency} ELBO steps), and replaces the driver's
 * parameters and updater state by the workers' means. Epoch metrics are those of
 * {@code VaeTrainer}: the mean training -ELBO of the epoch's minibatches and, when validation data
 * is given, the validation ELBO computed on the driver with the same fixed noise seeds.
 */
public final class SparkVaeTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(SparkVaeTrainer.class);

    private final Builder options;
    private final VaeModel model;

    private SparkVaeTrainer(Builder builder) {
        this.options = builder;
        this.model = builder.model;
    }

    public static Builder builder(JavaSparkContext spark, VaeModel model) {
        return new Builder(Objects.requireNonNull(spark, "spark"), Objects.requireNonNull(model, "model"));
    }

    public VaeModel model() {
        return model;
    }

    /**
     * Trains on {@code examples} (rows of length inputSize) for the configured epochs. The RDD's
     * order numbers the examples (as the rows of an in-memory matrix), so for reproducible runs
     * give an RDD whose order is fixed (a text file, {@code parallelize}), not one produced by a
     * shuffle such as {@code repartition}.
     */
    public TrainingResult fit(JavaRDD<double[]> examples) {
        JavaPairRDD<Long, double[]> indexed = examples.zipWithIndex().mapToPair(Tuple2::swap)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long count = indexed.count();
            if (count == 0) {
                throw new IllegalArgumentException("The training data holds no examples");
            }
            int n = Math.toIntExact(count);
            AveragingSchedule schedule = new AveragingSchedule(n, options.batchSize, options.workers,
                    options.averagingFrequency);
            long iteration = 0;
            long examplesSeen = 0;
            long start = System.nanoTime();
            List<EpochMetrics> history = new ArrayList<>();
            for (int epoch = 0; epoch < options.epochs; epoch++) {
                long epochStart = System.nanoTime();
                EpochTotals totals = trainEpoch(indexed, schedule, epoch, iteration);
                iteration = totals.iteration;
                examplesSeen += totals.examples;
                model.setTrainingCounters(epoch + 1, iteration);
                double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
                EpochMetrics metrics = metrics(epoch, iteration, examplesSeen, totals.negativeElboSum / totals.minibatches,
                        totals.examples / Math.max(epochSeconds, 1e-9), (System.nanoTime() - start) / 1e9);
                history.add(metrics);
                options.listeners.forEach(l -> l.onEpochEnd(metrics));
                LOG.info("Epoch {}: train -ELBO {} nats, validation -ELBO {} nats, {} examples/s ({} workers)",
                        epoch, String.format("%.4f", metrics.trainNegativeElbo()),
                        String.format("%.4f", metrics.validationNegativeElbo()),
                        String.format("%.0f", metrics.examplesPerSecond()), options.workers);
            }
            EpochMetrics last = history.get(history.size() - 1);
            double best = history.stream().mapToDouble(EpochMetrics::validationNegativeElbo).min().orElse(Double.NaN);
            model.setTraining(new TrainingSummary(options.epochs, iteration, examplesSeen, last.trainNegativeElbo(),
                    best, last.wallSeconds()));
            return new TrainingResult(TrainingResult.StopReason.COMPLETED, history, null, -1);
        } finally {
            indexed.unpersist(false);
        }
    }

    private static final class EpochTotals {
        long iteration;
        double negativeElboSum;
        long minibatches;
        long examples;
    }

    private EpochTotals trainEpoch(JavaPairRDD<Long, double[]> indexed, AveragingSchedule schedule, int epoch,
                                   long iteration) {
        JavaSparkContext spark = options.spark;
        int n = Math.toIntExact(schedule.examples());
        int[] order = InMemoryEpochIterator.epochOrder(n, true, options.shuffleSeed, epoch);
        long[] positionOfIndex = new long[n];
        for (int position = 0; position < n; position++) {
            positionOfIndex[order[position]] = position;
        }
        Broadcast<long[]> positions = spark.broadcast(positionOfIndex);
        JavaPairRDD<Long, double[]> byPosition = indexed
                .mapToPair(row -> new Tuple2<>(positions.value()[Math.toIntExact(row._1())], row._2()))
                .repartitionAndSortWithinPartitions(new EpochPartitioner(schedule))
                .persist(StorageLevel.MEMORY_AND_DISK());
        EpochTotals totals = new EpochTotals();
        totals.iteration = iteration;
        try {
            for (int round = 0; round < schedule.rounds(); round++) {
                Broadcast<ModelSnapshot> snapshot = spark.broadcast(ModelSnapshot.of(model));
                JavaRDD<Tuple2<Long, double[]>> roundRows = new JavaRDD<>(
                        PartitionPruningRDD.create(byPosition.rdd(), new RoundPartitions(round, schedule.workers())),
                        tupleTag());
                List<WorkerResult> results = roundRows
                        .mapPartitionsWithIndex(new WorkerRound(snapshot, schedule, totals.iteration, epoch), false)
                        .collect();
                average(results);
                snapshot.destroy();
                totals.iteration += schedule.stepsInRound(round);
                for (WorkerResult result : results) {
                    totals.negativeElboSum += result.negativeElboSum();
                    totals.minibatches += result.minibatches();
                    totals.examples += result.examples();
                }
            }
        } finally {
            byPosition.unpersist(false);
            positions.destroy();
        }
        return totals;
    }

    /**
     * Mean of the workers' parameters and updater states. Summing then dividing keeps one worker's
     * values bit-identical (x + 0 and x / 1 are exact).
     */
    private void average(List<WorkerResult> results) {
        if (results.isEmpty()) {
            throw new IllegalStateException("No worker returned a result for an averaging round");
        }
        INDArray parameters = results.get(0).parameters().dup();
        INDArray state = results.get(0).updaterState() == null ? null : results.get(0).updaterState().dup();
        for (int i = 1; i < results.size(); i++) {
            parameters.addi(results.get(i).parameters());
            if (state != null) {
                state.addi(results.get(i).updaterState());
            }
        }
        parameters.divi(results.size());
        if (state != null) {
            state.divi(results.size());
        }
        if (!Double.isFinite(parameters.sumNumber().doubleValue())) {
            throw new IllegalStateException("Training diverged: the averaged parameters contain NaN or infinity "
                    + "(learning rate " + model.config().learningRate() + ")");
        }
        ModelSnapshot.assign(model, parameters, state);
    }

    private EpochMetrics metrics(int epoch, long iteration, long examplesSeen, double trainNegativeElbo,
                                 double examplesPerSecond, double wallSeconds) {
        if (options.validation == null) {
            return new EpochMetrics(epoch, iteration, examplesSeen, trainNegativeElbo, Double.NaN, Double.NaN,
                    Double.NaN, examplesPerSecond, wallSeconds);
        }
        ElboTotals v = validationElbo(model, options.validation, options.validationBatchSize,
                options.validationSeed);
        return new EpochMetrics(epoch, iteration, examplesSeen, trainNegativeElbo, -v.meanElbo(), v.meanKl(),
                -v.meanExpectedLogLikelihood(), examplesPerSecond, wallSeconds);
    }

    /**
     * The validation ELBO as {@code VaeTrainer} computes it (one draw of z per example, noise seed
     * {@code seed + minibatch}), so the two trainers' metrics.csv files compare directly.
     */
    static ElboTotals validationElbo(VaeModel model, INDArray data, int batchSize, long seed) {
        ElboTotals totals = new ElboTotals();
        long n = data.rows();
        int batch = 0;
        for (long from = 0; from < n; from += batchSize) {
            INDArray x = data.get(NDArrayIndex.interval(from, Math.min(n, from + batchSize)), NDArrayIndex.all());
            totals.add(model.elbo(x, 1, seed + batch++));
        }
        return totals;
    }

    @SuppressWarnings("unchecked")
    private static ClassTag<Tuple2<Long, double[]>> tupleTag() {
        return (ClassTag<Tuple2<Long, double[]>>) (ClassTag<?>) ClassTag$.MODULE$.apply(Tuple2.class);
    }

    /** Options of a {@link SparkVaeTrainer}; {@link #build()} validates them. */
    public static final class Builder {
        private final JavaSparkContext spark;
        private final VaeModel model;
        private int workers = 1;
        private int averagingFrequency = 5;
        private int batchSize = 100;
        private int epochs = 1;
        private long shuffleSeed;
        private INDArray validation;
        private int validationBatchSize = 500;
        private long validationSeed = 1234;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder(JavaSparkContext spark, VaeModel model) {
            this.spark = spark;
            this.model = model;
            this.shuffleSeed = model.config().seed();
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

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Seed of the per-epoch order, as InMemoryEpochIterator's seed (default: the config's seed). */
        public Builder shuffleSeed(long seed) {
            this.shuffleSeed = seed;
            return this;
        }

        /** Validation data [examples, inputSize] on the driver, for the ELBO after each epoch. */
        public Builder validation(INDArray validation) {
            this.validation = validation;
            return this;
        }

        /** Minibatch size and noise seed of the validation ELBO (defaults 500 and 1234, as the CLI's). */
        public Builder validationBatching(int batchSize, long seed) {
            this.validationBatchSize = batchSize;
            this.validationSeed = seed;
            return this;
        }

        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public SparkVaeTrainer build() {
            requireAtLeast("workers", workers, 1);
            requireAtLeast("averagingFrequency", averagingFrequency, 1);
            requireAtLeast("batchSize", batchSize, 1);
            requireAtLeast("epochs", epochs, 1);
            requireAtLeast("validationBatchSize", validationBatchSize, 1);
            if (!(model.network() instanceof MultiLayerNetwork)) {
                // Workers rebuild the model with VaeModel.create; a graph's updater-state layout is not checked to match.
                throw new IllegalArgumentException("SparkVaeTrainer needs a MultiLayerNetwork-backed model "
                        + "(VaeModel.create), got " + model.network().getClass().getSimpleName());
            }
            if (validation != null && (validation.rank() != 2 || validation.columns() != model.config().inputSize())) {
                throw new IllegalArgumentException("SparkVaeTrainer.validation has shape "
                        + java.util.Arrays.toString(validation.shape()) + " but the model's inputSize is "
                        + model.config().inputSize());
            }
            return new SparkVaeTrainer(this);
        }

        private static void requireAtLeast(String field, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException("SparkVaeTrainer." + field + " = " + value + ": must be >= " + min);
            }
        }
    }
}
