package org.vae4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.spark.SyntheticPrototypes.rows;
import static org.vae4j.spark.SyntheticPrototypes.testNegativeElbo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.train.InMemoryEpochIterator;
import org.vae4j.core.train.IterationEvent;
import org.vae4j.core.train.TrainingControl;
import org.vae4j.core.train.TrainingListener;
import org.vae4j.core.train.TrainingResult;
import org.vae4j.core.train.VaeTrainer;

class SparkVaeTrainerTest {

    private static final long SEED = 42;

    @Test
    void oneWorkerReproducesSingleMachineTrainingExactly() {
        VaeConfig config = SyntheticPrototypes.config(SEED);
        INDArray data = SyntheticPrototypes.data(290, SEED);
        // 12 minibatches (11 of 25, one of 15), averaging every 5 steps: rounds of 5, 5 and a partial 2.
        VaeModel local = VaeModel.create(config);
        TrainingResult expected = VaeTrainer.builder(local).epochs(2).build()
                .fit(new InMemoryEpochIterator(data, null, 25, true, SEED));

        VaeModel distributed = VaeModel.create(config);
        TrainingResult actual = SparkVaeTrainer.builder(LocalSpark.get(), distributed)
                .workers(1).averagingFrequency(5).batchSize(25).epochs(2).build()
                .fit(rows(data, 2));

        assertArrayEquals(floats(local.layer().params()), floats(distributed.layer().params()));
        assertArrayEquals(floats(ModelSnapshot.updaterState(local.network())),
                floats(ModelSnapshot.updaterState(distributed.network())));
        for (int epoch = 0; epoch < 2; epoch++) {
            assertEquals(expected.history().get(epoch).trainNegativeElbo(),
                    actual.history().get(epoch).trainNegativeElbo(), 1e-12);
            assertEquals(expected.history().get(epoch).iteration(), actual.history().get(epoch).iteration());
        }
        assertEquals(24, distributed.training().iterations());
    }

    /**
     * A conditional VAE on Spark: rows [x | c] on one worker train exactly as a single machine
     * trains on x with c as the iterator's labels.
     */
    @Test
    void aConditionalVaeOnOneWorkerReproducesSingleMachineTrainingExactly() {
        VaeConfig config = SyntheticPrototypes.config(SEED).toBuilder().conditionSize(3).build();
        INDArray data = SyntheticPrototypes.data(150, SEED);
        INDArray condition = org.nd4j.linalg.factory.Nd4j.rand(DataType.FLOAT, 150, 3);
        VaeModel local = VaeModel.create(config);
        VaeTrainer.builder(local).epochs(2).build().fit(new InMemoryEpochIterator(data, condition, 25, true, SEED));

        VaeModel distributed = VaeModel.create(config);
        SparkVaeTrainer.builder(LocalSpark.get(), distributed).workers(1).averagingFrequency(5).batchSize(25)
                .epochs(2).build().fit(rows(org.nd4j.linalg.factory.Nd4j.hstack(data, condition), 2));

        assertArrayEquals(floats(local.layer().params()), floats(distributed.layer().params()));
        assertEquals(3, distributed.config().conditionSize());
    }

    /**
     * Examples stored as ids and turned into features per epoch on the executors (as a recipe's
     * dynamically binarized images are), in another iterator's order: one worker repeats that
     * iterator's single-machine training exactly, so each epoch sees the same minibatches with the
     * same features.
     */
    @Test
    void anEncoderInAnIteratorsOrderReproducesThatIteratorsTraining() {
        VaeConfig config = SyntheticPrototypes.config(SEED);
        INDArray data = SyntheticPrototypes.data(230, SEED);
        float[][] rows = data.castTo(DataType.FLOAT).toFloatMatrix();
        EpochFlippedRows iterator = new EpochFlippedRows(rows, 25, 7);
        VaeModel local = VaeModel.create(config);
        VaeTrainer.builder(local).epochs(3).build().fit(iterator);

        VaeModel distributed = VaeModel.create(config);
        List<Integer> ids = Arrays.stream(iterator.exampleIds()).boxed().toList();
        SparkVaeTrainer.builder(LocalSpark.get(), distributed)
                .workers(1).averagingFrequency(4).batchSize(25).epochs(3)
                .epochOrder((examples, epoch) -> iterator.epochOrder(epoch)).build()
                .fit(LocalSpark.get().parallelize(ids, 2), (id, epoch) -> EpochFlippedRows.features(rows[id], id, epoch));

        assertArrayEquals(floats(local.layer().params()), floats(distributed.layer().params()));
        assertArrayEquals(floats(ModelSnapshot.updaterState(local.network())),
                floats(ModelSnapshot.updaterState(distributed.network())));
    }

    /** Rows whose features change with the epoch (one bit flipped), in a shuffle stream of their own. */
    private static final class EpochFlippedRows extends org.vae4j.core.train.EpochOrderedIterator {
        private static final long serialVersionUID = 1L;
        private final float[][] rows;

        EpochFlippedRows(float[][] rows, int batchSize, long seed) {
            super(firstIds(rows.length), batchSize, true, seed);
            this.rows = rows;
        }

        static double[] features(float[] row, int id, int epoch) {
            double[] x = new double[row.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = row[i];
            }
            int flipped = (id + epoch) % x.length;
            x[flipped] = 1 - x[flipped];
            return x;
        }

        @Override
        protected long shuffleSeed(long seed, int epoch) {
            return seed * 1_000_003L + epoch * 17L;   // not InMemoryEpochIterator's stream
        }

        @Override
        protected org.nd4j.linalg.dataset.DataSet batch(int[] order, int from, int count, int epoch) {
            double[][] x = new double[count][];
            for (int k = 0; k < count; k++) {
                x[k] = features(rows[order[from + k]], order[from + k], epoch);
            }
            INDArray features = org.nd4j.linalg.factory.Nd4j.create(x).castTo(DataType.FLOAT);
            return new org.nd4j.linalg.dataset.DataSet(features, features);
        }

        @Override
        public int inputColumns() {
            return rows[0].length;
        }

        @Override
        public int totalOutcomes() {
            return rows[0].length;
        }

        @Override
        public List<String> getLabels() {
            return null;
        }
    }

    /**
     * Two workers see the same number of examples as one machine (600 x 15 epochs) but make half
     * as many averaged updates, each the mean of two workers' 4-step trajectories.
     */
    @Test
    void twoWorkersReachTheSingleMachineElboWithinTolerance() {
        VaeConfig config = SyntheticPrototypes.config(SEED).toBuilder().updater(new Adam(1e-2)).build();
        INDArray all = SyntheticPrototypes.data(800, SEED);
        INDArray train = all.get(NDArrayIndex.interval(0, 600), NDArrayIndex.all());
        INDArray test = all.get(NDArrayIndex.interval(600, 800), NDArrayIndex.all());
        int epochs = 15;

        VaeModel local = VaeModel.create(config);
        VaeTrainer.builder(local).epochs(epochs).build().fit(new InMemoryEpochIterator(train, null, 25, true, SEED));
        VaeModel distributed = VaeModel.create(config);
        TrainingResult result = SparkVaeTrainer.builder(LocalSpark.get(), distributed)
                .workers(2).averagingFrequency(4).batchSize(25).epochs(epochs).validation(test, 500).build()
                .fit(rows(train, 2));

        double untrained = testNegativeElbo(VaeModel.create(config), test);
        double singleMachine = testNegativeElbo(local, test);
        double twoWorkers = testNegativeElbo(distributed, test);
        System.out.printf("test -ELBO nats: untrained %.3f, single machine %.3f, 2 workers %.3f%n",
                untrained, singleMachine, twoWorkers);
        assertEquals(600L * epochs, distributed.training().examplesSeen());
        // The reported validation -ELBO is that of the final averaged parameters, noise seed 1234 for
        // its one minibatch of 200 (a validation run before the last averaging would differ).
        assertEquals(-distributed.elbo(test, 1, 1234).meanElbo(), result.lastEpoch().validationNegativeElbo(), 1e-9);
        // Training must have done most of the single-machine improvement...
        assertTrue(untrained - twoWorkers > 0.8 * (untrained - singleMachine),
                "2 workers " + twoWorkers + " vs single machine " + singleMachine + " from " + untrained);
        // ...and land within 10% of the single-machine test -ELBO.
        assertEquals(singleMachine, twoWorkers, 0.10 * singleMachine);
    }

    @Test
    void rejectsAGraphBackedModelAndBadSettingsByName() {
        VaeConfig config = SyntheticPrototypes.config(SEED);
        IllegalArgumentException graph = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SparkVaeTrainer.builder(LocalSpark.get(), VaeModel.createGraph(config)).build());
        assertTrue(graph.getMessage().contains("needs a MultiLayerNetwork-backed model"), graph.getMessage());
        IllegalArgumentException workers = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> SparkVaeTrainer.builder(LocalSpark.get(), VaeModel.create(config)).workers(0).build());
        assertEquals("SparkVaeTrainer.workers = 0: must be >= 1", workers.getMessage());
    }

    /**
     * The learning rate each round reports to listeners (and so to metrics.csv) is the schedule's
     * at that round's iteration, as on one machine (2 workers, averaging after every step). What
     * the workers apply is checked by {@link #sparkWorkersApplyTheScheduledLearningRate}.
     */
    @Test
    void sparkReportsTheScheduledLearningRateOfEachRound() {
        MapSchedule schedule = new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.05, 3, 0.02, 7, 0.005));
        VaeConfig config = SyntheticPrototypes.config(SEED).toBuilder().updater(new AdaGrad(schedule)).build();
        INDArray data = SyntheticPrototypes.data(250, SEED);

        List<Double> local = new ArrayList<>();
        VaeTrainer.builder(VaeModel.create(config)).epochs(1).listener(rates(local)).build()
                .fit(new InMemoryEpochIterator(data, null, 25, true, SEED));
        List<Double> distributed = new ArrayList<>();
        SparkVaeTrainer.builder(LocalSpark.get(), VaeModel.create(config)).workers(2).averagingFrequency(1)
                .batchSize(25).epochs(1).listener(rates(distributed)).build().fit(rows(data, 2));

        List<Double> expected = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            expected.add(schedule.valueAt(t, 0));
        }
        assertEquals(expected, local);
        // 10 minibatches, two per round: rounds at iterations 0, 1, 2, 3, 4.
        assertEquals(List.of(0.05, 0.05, 0.05, 0.02, 0.02), distributed);
    }

    /**
     * The rate the workers apply, not only the one reported. AdaGrad's step is the rate times
     * g / (sqrt(h + g^2) + eps), so from the same parameters, accumulated squares h, minibatches and
     * noise, a round at rate 0.02 moves every parameter 0.4 times as far as a round at 0.05. Two
     * workers, averaging after every step: a run scheduled at 0.05 for iterations 0 and 1, then 0.02,
     * equals a run at a constant 0.05 bit for bit for two rounds (the scheduled 0.05 applied), and
     * its third round moves each parameter 0.4 times as far as the constant run's third round (the
     * scheduled 0.02 applied, at the iteration the schedule names). AdaGrad, whose clone() in ND4J
     * M2.1 drops the schedule (the rate becomes NaN).
     */
    @Test
    void sparkWorkersApplyTheScheduledLearningRate() {
        MapSchedule schedule = new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.05, 2, 0.02));
        VaeConfig scheduled = SyntheticPrototypes.config(SEED).toBuilder().updater(new AdaGrad(schedule)).build();
        VaeConfig constant = SyntheticPrototypes.config(SEED).toBuilder().updater(new AdaGrad(0.05)).build();
        INDArray data = SyntheticPrototypes.data(150, SEED);   // 6 minibatches of 25: 3 rounds of 2 workers

        List<double[]> s = parametersAfterEachRound(scheduled, data);
        List<double[]> c = parametersAfterEachRound(constant, data);
        assertEquals(3, s.size());
        assertArrayEquals(c.get(0), s.get(0), "round 0 at the scheduled 0.05");
        assertArrayEquals(c.get(1), s.get(1), "round 1 at the scheduled 0.05");
        double largestMove = 0;
        double worst = 0;
        for (int i = 0; i < s.get(2).length; i++) {
            double movedScheduled = s.get(2)[i] - s.get(1)[i];
            double movedConstant = c.get(2)[i] - c.get(1)[i];
            largestMove = Math.max(largestMove, Math.abs(movedConstant));
            worst = Math.max(worst, Math.abs(movedScheduled - 0.4 * movedConstant));
        }
        System.out.printf("third round: largest move %.3g, largest |scheduled - 0.4 x constant| %.3g%n", largestMove,
                worst);
        // AdaGrad moves a parameter by up to about the rate per step: a wrong rate (0.05 kept, say)
        // would miss by 0.6 x 0.05; float parameters of magnitude <= ~2 round each difference by ~2e-7.
        assertTrue(largestMove > 0.01, "the constant run's third round moved parameters by up to " + largestMove);
        assertTrue(worst < 1e-6, "third round: scheduled move - 0.4 x constant move up to " + worst
                + " (largest move " + largestMove + ")");
    }

    /** The driver's parameters after each averaging round of one epoch (2 workers, averaging every step, batch 25). */
    private static List<double[]> parametersAfterEachRound(VaeConfig config, INDArray data) {
        VaeModel model = VaeModel.create(config);
        List<double[]> after = new ArrayList<>();
        TrainingListener record = new TrainingListener() {
            @Override
            public void onIteration(IterationEvent event) {
                after.add(model.layer().params().castTo(DataType.DOUBLE).toDoubleVector());
            }
        };
        SparkVaeTrainer.builder(LocalSpark.get(), model).workers(2).averagingFrequency(1).batchSize(25).epochs(1)
                .listener(record).build().fit(rows(data, 2));
        return after;
    }

    /** Checkpoints at round boundaries and resume continue a Spark run bit for bit, mid-epoch too. */
    @Test
    void sparkTrainingResumesFromACheckpointExactly(@TempDir Path dir) throws Exception {
        VaeConfig config = SyntheticPrototypes.config(SEED);
        INDArray data = SyntheticPrototypes.data(200, SEED);
        VaeModel uninterrupted = VaeModel.create(config);
        SparkVaeTrainer.builder(LocalSpark.get(), uninterrupted).workers(2).averagingFrequency(2).batchSize(20)
                .epochs(2).build().fit(rows(data, 2));

        // Stop after the second round of epoch 0 (iteration 4 of 6 per epoch), with a checkpoint there.
        TrainingListener stopAtFour = new TrainingListener() {
            @Override
            public void onIteration(IterationEvent event, TrainingControl control) {
                if (event.iteration() == 4) {
                    control.requestStop(TrainingResult.StopReason.STOP_REQUESTED);
                }
            }
        };
        TrainingResult first = SparkVaeTrainer.builder(LocalSpark.get(), VaeModel.create(config)).workers(2)
                .averagingFrequency(2).batchSize(20).epochs(2).checkpointDirectory(dir).listener(stopAtFour).build()
                .fit(rows(data, 2));
        assertEquals(TrainingResult.StopReason.STOP_REQUESTED, first.stopReason());
        SparkVaeTrainer resumed = SparkVaeTrainer.resume(LocalSpark.get(), dir).workers(2).averagingFrequency(2)
                .batchSize(20).epochs(2).build();
        assertEquals(4, resumed.state().iteration());
        assertEquals(2, resumed.state().batchesDoneInEpoch(), "two averaging rounds of epoch 0 done");
        TrainingResult rest = resumed.fit(rows(data, 2));

        assertEquals(TrainingResult.StopReason.COMPLETED, rest.stopReason());
        assertArrayEquals(floats(uninterrupted.layer().params()), floats(resumed.model().layer().params()));
        assertArrayEquals(floats(ModelSnapshot.updaterState(uninterrupted.network())),
                floats(ModelSnapshot.updaterState(resumed.model().network())));
        assertEquals(12, resumed.model().training().iterations(), "3 rounds of 2, 2 and 2 steps per epoch");
    }

    private static TrainingListener rates(List<Double> into) {
        return new TrainingListener() {
            @Override
            public void onIteration(IterationEvent event) {
                into.add(event.learningRate());
            }
        };
    }

    private static float[] floats(INDArray array) {
        return array.castTo(DataType.FLOAT).toFloatVector();
    }
}
