package org.vae4j.examples.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.provenance.DataDescription;
import org.vae4j.core.train.LoggingListener;
import org.vae4j.core.train.TrainingResult;
import org.vae4j.datasets.iterator.ByteImageDataSetIterator;
import org.vae4j.examples.config.ConfigOverrides;
import org.vae4j.examples.config.EffectiveConfig;
import org.vae4j.examples.config.RecipeSettings;
import org.vae4j.examples.recipes.Recipe;
import org.vae4j.examples.recipes.RecipeData;
import org.vae4j.examples.recipes.Recipes;
import org.vae4j.examples.recipes.Variant;
import org.vae4j.examples.run.MetricsCsvListener;
import org.vae4j.examples.run.RecipeRunner;
import org.vae4j.examples.run.RunFolder;
import org.vae4j.spark.CsvRows;
import org.vae4j.spark.DataSetFiles;
import org.vae4j.spark.SparkVaeTrainer;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Spark entry point: {@code spark-submit --class org.vae4j.examples.spark.SparkTrain vae4j.jar
 * --recipe kingma-welling-mnist ...} or {@code ... --config vae.json --train hdfs://.../train.csv ...}
 * (see docs/spark.md). Writes the run folder of single-machine training (config.json, metrics.csv,
 * checkpoints, model.zip; for a recipe also data.json, so that {@code vae4j eval} reads it) on the
 * driver, logs a progress line per averaging round, and resumes a run folder exactly
 * ({@code --resume RUN_DIR}).
 */
@Command(name = "vae4j-spark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a vae4j model on Spark by synchronous parameter averaging; writes a run folder.")
public final class SparkTrain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SparkTrain.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--recipe", paramLabel = "NAME",
            description = "A recipe of 'vae4j recipes' (its VaeConfig, settings and image data, read on the driver from "
                    + "the data directory as './vae4j train --recipe' reads it); not with --config or --train.")
    String recipe;

    @Option(names = "--variant", description = "With --recipe: the variant, for a recipe that has several.")
    String variant;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "With --recipe: override a recipe setting or VaeConfig field, as './vae4j train --set'. "
                    + "Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--config", paramLabel = "PATH",
            description = "VaeConfig JSON (a --config run's config.json, or the 'vae' part of a recipe run's), any "
                    + "Hadoop-readable path; needs --train.")
    String configPath;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue the run in this run folder from its newest checkpoint, exactly; give the same "
                    + "data (--train for a --config run), workers, averaging frequency and batch size, and the "
                    + "total --epochs.")
    Path resumeRun;

    @Option(names = "--train", paramLabel = "PATH",
            description = "Training examples of a --config run: a file, directory or glob on any Hadoop-readable path; "
                    + "with --format csv numbers separated by commas/whitespace, one example per line, no header.")
    String trainPath;

    @Option(names = "--validation", paramLabel = "PATH",
            description = "Validation rows of a --config run (same format), collected to the driver for the "
                    + "per-epoch ELBO.")
    String validationPath;

    /** How the --train and --validation paths are read. */
    enum Format {
        /** numbers separated by commas/whitespace, one example per line ({@link CsvRows}) */
        csv,
        /** DL4J DataSets written by DataSet.save, features used ({@link DataSetFiles}) */
        dataset
    }

    @Option(names = "--format", defaultValue = "csv",
            description = "Data format of --train and --validation: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--workers", defaultValue = "2", description = "Data-parallel workers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--averaging-frequency", defaultValue = "5",
            description = "Steps per worker between parameter averagings (default: ${DEFAULT-VALUE}).")
    int averagingFrequency;

    @Option(names = "--batch-size", description = "Examples per minibatch per worker (default: the recipe's, or "
            + DEFAULT_BATCH_SIZE + ").")
    Integer batchSize;

    @Option(names = "--epochs", description = "Training epochs in all (default: the recipe's, or " + DEFAULT_EPOCHS
            + ").")
    Integer epochs;

    @Option(names = "--runs-dir", defaultValue = "runs", description = "Parent folder of run folders, on the driver.")
    Path runsDirectory;

    @Option(names = "--master", description = "Spark master when not launched by spark-submit (default: local[workers]).")
    String master;

    static final int DEFAULT_BATCH_SIZE = 100;
    static final int DEFAULT_EPOCHS = 5;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new SparkTrain());
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            cmd.getErr().println(cmd.getColorScheme().errorText("vae4j-spark: " + e.getMessage()));
            if (Boolean.getBoolean("vae4j.stacktrace")) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return commandLine;
    }

    @Override
    public Integer call() throws Exception {
        SparkConf conf = new SparkConf().setAppName("vae4j-spark");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[" + workers + "]");
        }
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            Path run = train(spark);
            System.out.println("Run folder: " + run.toAbsolutePath());
        }
        return 0;
    }

    /** Trains with an existing context (tests share one) and returns the run folder. */
    Path train(JavaSparkContext spark) throws Exception {
        int modes = (recipe != null ? 1 : 0) + (configPath != null ? 1 : 0) + (resumeRun != null ? 1 : 0);
        if (modes != 1) {
            throw new IllegalArgumentException("give one of --recipe NAME, --config PATH (with --train) "
                    + "or --resume RUN_DIR");
        }
        if (recipe == null && (variant != null || !sets.isEmpty())) {
            throw new IllegalArgumentException("--variant and --set go with --recipe");
        }
        RunFolder resumed = resumeRun != null ? RunFolder.open(resumeRun) : null;
        boolean recipeRun = recipe != null || (resumed != null && isRecipeConfig(resumed));
        if (recipeRun && (trainPath != null || validationPath != null)) {
            throw new IllegalArgumentException("--train and --validation are for --config runs: a recipe brings its "
                    + "own data");
        }
        if (!recipeRun && trainPath == null) {
            throw new IllegalArgumentException("--train is needed: the training data of a --config run");
        }
        return recipeRun ? trainRecipe(spark, resumed) : trainRows(spark, resumed);
    }

    /** A recipe's run: its image data read on the driver, the images broadcast, example ids trained on. */
    private Path trainRecipe(JavaSparkContext spark, RunFolder resumed) throws Exception {
        ConfigOverrides overrides = new ConfigOverrides();
        sets.forEach(overrides::set);
        if (epochs != null) {
            overrides.put("epochs", String.valueOf(epochs));
        }
        if (batchSize != null) {
            overrides.put("batchSize", String.valueOf(batchSize));
        }
        EffectiveConfig config;
        if (resumed != null) {
            overrides.requireSettingsOnly("--resume continues the saved VaeConfig");
            config = overrides.applyTo(resumed.readConfig());
        } else {
            config = overrides.applyTo(defaults(Recipes.named(recipe)));
        }
        Recipe chosen = Recipes.named(config.recipe());
        RecipeSettings settings = config.settings();
        RecipeData data = chosen.loadData(settings, config.vae().seed());
        if (!(data.train() instanceof ByteImageDataSetIterator images)) {
            throw new IllegalArgumentException("recipe " + chosen.name() + ": only recipes of image data train on Spark "
                    + "with --recipe; give --config and --train for other data");
        }
        RunFolder run;
        SparkVaeTrainer.Builder builder;
        if (resumed != null) {
            run = resumed;
            builder = SparkVaeTrainer.resume(spark, run.checkpoints());
        } else {
            run = RunFolder.create(runsDirectory, chosen.name() + (config.variant().isEmpty() ? "" : "-"
                    + config.variant()) + "-spark");
            run.writeText(RunFolder.CONFIG, config.toJson());
            run.writeText(RunFolder.DATA, RecipeRunner.dataJson(data));
            VaeModel created = VaeModel.create(config.vae());
            created.setData(data.train().description());
            builder = SparkVaeTrainer.builder(spark, created);
        }
        VaeModel model = builder.model();
        INDArray probe = RecipeRunner.trainProbe(data, model.config());
        configure(builder, run, settings.batchSize(), settings.effectiveEpochs(),
                new MetricsCsvListener(run.resolve(RunFolder.METRICS), () -> model, probe));
        builder.validation(data.validation());
        // The single-machine iterator's order and (BroadcastImages) its binarization draws: one worker
        // trains exactly as './vae4j train --recipe' does.
        builder.epochOrder((examples, epoch) -> images.epochOrder(epoch));
        if (settings.budgetMinutes() > 0) {
            builder.timeBudget(Duration.ofNanos((long) (settings.budgetMinutes() * 60e9)));
        }
        SparkVaeTrainer trainer = builder.build();
        if (resumed != null) {
            // Only once the checkpoint read and the trainer took the settings: a failed resume changes no file.
            run.writeText(RunFolder.CONFIG, config.toJson());
        }
        List<Integer> ids = Arrays.stream(images.exampleIds()).boxed().toList();
        JavaRDD<Integer> examples = spark.parallelize(ids, Math.max(workers, spark.defaultParallelism()));
        log(spark, run, settings.batchSize(), settings.effectiveEpochs(), chosen.name() + " (" + ids.size()
                + " training images)");
        Broadcast<ByteImageDataSetIterator> broadcast = spark.broadcast(images);
        TrainingResult result;
        try {
            result = trainer.fit(examples, new BroadcastImages(broadcast));
        } finally {
            broadcast.destroy();   // 47 MB for MNIST, on the driver and every executor: not left to a shared context
        }
        return finish(model, run, result);
    }

    /** A run on rows of a Hadoop-readable path, with a VaeConfig JSON. */
    private Path trainRows(JavaSparkContext spark, RunFolder resumed) throws Exception {
        int batch = batchSize != null ? batchSize : DEFAULT_BATCH_SIZE;
        int totalEpochs = epochs != null ? epochs : DEFAULT_EPOCHS;
        RunFolder run;
        SparkVaeTrainer.Builder builder;
        if (resumed != null) {
            run = resumed;
            builder = SparkVaeTrainer.resume(spark, run.checkpoints());
        } else {
            VaeConfig config = VaeConfig.fromJson(String.join("\n", spark.textFile(configPath, 1).collect()));
            run = RunFolder.create(runsDirectory, "spark");
            run.writeText(RunFolder.CONFIG, config.toJson());
            builder = SparkVaeTrainer.builder(spark, VaeModel.create(config));
        }
        VaeModel model = builder.model();
        VaeConfig config = model.config();
        // No repartition here: its output order depends on shuffle fetch order, and the example
        // index (hence each epoch's minibatches) must not change between runs.
        JavaRDD<double[]> train = read(spark, trainPath, config);
        configure(builder, run, batch, totalEpochs, new MetricsCsvListener(run.resolve(RunFolder.METRICS)));
        if (validationPath != null) {
            builder.validation(collect(read(spark, validationPath, config)), 500);
        }
        log(spark, run, batch, totalEpochs, trainPath);
        TrainingResult result = builder.build().fit(train);
        model.setData(new DataDescription(trainPath, "train", "NONE", config.seed(),
                model.training().examplesSeen() / totalEpochs, Map.of()));
        return finish(model, run, result);
    }

    private void configure(SparkVaeTrainer.Builder builder, RunFolder run, int batch, int totalEpochs,
                           MetricsCsvListener metrics) {
        builder.workers(workers).averagingFrequency(averagingFrequency).batchSize(batch).epochs(totalEpochs)
                .checkpointDirectory(run.checkpoints()).checkpointEveryEpochs(1)
                .listener(metrics)
                // One line per averaging round (an update unit on Spark), as single-machine training logs.
                .listener(new LoggingListener(1));
    }

    private void log(JavaSparkContext spark, RunFolder run, int batch, int totalEpochs, String data) {
        LOG.info("Training on {} with {} workers, averaging every {} steps, minibatch {} per worker, {} epochs, "
                + "data {}; run folder {}", spark.master(), workers, averagingFrequency, batch, totalEpochs, data, run);
    }

    private static Path finish(VaeModel model, RunFolder run, TrainingResult result) throws java.io.IOException {
        model.save(run.resolve(RunFolder.MODEL));
        if (result.lastEpoch() != null) {
            System.out.printf(Locale.ROOT, "Train -ELBO %.3f, validation -ELBO %.3f nats/example after %d epochs "
                            + "(%s).%n", result.lastEpoch().trainNegativeElbo(),
                    result.lastEpoch().validationNegativeElbo(), result.lastEpoch().epoch() + 1, result.stopReason());
        }
        return run.directory();
    }

    /** The recipe's defaults with the chosen variant's overrides, as {@code vae4j train} starts from. */
    private EffectiveConfig defaults(Recipe chosen) {
        List<Variant> variants = chosen.variants();
        Variant v;
        if (variant != null) {
            v = variants.stream().filter(x -> x.name().equals(variant)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("Recipe " + chosen.name() + " has no variant '" + variant
                            + "'; variants: " + variants.stream().map(Variant::name).toList()));
        } else if (variants.size() == 1) {
            v = variants.get(0);
        } else {
            throw new IllegalArgumentException("Recipe " + chosen.name() + " has several variants: choose one with "
                    + "--variant " + variants.stream().map(Variant::name).toList());
        }
        return new ConfigOverrides().putAll(v.overrides()).applyTo(
                new EffectiveConfig(chosen.name(), v.name(), chosen.defaultSettings(), chosen.defaultConfig()));
    }

    /** Whether a run folder's config.json is a recipe run's (not a bare VaeConfig of a --config run). */
    private static boolean isRecipeConfig(RunFolder run) throws java.io.IOException {
        return JSON.readTree(Files.readString(run.resolve(RunFolder.CONFIG))).has("recipe");
    }

    /**
     * The rows the model's layer reads: CSV rows of inputSize values, or for a conditional VAE
     * inputSize + conditionSize ([x | c]); DataSet files' features, and a conditional VAE's labels
     * as c.
     */
    private JavaRDD<double[]> read(JavaSparkContext spark, String path, VaeConfig config) {
        return format == Format.dataset ? DataSetFiles.read(spark, path, config.inputSize(), config.conditionSize())
                : CsvRows.read(spark, path, config.networkInputSize());
    }

    private static INDArray collect(JavaRDD<double[]> rows) {
        List<double[]> all = rows.collect();
        if (all.isEmpty()) {
            throw new IllegalArgumentException("The validation data holds no examples");
        }
        return Nd4j.create(all.toArray(new double[0][]));
    }
}
