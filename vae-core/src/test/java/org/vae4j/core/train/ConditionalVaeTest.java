package org.vae4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.SyntheticData;
import org.vae4j.core.config.InvalidConfigException;
import org.vae4j.core.config.TrainingEngine;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.ConditionalReconstructionDistribution;
import org.vae4j.core.model.VaeModel;

/**
 * A conditional VAE as a user meets it: trained on a DataSetIterator whose labels are the
 * condition, it beats the same model without the condition; it resumes bit for bit; it saves as a
 * DL4J zip that DL4J opens and vae4j reloads as conditional; and every call without c refuses in
 * one line.
 */
class ConditionalVaeTest {

    private static final int CLASSES = 4;
    private static final INDArray[] TRAIN = SyntheticData.labelledBlobs(400, 24, CLASSES, 3);
    private static final INDArray[] TEST = SyntheticData.labelledBlobs(200, 24, CLASSES, 3);

    private static VaeConfig config(int conditionSize) {
        return VaeConfig.builder().inputSize(24).conditionSize(conditionSize).encoderLayerSizes(32).latentSize(2)
                .hiddenActivation(Activation.TANH).updater(UpdaterKind.ADAM, 0.01).seed(5).build();
    }

    private static InMemoryEpochIterator train() {
        return new InMemoryEpochIterator(TRAIN[0], TRAIN[1], 40, true, 9);
    }

    @Test
    void conditioningOnTheLabelGivesAHigherTestElboThanTheSameModelWithout() {
        VaeModel conditional = VaeModel.create(config(CLASSES));
        VaeModel plain = VaeModel.create(config(0));
        VaeTrainer.builder(conditional).epochs(15).build().fit(train());
        VaeTrainer.builder(plain).epochs(15).build().fit(new InMemoryEpochIterator(TRAIN[0], null, 40, true, 9));
        double withLabel = conditional.elbo(TEST[0], TEST[1], 20, 1).meanElbo();
        double without = plain.elbo(TEST[0], 20, 1).meanElbo();
        // The blobs' 24 pixels are Bernoulli(0.15 or 0.85) around one of 4 centres: knowing the
        // centre is worth up to log 4 = 1.39 nats, which a 2-d latent must otherwise encode.
        assertTrue(withLabel > without + 0.3, "conditional ELBO " + withLabel + " vs unconditional " + without);
        // The label changes what the decoder draws: same z, two conditions, different means.
        INDArray z = Nd4j.zeros(DataType.FLOAT, 1, 2);
        INDArray first = conditional.decode(z, Nd4j.createFromArray(new float[][] {{1, 0, 0, 0}}));
        INDArray second = conditional.decode(z, Nd4j.createFromArray(new float[][] {{0, 1, 0, 0}}));
        assertTrue(first.sub(second).norm1Number().doubleValue() > 2, "decoder means differ by class");
    }

    @Test
    void resumedConditionalTrainingEqualsUninterruptedTraining(@TempDir Path dir) throws IOException {
        VaeModel uninterrupted = VaeModel.create(config(CLASSES));
        Path checkpoints = dir.resolve("c");
        VaeTrainer.builder(uninterrupted).epochs(2).checkpointDirectory(checkpoints).checkpointEveryIterations(7)
                .keepCheckpoints(10).build().fit(train());
        VaeTrainer resumed = VaeTrainer.resume(checkpoints.resolve("checkpoint-000000000014.zip")).epochs(2).build();
        resumed.fit(train());
        assertEquals(CLASSES, resumed.model().config().conditionSize());
        assertEquals(uninterrupted.layer().params(), resumed.model().layer().params());
    }

    @Test
    void savesAsADl4jZipThatReloadsConditionalAndRefusesCallsWithoutTheCondition(@TempDir Path dir)
            throws IOException {
        VaeModel model = VaeModel.create(config(CLASSES));
        VaeTrainer.builder(model).epochs(1).build().fit(train());
        Path file = dir.resolve("model.zip");
        model.save(file);

        MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(file.toFile());
        VariationalAutoencoder layer = (VariationalAutoencoder) plain.getLayer(0).conf().getLayer();
        assertEquals(24 + CLASSES, layer.getNIn());
        assertEquals(2 + CLASSES, layer.getNOut());
        assertTrue(layer.getOutputDistribution() instanceof ConditionalReconstructionDistribution);

        VaeModel loaded = VaeModel.load(file);
        assertEquals(model.config(), loaded.config());
        assertEquals(model.elbo(TEST[0], TEST[1], 3, 2).meanElbo(), loaded.elbo(TEST[0], TEST[1], 3, 2).meanElbo(),
                1e-6);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> loaded.elbo(TEST[0], 1, 1));
        assertEquals("VaeModel.elbo: this model is a conditional VAE (conditionSize = 4): give the condition, "
                + "elbo(x, c, samples, seed)", refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> loaded.encode(TEST[0]));
        assertThrows(IllegalArgumentException.class, () -> loaded.generate(3, 1));
        IllegalArgumentException wrongWidth = assertThrows(IllegalArgumentException.class,
                () -> loaded.encode(TEST[0], Nd4j.zeros(DataType.FLOAT, 200, 3)));
        assertTrue(wrongWidth.getMessage().contains("conditionSize = 4"), wrongWidth.getMessage());
        IllegalArgumentException noLabels = assertThrows(IllegalArgumentException.class, () -> VaeTrainer
                .builder(loaded).epochs(1).build().fit(new InMemoryEpochIterator(TRAIN[0], null, 40, false, 0)));
        assertTrue(noLabels.getMessage().contains("condition from the DataSet's labels"), noLabels.getMessage());

        VaeModel unconditional = VaeModel.create(config(0));
        assertFalse(unconditional.config().isConditional());
        assertThrows(IllegalArgumentException.class, () -> unconditional.encode(TEST[0], TEST[1]));
    }

    @Test
    void theConfigRefusesWhatAConditionalVaeCannotBeTrainedWith() {
        InvalidConfigException dl4j = assertThrows(InvalidConfigException.class,
                () -> config(CLASSES).toBuilder().engine(TrainingEngine.DL4J).build());
        assertTrue(dl4j.getMessage().startsWith("VaeConfig.engine = DL4J: must be VAE4J for a conditional VAE"),
                dl4j.getMessage());
        assertThrows(InvalidConfigException.class, () -> config(-1));
        VaeConfig roundTrip = VaeConfig.fromJson(config(CLASSES).toJson());
        assertEquals(CLASSES, roundTrip.conditionSize());
        String old = config(0).toJson().replaceAll("\"conditionSize\"\\s*:\\s*0\\s*,", "");
        assertFalse(old.contains("conditionSize"));
        assertEquals(0, VaeConfig.fromJson(old).conditionSize());
    }
}
