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
 * Spark: each unit is one averaging round. Each epoch the examples are put in the order
 * {@link InMemoryEpochIterator} would use and shuffled once into one Spark partition per (round,
 * worker) ({@link AveragingSchedule}). A round broadcasts the driver's parameters and updater
 * state, runs one task per worker ({@link WorkerRound}: {@code averagingFrequency} ELBO steps),
 * and replaces the driver's parameters and updater state by the workers' means. Resuming after k
 * rounds of an epoch rebuilds the same partitions and skips them, so the run continues exactly.
 */
final class SparkEpochRunner implements EpochRunner {

    private final JavaSparkContext spark;
    private final VaeModel model;
    private final JavaPairRDD<Long, double[]> indexed;
    private final AveragingSchedule schedule;
    private final long shuffleSeed;

    /** @param indexed the examples by their index (the row number of an in-memory matrix), persisted */
    SparkEpochRunner(JavaSparkContext spark, VaeModel model, JavaPairRDD<Long, double[]> indexed,
                     AveragingSchedule schedule, long shuffleSeed) {
        this.spark = spark;
        this.model = model;
        this.indexed = indexed;
        this.schedule = schedule;
        this.shuffleSeed = shuffleSeed;
    }

    @Override
    public void runEpoch(int epoch, int unitsDone, long iteration, UnitSink sink) {
        int n = Math.toIntExact(schedule.examples());
        int[] order = InMemoryEpochIterator.epochOrder(n, true, shuffleSeed, epoch);
        long[] positionOfIndex = new long[n];
        for (int position = 0; position < n; position++) {
            positionOfIndex[order[position]] = position;
        }
        Broadcast<long[]> positions = spark.broadcast(positionOfIndex);
        JavaPairRDD<Long, double[]> byPosition = indexed
                .mapToPair(row -> new Tuple2<>(positions.value()[Math.toIntExact(row._1())], row._2()))
                .repartitionAndSortWithinPartitions(new EpochPartitioner(schedule))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long roundStart = iteration;
        try {
            for (int round = unitsDone; round < schedule.rounds(); round++) {
                Broadcast<ModelSnapshot> snapshot = spark.broadcast(ModelSnapshot.of(model));
                JavaRDD<Tuple2<Long, double[]>> roundRows = new JavaRDD<>(
                        PartitionPruningRDD.create(byPosition.rdd(), new RoundPartitions(round, schedule.workers())),
                        tupleTag());
                List<WorkerResult> results = roundRows
                        .mapPartitionsWithIndex(new WorkerRound(snapshot, schedule, roundStart, epoch), false)
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
    private static ClassTag<Tuple2<Long, double[]>> tupleTag() {
        return (ClassTag<Tuple2<Long, double[]>>) (ClassTag<?>) ClassTag$.MODULE$.apply(Tuple2.class);
    }
}
