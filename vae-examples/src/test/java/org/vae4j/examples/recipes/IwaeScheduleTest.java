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
import org.vae4j.examples.run.RecipeRunner;

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

    /** The updater the trainer uses reads the schedule, and a saved model (or checkpoint) keeps it. */
    @Test
    void scheduleReachesTheLayerUpdaterAndSurvivesSaveLoad(@TempDir Path dir) throws IOException {
        IwaeVaeMnistRecipe recipe = new IwaeVaeMnistRecipe();
        VaeModel model = VaeModel.create(recipe.defaultConfig());
        RecipeRunner.applyLearningRateSchedule(model, recipe.learningRateSchedule(recipe.defaults()));
        assertEquals(1e-3 * Math.pow(10, -2 / 7.0), updater(model).getLearningRate(0, 5), 1e-12);
        model.save(dir.resolve("model.zip"));
        VaeModel loaded = VaeModel.load(dir.resolve("model.zip"));
        assertEquals(1e-3, updater(loaded).getLearningRate(0, 0), 1e-12);
        assertEquals(1e-4, updater(loaded).getLearningRate(0, 2000), 1e-12);
    }

    private static IUpdater updater(VaeModel model) {
        return ((BaseLayer) model.layer().conf().getLayer()).getIUpdater();
    }
}
