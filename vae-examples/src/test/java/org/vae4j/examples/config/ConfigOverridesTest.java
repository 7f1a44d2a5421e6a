package org.vae4j.examples.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.config.InvalidConfigException;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.distribution.ContinuousBernoulliReconstructionDistribution;
import org.vae4j.datasets.binarize.Binarization;
import org.vae4j.examples.recipes.KingmaWellingMnistRecipe;

class ConfigOverridesTest {

    private final EffectiveConfig base = new KingmaWellingMnistRecipe().defaults();

    @Test
    void setOverridesVaeConfigAndRecipeSettings() {
        EffectiveConfig c = new ConfigOverrides().set("latentSize=10").set("learningRate=3e-4")
                .set("encoderLayerSizes=400,300").set("updater=adam").set("binarization=static_threshold")
                .set("epochs=7").set("likelihood=continuous-bernoulli").applyTo(base);
        assertEquals(10, c.vae().latentSize());
        assertEquals(3e-4, c.vae().learningRate());
        assertEquals(List.of(400, 300), c.vae().encoderLayerSizes());
        assertEquals(org.nd4j.linalg.learning.config.Adam.class, c.vae().updater().getClass());
        assertEquals(Binarization.STATIC_THRESHOLD, c.settings().binarization());
        assertEquals(7, c.settings().epochs());
        assertTrue(c.vae().reconstructionDistribution() instanceof ContinuousBernoulliReconstructionDistribution);
        assertEquals(base.vae().decoderLayerSizes(), c.vae().decoderLayerSizes(), "untouched fields keep defaults");
        assertEquals(c, EffectiveConfig.fromJson(c.toJson()), "round trip through config.json");
    }

    @Test
    void yamlAndJsonFilesAndLaterOverridesWin(@TempDir Path dir) throws IOException {
        Path yaml = Files.writeString(dir.resolve("c.yaml"), "latentSize: 5\nbatchSize: 50\n"
                + "encoderLayerSizes: [300]\nlearningRate: 0.01\n");
        EffectiveConfig fromYaml = new ConfigOverrides().addFile(yaml).set("batchSize=25").applyTo(base);
        assertEquals(5, fromYaml.vae().latentSize());
        assertEquals(List.of(300), fromYaml.vae().encoderLayerSizes());
        assertEquals(0.01, fromYaml.vae().learningRate());
        assertEquals(25, fromYaml.settings().batchSize(), "--set after --config wins");

        // A run's config.json works as a config file: it reproduces that run's values.
        Path json = Files.writeString(dir.resolve("config.json"), fromYaml.toJson());
        EffectiveConfig again = new ConfigOverrides().addFile(json).applyTo(base);
        assertEquals(fromYaml.vae(), again.vae());
        assertEquals(fromYaml.settings(), again.settings());
    }

    @Test
    void badValuesNameTheFieldValueAndRange(@TempDir Path dir) throws IOException {
        InvalidConfigException zero = assertThrows(InvalidConfigException.class,
                () -> new ConfigOverrides().set("latentSize=0").applyTo(base));
        assertEquals("VaeConfig.latentSize = 0: must be >= 1", zero.getMessage());
        InvalidConfigException text = assertThrows(InvalidConfigException.class,
                () -> new ConfigOverrides().set("latentSize=ten").applyTo(base));
        assertEquals("VaeConfig.latentSize = 'ten': must be an integer", text.getMessage());
        InvalidConfigException batch = assertThrows(InvalidConfigException.class,
                () -> new ConfigOverrides().set("batchSize=-5").applyTo(base));
        assertEquals("RecipeSettings.batchSize = -5: must be >= 1", batch.getMessage());
        InvalidConfigException likelihood = assertThrows(InvalidConfigException.class,
                () -> new ConfigOverrides().set("likelihood=cauchy").applyTo(base));
        assertTrue(likelihood.getMessage().startsWith("likelihood = cauchy: one of"), likelihood.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new ConfigOverrides().set("latentSzie=3").applyTo(base));
        assertTrue(unknown.getMessage().startsWith("Unknown setting 'latentSzie'"), unknown.getMessage());
        Path yaml = Files.writeString(dir.resolve("bad.yml"), "learningRate: -1\n");
        InvalidConfigException fromFile = assertThrows(InvalidConfigException.class,
                () -> new ConfigOverrides().addFile(yaml).applyTo(base));
        assertTrue(fromFile.getMessage().startsWith("VaeConfig.learningRate = -1.0"), fromFile.getMessage());
    }
}
