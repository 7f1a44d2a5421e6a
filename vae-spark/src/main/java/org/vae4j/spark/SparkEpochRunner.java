package org.vae4j.spark;

import java.util.List;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.train.EpochRunner;
import org.vae4j.core.train.InMemoryEpochIterator;
import org.vae4j.core.train.UnitResult;

import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Spark: each unit is one averaging round. Each epoch the examples are put in the epoch's order
 * ({@link EpochOrder}: by default {@link InMemoryEpochIterator}'s) and shuffled once into one
 * Spark partition per (round, worker) ({@link AveragingSchedule}). A round broadcasts the driver's parameters and updater
 * state, runs one task per worker ({@link WorkerRound}: {@code averagingFrequency} ELBO steps on
 * the examples' features of this epoch, from the {@link ExampleEncoder}), and replaces the
 * driver's parameters and updater state by the workers' means. Resuming after k rounds of an epoch
 * rebuilds the same partitions and skips them, so the run continues exactly.
 *
 * @param <T> the stored example
 */
final class SparkEpochRunner<T> implements EpochRunner {

    private final JavaSparkContext spark;
    private final VaeModel model;
    private final JavaPairRDD<Long, T> indexed;
    private final ExampleEncoder<T> encoder;
    private final AveragingSchedule schedule;
    private final EpochOrder epochOrder;

    /** @param indexed the examples by their index (the row number of an in-memory matrix), persisted */
    SparkEpochRunner(JavaSparkContext spark, VaeModel model, JavaPairRDD<Long, T> indexed, ExampleEncoder<T> encoder,
                     AveragingSchedule schedule, EpochOrder epochOrder) {
        this.spark = spark;
        this.model = model;
        this.indexed = indexed;
        this.encoder = encoder;
        this.schedule = schedule;
        this.epochOrder = epochOrder;
    }

    @Override
    public void runEpoch(int epoch, int unitsDone, long iteration, UnitSink sink) {
        int n = Math.toIntExact(schedule.examples());
        int[] order = epochOrder.order(n, epoch);
        if (order.length != n) {
            throw new IllegalStateException("The order of epoch " + epoch + " has " + order.length + " positions for "
                    + n + " examples");
        }
        long[] positionOfIndex = new long[n];
        java.util.Arrays.fill(positionOfIndex, -1);
        for (int position = 0; position < n; position++) {
            if (positionOfIndex[order[position]] >= 0) {
                throw new IllegalStateException("The order of epoch " + epoch + " visits example " + order[position]
                        + " twice");
            }
            positionOfIndex[order[position]] = position;
        }
        Broadcast<long[]> positions = spark.broadcast(positionOfIndex);
        JavaPairRDD<Long, T> byPosition = indexed
                .mapToPair(row -> new Tuple2<>(positions.value()[Math.toIntExact(row._1())], row._2()))
                .repartitionAndSortWithinPartitions(new EpochPartitioner(schedule))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long roundStart = iteration;
        try {
            for (int round = unitsDone; round < schedule.rounds(); round++) {
                Broadcast<ModelSnapshot> snapshot = spark.broadcast(ModelSnapshot.of(model));
                JavaRDD<Tuple2<Long, T>> roundRows = new JavaRDD<>(
                        PartitionPruningRDD.create(byPosition.rdd(), new RoundPartitions(round, schedule.workers())),
                        tupleTag());
                List<WorkerResult> results = roundRows
                        .mapPartitionsWithIndex(new WorkerRound<>(snapshot, encoder, schedule, roundStart, epoch), false)
                        .collect();
                average(results);
                snapshot.destroy();
                int steps = schedule.stepsInRound(round);
                roundStart += steps;
                double lossSum = 0;
                int minibatches = 0;
                long examples = 0;
                for (WorkerResult result : results) {
                    lossSum += result.negativeElboSum();
                    minibatches += result.minibatches();
                    examples += result.examples();
                }
                if (!sink.unitDone(new UnitResult(steps, examples, lossSum, minibatches,
                        results.get(0).lastLearningRate()))) {
                    return;
                }
            }
        } finally {
            byPosition.unpersist(false);
            positions.destroy();
        }
    }

    /**
     * Mean of the workers' parameters and updater states. Summing then dividing keeps one worker's
     * values bit-identical (x + 0 and x / 1 are exact).
     */
    private void average(List<WorkerResult> results) {
        if (results.isEmpty()) {
            throw new IllegalStateException("No worker returned a result for an averaging round");
        }
        INDArray parameters = results.get(0).parameters().toArray();
        INDArray state = results.get(0).updaterState() == null ? null : results.get(0).updaterState().toArray();
        for (int i = 1; i < results.size(); i++) {
            parameters.addi(results.get(i).parameters().toArray());
            if (state != null) {
                state.addi(results.get(i).updaterState().toArray());
            }
        }
        parameters.divi(results.size());
        if (state != null) {
            state.divi(results.size());
        }
        ModelSnapshot.assign(model, parameters, state);
    }

    @Override
    public void close() {
        // Nothing of its own: workers free their models with their tasks.
    }

    @SuppressWarnings("unchecked")
    private static <T> ClassTag<Tuple2<Long, T>> tupleTag() {
        return (ClassTag<Tuple2<Long, T>>) (ClassTag<?>) ClassTag$.MODULE$.apply(Tuple2.class);
    }
}
