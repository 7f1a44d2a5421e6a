package org.vae4j.examples.bench;

import java.util.Locale;
import java.util.stream.Collectors;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.datasets.binarize.Binarization;
import org.vae4j.examples.config.RecipeSettings;
import org.vae4j.examples.recipes.IwaeVaeMnistRecipe;
import org.vae4j.examples.recipes.KingmaWellingMnistRecipe;
import org.vae4j.examples.recipes.Recipe;

/**
 * The training configurations of the speed protocol (issues 13 and 21) and their PyTorch twins in
 * {@code bench/pytorch_train.py}, which must stay in step with this class. {@link #TABULAR} is sized from
 * its CSV file ({@link TabularBench}); the others are fixed MNIST models.
 */
public enum BenchmarkModel {

    /**
     * bench/run.sh's model ({@code TrainBenchmark}'s {@code mnist} arch): 784-400-20 ReLU, Adam 1e-3,
     * batch 128, float32, all 60,000 training images binarized once (pixel / 255 &gt; 0.5) and held
     * in memory.
     */
    BENCH("bench", null, 128),
    /** {@code kingma-welling-mnist}'s config and data: 784-500-20 tanh, AdaGrad 0.02, L2, batch 100, dynamic. */
    KINGMA_WELLING("kingma-welling", new KingmaWellingMnistRecipe(), 100),
    /** {@code iwae-vae-mnist}'s config and data: 784-200-200-50 tanh, Adam with its schedule, batch 20, dynamic. */
    IWAE("iwae", new IwaeVaeMnistRecipe(), 20),
    /**
     * {@code train --data FILE.csv --likelihood gaussian}'s default model and data pipeline on a CSV file
     * ({@link TabularBench}): one tanh hidden layer sized from the columns, learned-scale Gaussian, Adam 5e-3,
     * batch 64, standardized columns.
     */
    TABULAR("tabular", null, 64);

    private static final int MNIST_TRAIN_FILE_EXAMPLES = 60_000;

    private final String cliName;
    private final Recipe recipe;
    private final int batchSize;

    BenchmarkModel(String cliName, Recipe recipe, int batchSize) {
        this.cliName = cliName;
        this.recipe = recipe;
        this.batchSize = batchSize;
    }

    /** The name on the command line and in RESULT lines. */
    public String cliName() {
        return cliName;
    }

    /** The recipe whose config and data this model uses, or null for {@link #BENCH} and {@link #TABULAR}. */
    public Recipe recipe() {
        return recipe;
    }

    /** Examples per minibatch (for the recipes: their own default, checked by a test). */
    public int batchSize() {
        return batchSize;
    }

    /** Whether the model is sized from a CSV file given with {@code --data} ({@link #TABULAR}). */
    public boolean fromData() {
        return this == TABULAR;
    }

    /**
     * The model's configuration, seeded with {@code seed} (initial weights and training noise).
     *
     * @throws IllegalStateException for {@link #TABULAR}, whose configuration depends on its data
     *                               ({@link TabularBench#config})
     */
    public VaeConfig config(long seed) {
        requireFixed();
        if (recipe != null) {
            return recipe.defaultConfig().toBuilder().seed(seed).build();
        }
        return VaeConfig.builder().inputSize(784).encoderLayerSizes(400).latentSize(20)
                .hiddenActivation(Activation.RELU).dataType(DataType.FLOAT).seed(seed).build();
    }

    /** The recipe's settings with the training set cut to {@code limit} examples (null = all). */
    RecipeSettings recipeSettings(Integer limit) {
        RecipeSettings s = recipe.defaultSettings();
        return new RecipeSettings(s.epochs(), s.batchSize(), s.binarization(), limit == null ? -1 : limit,
                s.validationSize(), s.testLimit(), s.evalImportanceSamples(), s.budgetEpochs(), s.budgetMinutes());
    }

    /**
     * Training examples per epoch: MNIST's 60,000 training images (BENCH) or those the recipe does not
     * hold out for validation, cut to {@code limit} (null = all).
     *
     * @throws IllegalStateException for {@link #TABULAR}: its rows are known once its file is read
     */
    public int trainingExamples(Integer limit) {
        requireFixed();
        int all = MNIST_TRAIN_FILE_EXAMPLES - (recipe == null ? 0 : recipe.defaultSettings().validationSize());
        return limit == null ? all : Math.min(limit, all);
    }

    /**
     * How training examples are binarized: static threshold for {@link #BENCH}, none for {@link #TABULAR}, the
     * recipe's otherwise.
     */
    public Binarization binarization() {
        if (this == TABULAR) {
            return Binarization.NONE;
        }
        return recipe == null ? Binarization.STATIC_THRESHOLD : recipe.defaultSettings().binarization();
    }

    private void requireFixed() {
        if (fromData()) {
            throw new IllegalStateException(cliName + " is sized from its CSV file: see TabularBench");
        }
    }

    /** E.g. {@code 784-400-20 relu}: the layer sizes of the encoder, the latent size and the hidden activation. */
    public static String architecture(VaeConfig c) {
        return c.inputSize() + "-" + c.encoderLayerSizes().stream().map(String::valueOf).collect(Collectors.joining("-"))
                + "-" + c.latentSize() + " " + c.hiddenActivation().name().toLowerCase(Locale.ROOT);
    }
}
