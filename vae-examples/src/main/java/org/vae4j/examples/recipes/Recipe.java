package org.vae4j.examples.recipes;

import java.io.IOException;
import java.util.List;

import org.vae4j.core.config.VaeConfig;
import org.vae4j.examples.config.EffectiveConfig;
import org.vae4j.examples.config.RecipeSettings;
import org.vae4j.examples.run.RunContext;

/**
 * A named, reproducible experiment: a model (VaeConfig), data and training settings, and the
 * evaluation and figures to make afterwards. Defaults come from the paper the recipe follows;
 * every value can be overridden (see {@link org.vae4j.examples.config.ConfigOverrides}).
 */
public interface Recipe {

    String name();

    /** One line for {@code vae4j recipes}. */
    String summary();

    /** What the recipe reproduces and how it differs from the paper. */
    String description();

    RecipeSettings defaultSettings();

    VaeConfig defaultConfig();

    /** Runs to make in turn; most recipes have one, unnamed. */
    default List<Variant> variants() {
        return List.of(Variant.SINGLE);
    }

    /** The configuration before user overrides: defaults plus the variant's own overrides. */
    default EffectiveConfig defaults() {
        return new EffectiveConfig(name(), "", defaultSettings(), defaultConfig());
    }

    RecipeData loadData(RecipeSettings settings, long seed) throws IOException;

    /** Recipe-specific analysis after training, evaluation and the standard plots. */
    default void afterTraining(RunContext run) throws IOException {
    }
}
