package org.vae4j.examples.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.vae4j.core.model.VaeModel;
import org.vae4j.examples.config.EffectiveConfig;
import org.vae4j.examples.recipes.DataRecipe;
import org.vae4j.examples.recipes.Recipe;
import org.vae4j.examples.recipes.RecipeData;
import org.vae4j.examples.recipes.Recipes;
import org.vae4j.examples.run.RunFolder;

/**
 * A trained model named on the command line: a run folder (its model.zip and config.json) or a
 * model zip (with the config.json next to it when it lies in a run folder).
 *
 * @param folder the run folder, or null for a model zip outside one
 * @param config the run's effective config, or null
 */
record ModelSource(Path modelFile, VaeModel model, RunFolder folder, EffectiveConfig config) {

    static ModelSource open(Path path) throws IOException {
        Path modelFile = Files.isDirectory(path) ? path.resolve(RunFolder.MODEL) : path;
        if (!Files.isRegularFile(modelFile)) {
            throw new FileNotFoundException(modelFile + " not found: give a run folder (with " + RunFolder.MODEL
                    + ") or a model zip");
        }
        Path dir = modelFile.toAbsolutePath().getParent();
        RunFolder folder = null;
        EffectiveConfig config = null;
        if (dir != null && Files.exists(dir.resolve(RunFolder.CONFIG))) {
            folder = RunFolder.open(dir);
            config = folder.readConfig();
        }
        return new ModelSource(modelFile, VaeModel.load(modelFile), folder, config);
    }

    /** Where output goes by default: the run folder, else the model's folder. */
    Path outputDirectory() {
        return folder != null ? folder.directory() : modelFile.toAbsolutePath().getParent();
    }

    /** The run's data (with {@code testLimit} replaced when given); needs a run folder or a recipe name. */
    RecipeData data(String recipeName, Integer testLimit) throws IOException {
        EffectiveConfig base;
        Recipe recipe;
        if (config != null && recipeName == null && DataRecipe.NAME.equals(config.recipe())) {
            recipe = DataRecipe.fromRunFolder(folder);
            base = config;
        } else if (config != null) {
            recipe = Recipes.named(recipeName != null ? recipeName : config.recipe());
            base = config;
        } else if (recipeName != null) {
            recipe = Recipes.named(recipeName);
            base = recipe.defaults();
        } else {
            throw new IllegalArgumentException(modelFile + " is not in a run folder: name its data with --recipe");
        }
        var overrides = new org.vae4j.examples.config.ConfigOverrides();
        if (testLimit != null) {
            overrides.put("testLimit", String.valueOf(testLimit));
        }
        EffectiveConfig effective = overrides.applyTo(new EffectiveConfig(recipe.name(), base.variant(),
                base.settings(), base.vae()));
        return recipe.loadData(effective.settings(), model.config().seed());
    }
}
