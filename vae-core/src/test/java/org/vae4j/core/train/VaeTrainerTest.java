package org.vae4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.SyntheticData;
import org.vae4j.core.config.TrainingEngine;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;

class VaeTrainerTest {

    private static final INDArray TRAIN = SyntheticData.binaryPrototypes(240, 20, 4, 1, DataType.FLOAT);
    private static final INDArray VALIDATION = SyntheticData.binaryPrototypes(60, 20, 4, 1, DataType.FLOAT);

    private static VaeConfig config(DataType dataType, int samples) {
        return VaeConfig.builder().inputSize(20).encoderLayerSizes(16).latentSize(3)
                .hiddenActivation(Activation.TANH).updater(UpdaterKind.ADAM, 0.01).l2(1e-4)
                .monteCarloSamples(samples).dataType(dataType).seed(7).build();
    }

    private static InMemoryEpochIterator train(int batch) {
        return new InMemoryEpochIterator(TRAIN, null, batch, true, 5);
    }

    private static InMemoryEpochIterator validation() {
        return new InMemoryEpochIterator(VALIDATION, null, 60, false, 0);
    }

    private static double validationElbo(VaeModel model) {
        return model.elbo(VALIDATION.castTo(model.dataType()), 20, 3).meanElbo();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"MultiLayerNetwork FLOAT L=1", "ComputationGraph FLOAT L=1",
            "MultiLayerNetwork DOUBLE L=3"})
    void elboImprovesWithTraining(String variant) {
        DataType dataType = variant.contains("DOUBLE") ? DataType.DOUBLE : DataType.FLOAT;
        VaeConfig config = config(dataType, variant.endsWith("L=3") ? 3 : 1);
        VaeModel model = variant.startsWith("Computation") ? VaeModel.createGraph(config) : VaeModel.create(config);
        double before = validationElbo(model);
        TrainingResult result = VaeTrainer.builder(model).epochs(8).validation(validation()).build().fit(train(24));
        double after = validationElbo(model);
        assertEquals(TrainingResult.StopReason.COMPLETED, result.stopReason());
        assertEquals(8, result.history().size());
        assertTrue(after > before + 3, "validation ELBO " + before + " -> " + after);
        EpochMetrics first = result.history().get(0);
        EpochMetrics last = result.lastEpoch();
        assertTrue(last.trainNegativeElbo() < first.trainNegativeElbo(), "train -ELBO decreases");
        assertTrue(last.validationNegativeElbo() < first.validationNegativeElbo(), "validation -ELBO decreases");
        assertEquals(last.validationNegativeElbo(), last.validationKl() + last.validationNegativeLogLikelihood(), 1e-9);
        assertEquals(8 * 240, last.examplesSeen());
        assertEquals(8 * 10, last.iteration());
        assertEquals(8, model.training().epochs());
    }

    @Test
    void trainingLossIsTheNegativeElboOfTheBatchWithoutTheL2Term() {
        VaeModel model = VaeModel.create(config(DataType.DOUBLE, 1));
        List<IterationEvent> events = new ArrayList<>();
        VaeTrainer.builder(model).epochs(1).listener(new TrainingListener() {
            @Override
            public void onIteration(IterationEvent event) {
                events.add(event);
            }
        }).build().fit(new InMemoryEpochIterator(TRAIN.castTo(DataType.DOUBLE), null, 240, false, 0));
        double fresh = -VaeModel.create(config(DataType.DOUBLE, 1)).elbo(TRAIN.castTo(DataType.DOUBLE), 200, 1)
                .meanElbo();
        assertEquals(1, events.size());
        // One noise draw vs 200: agree within Monte Carlo error of a 240-example mean.
        assertEquals(fresh, events.get(0).negativeElbo(), 0.05 * fresh);
    }

    @Test
    void resumedTrainingEqualsUninterruptedTraining(@TempDir Path dir) throws IOException {
        VaeModel uninterrupted = VaeModel.create(config(DataType.FLOAT, 1));
        Path checkpoints = dir.resolve("a");
        VaeTrainer.builder(uninterrupted).epochs(3).validation(validation()).checkpointDirectory(checkpoints)
                .checkpointEveryIterations(7).keepCheckpoints(10).build().fit(train(24));

        // Iteration 14 is in the middle of epoch 1 (10 batches per epoch).
        Path mid = checkpoints.resolve("checkpoint-000000000014.zip");
        assertTrue(Files.exists(mid), "checkpoint at iteration 14 written");
        VaeTrainer resumed = VaeTrainer.resume(mid).epochs(3).validation(validation()).build();
        assertEquals(1, resumed.state().epoch());
        assertEquals(4, resumed.state().batchesDoneInEpoch());
        TrainingResult result = resumed.fit(train(24));

        assertEquals(uninterrupted.layer().params(), resumed.model().layer().params());
        assertEquals(3, result.history().size());
        assertEquals(30, resumed.state().iteration());
    }

    @Test
    void vae4jEngineTrainsLikeDl4jsLayerOnTheSameNoise() {
        // Same seed, same noise, same updater: the two engines differ only by floating-point rounding.
        VaeConfig base = config(DataType.DOUBLE, 2);
        VaeModel dl4j = VaeModel.create(base.toBuilder().engine(TrainingEngine.DL4J).build());
        VaeModel vae4j = VaeModel.create(base.toBuilder().engine(TrainingEngine.VAE4J).build());
        List<Double> dl4jLosses = new ArrayList<>();
        List<Double> vae4jLosses = new ArrayList<>();
        VaeTrainer.builder(dl4j).epochs(2).listener(losses(dl4jLosses)).build().fit(train(24));
        VaeTrainer.builder(vae4j).epochs(2).listener(losses(vae4jLosses)).build().fit(train(24));
        assertEquals(20, vae4jLosses.size());
        for (int i = 0; i < dl4jLosses.size(); i++) {
            assertEquals(dl4jLosses.get(i), vae4jLosses.get(i), 1e-9 * Math.abs(dl4jLosses.get(i)), "iteration " + i);
        }
        INDArray difference = dl4j.layer().params().sub(vae4j.layer().params());
        double relative = difference.norm2Number().doubleValue() / dl4j.layer().params().norm2Number().doubleValue();
        assertTrue(relative < 1e-9, "parameters differ by " + relative);
        assertTrue(dl4j.layer().params().sub(VaeModel.create(base).layer().params()).norm2Number().doubleValue() > 0.1,
                "training moved the parameters");
    }

    @Test
    void betaWarmupAndFreeBitsTrainAndAreRejectedForTheDl4jEngine() {
        VaeConfig options = config(DataType.FLOAT, 1).toBuilder().beta(0.5).klWarmupIterations(10).freeBitsNats(0.05)
                .build();
        VaeModel model = VaeModel.create(options);
        double before = validationElbo(model);
        VaeTrainer.builder(model).epochs(6).build().fit(train(24));
        assertTrue(validationElbo(model) > before + 3);
        assertThrows(org.vae4j.core.config.InvalidConfigException.class,
                () -> options.toBuilder().engine(TrainingEngine.DL4J).build());
    }

    private static TrainingListener losses(List<Double> into) {
        return new TrainingListener() {
            @Override
            public void onIteration(IterationEvent event) {
                into.add(event.negativeElbo());
            }
        };
    }

    @Test
    void resumeAtAnEpochBoundaryAlsoMatches(@TempDir Path dir) throws IOException {
        VaeModel uninterrupted = VaeModel.create(config(DataType.DOUBLE, 2).toBuilder()
                .updater(UpdaterKind.ADAGRAD, 0.05).build());
        VaeTrainer.builder(uninterrupted).epochs(2).checkpointDirectory(dir).checkpointEveryEpochs(1)
                .build().fit(train(48));
        VaeTrainer resumed = VaeTrainer.resume(dir.resolve("checkpoint-000000000005.zip")).epochs(2).build();
        resumed.fit(train(48));
        assertEquals(uninterrupted.layer().params(), resumed.model().layer().params());
    }

    @Test
    void resumingACompletedRunAsksForMoreEpochs(@TempDir Path dir) throws IOException {
        VaeModel model = VaeModel.create(config(DataType.FLOAT, 1));
        VaeTrainer.builder(model).epochs(1).checkpointDirectory(dir).build().fit(train(120));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VaeTrainer.resume(dir).epochs(1).build());
        assertTrue(e.getMessage().contains("already completed 1 epochs"), e.getMessage());
    }

    @Test
    void divergenceStopsWithAClearErrorAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws IOException {
        VaeModel model = VaeModel.create(config(DataType.FLOAT, 1));
        VaeTrainer trainer = VaeTrainer.builder(model).epochs(2).checkpointDirectory(dir)
                .checkpointEveryIterations(2).listener(new TrainingListener() {
                    @Override
                    public void onIteration(IterationEvent event) {
                        if (event.iteration() == 5) {
                            model.layer().getParam("e0W").putScalar(0, 0, Float.NaN);
                        }
                    }
                }).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(train(24)));
        assertTrue(e.getMessage().contains("iteration 6") && e.getMessage().contains("NaN")
                && e.getMessage().contains("checkpoint-000000000004.zip"), e.getMessage());
        VaeModel lastGood = Checkpoints.load(dir).model();
        assertTrue(Double.isFinite(lastGood.layer().params().sumNumber().doubleValue()));
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void earlyStoppingStopsWhenValidationDoesNotImproveAndRestoresTheBest() {
        VaeModel model = VaeModel.create(config(DataType.FLOAT, 1).toBuilder()
                .updater(UpdaterKind.SGD, 1e-9).build());
        INDArray initial = model.parametersCopy();
        TrainingResult result = VaeTrainer.builder(model).epochs(20).validation(validation())
                .earlyStopping(2, 0.5, true).build().fit(train(60));
        assertEquals(TrainingResult.StopReason.EARLY_STOPPED, result.stopReason());
        assertEquals(3, result.history().size(), "best at epoch 0, then 2 epochs without 0.5 nats gain");
        assertEquals(0, result.restoredEpoch());
        assertTrue(initial.equalsWithEps(model.layer().params(), 1e-6));
    }

    @Test
    void requestStopWritesACheckpointAndReportsIt(@TempDir Path dir) {
        VaeModel model = VaeModel.create(config(DataType.FLOAT, 1));
        VaeTrainer[] holder = new VaeTrainer[1];
        holder[0] = VaeTrainer.builder(model).epochs(5).checkpointDirectory(dir).checkpointEveryEpochs(0)
                .listener(new TrainingListener() {
                    @Override
                    public void onIteration(IterationEvent event) {
                        if (event.iteration() == 3) {
                            holder[0].requestStop();
                        }
                    }
                }).build();
        TrainingResult result = holder[0].fit(train(24));
        assertEquals(TrainingResult.StopReason.STOP_REQUESTED, result.stopReason());
        assertNotNull(result.lastCheckpoint());
        assertTrue(result.lastCheckpoint().getFileName().toString().endsWith("000000000003.zip"));
    }

    @Test
    void badOptionsAndDataAreRejectedClearly() {
        VaeModel model = VaeModel.create(config(DataType.FLOAT, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VaeTrainer.builder(model).epochs(0).build());
        assertTrue(e.getMessage().contains("VaeTrainer.epochs = 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> VaeTrainer.builder(model).earlyStopping(3, 0, true).build());
        assertTrue(e.getMessage().contains("needs validation data"), e.getMessage());
        InMemoryEpochIterator wrongWidth = new InMemoryEpochIterator(TRAIN.getColumns(0, 1, 2), null, 10, false, 0);
        e = assertThrows(IllegalArgumentException.class,
                () -> VaeTrainer.builder(model).build().fit(wrongWidth));
        assertTrue(e.getMessage().contains("3 features per example") && e.getMessage().contains("inputSize is 20"),
                e.getMessage());
    }
}
