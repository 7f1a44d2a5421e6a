package org.vae4j.examples.run;

import org.vae4j.core.model.VaeModel;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.examples.config.EffectiveConfig;
import org.vae4j.examples.recipes.RecipeData;

/**
 * What a recipe's after-training step can use: the trained model, its data, the run folder and
 * the test-set evaluation (null when evalImportanceSamples is 0).
 */
public record RunContext(EffectiveConfig config, RunFolder folder, VaeModel model, RecipeData data,
                         LogLikelihoodReport evaluation, Progress progress) {
}
