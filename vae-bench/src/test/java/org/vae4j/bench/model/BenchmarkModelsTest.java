package org.vae4j.bench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.MapSchedule;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.datasets.binarize.Binarization;

/**
 * bench/models.json as vae4j reads it: every model, the configurations built from it, and a malformed file's errors
 * naming the model and the field. That the recipes, train --data and the PyTorch twins agree with the file is
 * vae-examples' BenchmarkModelTest.
 */
class BenchmarkModelsTest {

    @Test
    void readsEveryModelOfTheFile() {
        assertEquals(List.of("bench", "latent2", "kingma-welling", "iwae", "tabular"), BenchmarkModels.names());

        BenchmarkModel bench = BenchmarkModels.named("bench");
        VaeConfig c = bench.config(7);
        assertEquals("784-400-20 relu", BenchmarkModel.architecture(c));
        assertEquals(List.of(400), c.decoderLayerSizes());
        assertEquals(new Adam(1e-3), c.updater());
        assertEquals(7, c.seed());
        assertEquals(128, bench.batchSize());
        assertEquals(Binarization.STATIC_THRESHOLD, bench.binarization());
        assertEquals(60_000, bench.trainingExamples(null));
        assertEquals(500, bench.trainingExamples(500));
        assertTrue(bench.recipe().isEmpty());

        BenchmarkModel kingmaWelling = BenchmarkModels.forRecipeOrName("kingma-welling-mnist");
        assertEquals("kingma-welling", kingmaWelling.name());
        VaeConfig k = kingmaWelling.config(1);
        assertEquals(new AdaGrad(0.02), k.updater());
        assertEquals(1.0 / 60_000, k.l2());
        assertEquals(59_600, kingmaWelling.trainingExamples(null));
        assertEquals(Binarization.DYNAMIC, kingmaWelling.binarization());

        VaeConfig iwae = BenchmarkModels.named("iwae").config(1);
        assertEquals(List.of(200, 200), iwae.encoderLayerSizes());
        assertEquals(Activation.TANH, iwae.hiddenActivation());
        MapSchedule schedule = (MapSchedule) ((Adam) iwae.updater()).getLearningRateSchedule();
        assertEquals(1e-3, schedule.valueAt(0, 0));
        assertEquals(1e-3 * Math.pow(10, -1 / 7.0), schedule.valueAt(0, 3));
        assertEquals(1e-3 * Math.pow(10, -2 / 7.0), schedule.valueAt(0, 4));
        assertEquals(1e-4, schedule.valueAt(0, 5000));
        assertEquals(bench, BenchmarkModels.forRecipeOrName("bench"));
    }

    @Test
    void theTabularModelIsSizedFromItsFile() {
        BenchmarkModel tabular = BenchmarkModels.named("tabular");
        assertTrue(tabular.fromData());
        assertEquals(BenchmarkModel.Data.CSV, tabular.training().data());
        assertEquals(new BenchmarkModel.SizedFromColumns(2, 16, 256, 4, 2, 16),
                tabular.network().sizedFromColumns().orElseThrow());
        assertEquals(64, tabular.batchSize());
        assertEquals(Binarization.NONE, tabular.binarization());
        assertEquals(0.1, tabular.training().validationFraction());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tabular.config(1));
        assertTrue(e.getMessage().contains("sized from its CSV file"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> tabular.trainingExamples(null));
    }

    @Test
    void unknownNamesListTheModels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchmarkModels.named("x"));
        assertEquals("no benchmark model 'x' in bench/models.json (one of bench, latent2, kingma-welling, iwae, "
                + "tabular)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BenchmarkModels.forRecipeOrName("smoke"));
        assertTrue(e.getMessage().contains("(recipes kingma-welling-mnist, iwae-vae-mnist; models bench,"),
                e.getMessage());
    }

    @Test
    void aMalformedFileNamesTheModelAndTheField() {
        String network = "\"network\": {\"inputs\": 784, \"hidden\": [8], \"latent\": 2, \"activation\": \"relu\", "
                + "\"likelihood\": \"bernoulli\"}";
        String training = "\"training\": {\"updater\": \"adam\", \"learningRate\": 0.001, \"batch\": 16, "
                + "\"data\": \"mnist\", \"binarization\": \"threshold\", \"validationHeldOut\": 0}";
        assertEquals(1, BenchmarkModels.parse(json("m", network, training)).size());
        Map<String, String> broken = Map.of(
                "model 'm': network.activation = wiggle (expected one of ",
                json("m", network.replace("\"relu\"", "\"wiggle\""), training),
                "model 'm': network.hidden = [] (expected a non-empty list of layer sizes)",
                json("m", network.replace("[8]", "[]"), training),
                "model 'm': training.batch = missing (expected a whole number >= 1)",
                json("m", network, training.replace("\"batch\": 16, ", "")),
                "model 'm': training.binarization = sampled (expected threshold or dynamic)",
                json("m", network, training.replace("threshold", "sampled")),
                "model 'm': training.learningRateByEpoch = {\"0\":0.01} (expected a schedule whose epoch 0 has the "
                        + "learningRate 0.001)",
                json("m", network, training.replace("\"batch\"", "\"learningRateByEpoch\": {\"0\": 0.01}, \"batch\"")),
                "is not valid JSON", "{\"models\": {");
        broken.forEach((message, text) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchmarkModels.parse(text));
            assertTrue(e.getMessage().startsWith("bench/models.json") && e.getMessage().contains(message),
                    message + " / " + e.getMessage());
        });
    }

    private static String json(String name, String network, String training) {
        return "{\"models\": {\"" + name + "\": {" + network + ", " + training + "}}}";
    }
}
