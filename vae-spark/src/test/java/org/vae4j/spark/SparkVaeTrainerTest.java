package org.vae4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.train.InMemoryEpochIterator;
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
     * Two workers see the same number of examples as one machine (600 x 15 epochs) but make half
     * as many averaged updates, each the mean of two workers' 4-step trajectories.
     */
    @Test
    void twoWorkersReachTheSingleMachineElboWithinTolerance() {
        VaeConfig config = SyntheticPrototypes.config(SEED).toBuilder().updater(org.vae4j.core.config.UpdaterKind.ADAM, 1e-2)
                .build();
        INDArray all = SyntheticPrototypes.data(800, SEED);
        INDArray train = all.get(NDArrayIndex.interval(0, 600), NDArrayIndex.all());
        INDArray test = all.get(NDArrayIndex.interval(600, 800), NDArrayIndex.all());
        int epochs = 15;

        VaeModel local = VaeModel.create(config);
        VaeTrainer.builder(local).epochs(epochs).build().fit(new InMemoryEpochIterator(train, null, 25, true, SEED));
        VaeModel distributed = VaeModel.create(config);
        TrainingResult result = SparkVaeTrainer.builder(LocalSpark.get(), distributed)
                .workers(2).averagingFrequency(4).batchSize(25).epochs(epochs).validation(test).build()
                .fit(rows(train, 2));

        double untrained = testNegativeElbo(VaeModel.create(config), test);
        double singleMachine = testNegativeElbo(local, test);
        double twoWorkers = testNegativeElbo(distributed, test);
        System.out.printf("test -ELBO nats: untrained %.3f, single machine %.3f, 2 workers %.3f%n",
                untrained, singleMachine, twoWorkers);
        assertEquals(600L * epochs, distributed.training().examplesSeen());
        assertEquals(twoWorkers, result.lastEpoch().validationNegativeElbo(), 1e-9);
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

    static double testNegativeElbo(VaeModel model, INDArray test) {
        return -SparkVaeTrainer.validationElbo(model, test, 500, 1234).meanElbo();
    }

    static JavaRDD<double[]> rows(INDArray data, int partitions) {
        double[][] rows = data.castTo(DataType.DOUBLE).toDoubleMatrix();
        List<double[]> list = Arrays.asList(rows);
        return LocalSpark.get().parallelize(list, partitions);
    }

    private static float[] floats(INDArray array) {
        return array.castTo(DataType.FLOAT).toFloatVector();
    }
}
