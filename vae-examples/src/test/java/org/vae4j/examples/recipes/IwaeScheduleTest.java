package org.vae4j.examples.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.MapSchedule;
import org.vae4j.core.model.VaeModel;

class IwaeScheduleTest {

    @Test
    void burdaScheduleHas3PowIEpochsAtTenToMinusIOverSeven() {
        assertEquals(3280, IwaeVaeMnistRecipe.scheduleEpochs());
        MapSchedule s = IwaeVaeMnistRecipe.schedule(1e-3);
        assertEquals(1e-3, s.valueAt(0, 0), 1e-15);
        // Stage 1 covers epochs 1..3, stage 2 epochs 4..12, stage 7 epochs 1093..3279.
        assertEquals(1e-3 * Math.pow(10, -1 / 7.0), s.valueAt(0, 1), 1e-15);
        assertEquals(1e-3 * Math.pow(10, -1 / 7.0), s.valueAt(0, 3), 1e-15);
        assertEquals(1e-3 * Math.pow(10, -2 / 7.0), s.valueAt(0, 4), 1e-15);
        assertEquals(1e-3 * Math.pow(10, -6 / 7.0), s.valueAt(0, 1092), 1e-15);
        assertEquals(1e-4, s.valueAt(0, 1093), 1e-15);
        assertEquals(1e-4, s.valueAt(0, 3279), 1e-15);
    }

    /**
     * The schedule is part of the recipe's VaeConfig: the config, the layer updater the trainer
     * uses, a saved model (or checkpoint) and its metadata all say the same.
     */
    @Test
    void scheduleIsInTheConfigReachesTheLayerUpdaterAndSurvivesSaveLoad(@TempDir Path dir) throws IOException {
        IwaeVaeMnistRecipe recipe = new IwaeVaeMnistRecipe();
        VaeModel model = VaeModel.create(recipe.defaultConfig());
        assertEquals(IwaeVaeMnistRecipe.schedule(1e-3), model.config().learningRateSchedule());
        assertEquals(1e-3 * Math.pow(10, -2 / 7.0), updater(model).getLearningRate(0, 5), 1e-12);
        model.save(dir.resolve("model.zip"));
        VaeModel loaded = VaeModel.load(dir.resolve("model.zip"));
        assertEquals(1e-3, updater(loaded).getLearningRate(0, 0), 1e-12);
        assertEquals(1e-4, updater(loaded).getLearningRate(0, 2000), 1e-12);
        assertEquals(1e-4, loaded.config().learningRate(0, 2000), 1e-12);
    }

    @Test
    void iwaeRecipeTrainsTheBoundWithK5AndK50OnTheVaeRecipesSettings() {
        IwaeMnistRecipe recipe = new IwaeMnistRecipe();
        IwaeVaeMnistRecipe vae = new IwaeVaeMnistRecipe();
        assertEquals(vae.defaultSettings(), recipe.defaultSettings());
        assertEquals(vae.defaultConfig().toBuilder().iwaeSamples(5).build(), recipe.defaultConfig());
        java.util.List<Integer> ks = recipe.variants().stream().map(v -> new org.vae4j.examples.config.ConfigOverrides()
                .putAll(v.overrides()).applyTo(recipe.defaults()).vae().iwaeSamples()).toList();
        assertEquals(java.util.List.of(5, 50), ks);
        assertEquals(84.78, IwaeMnistRecipe.PAPER_NEGATIVE_LOG_LIKELIHOOD_NATS.get(50));
    }

    @Test
    void setLearningRateScalesTheWholeSchedule() {
        IwaeVaeMnistRecipe recipe = new IwaeVaeMnistRecipe();
        var config = new org.vae4j.examples.config.ConfigOverrides().put("learningRate", "2e-3")
                .applyTo(recipe.defaults()).vae();
        assertEquals(2e-3, config.learningRate(0, 0), 1e-15);
        assertEquals(2e-4, config.learningRate(0, 1093), 1e-15);
        var adagrad = new org.vae4j.examples.config.ConfigOverrides().put("updater", "adagrad")
                .applyTo(recipe.defaults()).vae();
        assertEquals(org.nd4j.linalg.learning.config.AdaGrad.class, adagrad.updater().getClass());
        assertEquals(1e-4, adagrad.learningRate(0, 1093), 1e-15);
    }

    private static IUpdater updater(VaeModel model) {
        return ((BaseLayer) model.layer().conf().getLayer()).getIUpdater();
    }
}
