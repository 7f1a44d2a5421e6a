package org.vae4j.examples.config;

import org.vae4j.core.config.InvalidConfigException;
import org.vae4j.datasets.binarize.Binarization;

/**
 * What a recipe needs besides the {@link org.vae4j.core.config.VaeConfig}: how long to train, on
 * how much of which data, and how to evaluate. Every field can be overridden with
 * {@code --set name=value} or a config file; errors name the field, value and allowed range.
 *
 * @param epochs                planned training epochs (the full schedule of the recipe)
 * @param batchSize             minibatch size, examples
 * @param binarization          how training pixels are turned into data; evaluation uses the
 *                              matching fixed version (DYNAMIC and STATIC_SAMPLED evaluate on
 *                              STATIC_SAMPLED, so test data is the same every time)
 * @param trainLimit            first n training examples only; -1 = all
 * @param validationSize        examples held out of the training file for validation
 * @param testLimit             first n test examples for evaluation and plots; -1 = all
 * @param evalImportanceSamples k of the importance-sampled log p(x) after training; 0 = skip
 * @param budgetEpochs          stop after this many epochs even if the schedule is longer; 0 = none
 * @param budgetMinutes         stop (with a checkpoint) after this much training wall time in one
 *                              invocation; 0 = none
 */
public record RecipeSettings(int epochs, int batchSize, Binarization binarization, int trainLimit,
                             int validationSize, int testLimit, int evalImportanceSamples, int budgetEpochs,
                             double budgetMinutes) {

    private static final String NAME = "RecipeSettings.";

    public RecipeSettings {
        atLeast("epochs", epochs, 1);
        atLeast("batchSize", batchSize, 1);
        if (binarization == null) {
            throw new InvalidConfigException(NAME + "binarization", null, "one of NONE, STATIC_THRESHOLD, "
                    + "STATIC_SAMPLED, DYNAMIC");
        }
        limit("trainLimit", trainLimit);
        atLeast("validationSize", validationSize, 1);
        limit("testLimit", testLimit);
        atLeast("evalImportanceSamples", evalImportanceSamples, 0);
        atLeast("budgetEpochs", budgetEpochs, 0);
        if (!(budgetMinutes >= 0 && Double.isFinite(budgetMinutes))) {
            throw new InvalidConfigException(NAME + "budgetMinutes", budgetMinutes, "must be finite and >= 0");
        }
    }

    /** Epochs this run trains: the schedule, cut to the epoch budget. */
    public int effectiveEpochs() {
        return budgetEpochs > 0 ? Math.min(epochs, budgetEpochs) : epochs;
    }

    /** The fixed binarization used for validation and test data. */
    public Binarization evaluationBinarization() {
        return binarization == Binarization.DYNAMIC ? Binarization.STATIC_SAMPLED : binarization;
    }

    private static void atLeast(String field, long value, long min) {
        if (value < min) {
            throw new InvalidConfigException(NAME + field, value, "must be >= " + min);
        }
    }

    private static void limit(String field, int value) {
        if (value < -1 || value == 0) {
            throw new InvalidConfigException(NAME + field, value, "must be -1 (all) or >= 1");
        }
    }
}
