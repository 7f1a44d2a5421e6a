package org.vae4j.examples.spark;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.provenance.DataDescription;
import org.vae4j.core.train.TrainingResult;
import org.vae4j.spark.CsvRows;
import org.vae4j.spark.DataSetFiles;
import org.vae4j.spark.SparkVaeTrainer;
import org.vae4j.examples.run.MetricsCsvListener;
import org.vae4j.examples.run.RunFolder;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Spark entry point: {@code spark-submit --class org.vae4j.examples.spark.SparkTrain vae4j.jar
 * --config vae.json --train hdfs://.../train.csv ...} (see docs/spark.md). Writes the run folder
 * of single-machine training (config.json, metrics.csv, checkpoints, model.zip) on the driver and
 * resumes a run folder exactly ({@code --resume RUN_DIR}).
 */
@Command(name = "vae4j-spark", mixinStandardHelpOptions = true,
        description = "Train a vae4j model on Spark by synchronous parameter averaging; writes a run folder.")
public final class SparkTrain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SparkTrain.class);

    @Option(names = "--config", paramLabel = "PATH",
            description = "VaeConfig JSON (as written to config.json), any Hadoop-readable path; not with --resume.")
    String configPath;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue the run in this run folder from its newest checkpoint, exactly; give the same "
                    + "data, workers, averaging frequency and batch size, and the total --epochs.")
    Path resumeRun;

    @Option(names = "--train", required = true, paramLabel = "PATH",
            description = "Training examples: a file, directory or glob on any Hadoop-readable path; with --format csv "
                    + "numbers separated by commas/whitespace, one example per line, no header.")
    String trainPath;

    @Option(names = "--validation", paramLabel = "PATH",
            description = "Validation rows (same format), collected to the driver for the per-epoch ELBO.")
    String validationPath;

    /** How the --train and --validation paths are read. */
    enum Format {
        /** numbers separated by commas/whitespace, one example per line ({@link CsvRows}) */
        csv,
        /** DL4J DataSets written by DataSet.save, features used ({@link DataSetFiles}) */
        dataset
    }

    @Option(names = "--format", defaultValue = "csv",
            description = "Data format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--workers", defaultValue = "2", description = "Data-parallel workers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--averaging-frequency", defaultValue = "5",
            description = "Steps per worker between parameter averagings (default: ${DEFAULT-VALUE}).")
    int averagingFrequency;

    @Option(names = "--batch-size", defaultValue = "100", description = "Examples per minibatch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--epochs", defaultValue = "5", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--runs-dir", defaultValue = "runs", description = "Parent folder of run folders, on the driver.")
    Path runsDirectory;

    @Option(names = "--master", description = "Spark master when not launched by spark-submit (default: local[workers]).")
    String master;

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
        if ((configPath == null) == (resumeRun == null)) {
            throw new IllegalArgumentException("give either --config (a new run) or --resume RUN_DIR");
        }
        RunFolder run;
        SparkVaeTrainer.Builder builder;
        if (resumeRun != null) {
            run = RunFolder.open(resumeRun);
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
        JavaRDD<double[]> train = read(spark, trainPath, config.inputSize());
        builder.workers(workers).averagingFrequency(averagingFrequency).batchSize(batchSize).epochs(epochs)
                .checkpointDirectory(run.checkpoints()).checkpointEveryEpochs(1)
                .listener(new MetricsCsvListener(run.resolve(RunFolder.METRICS)));
        if (validationPath != null) {
            builder.validation(collect(read(spark, validationPath, config.inputSize())), 500);
        }
        LOG.info("Training on {} with {} workers, averaging every {} steps, minibatch {}, {} epochs; run folder {}",
                spark.master(), workers, averagingFrequency, batchSize, epochs, run);
        TrainingResult result = builder.build().fit(train);
        model.setData(new DataDescription(trainPath, "train", "NONE", config.seed(),
                model.training().examplesSeen() / epochs, java.util.Map.of()));
        model.save(run.resolve(RunFolder.MODEL));
        if (result.lastEpoch() != null) {
            System.out.printf(Locale.ROOT, "Train -ELBO %.3f, validation -ELBO %.3f nats/example after %d epochs.%n",
                    result.lastEpoch().trainNegativeElbo(), result.lastEpoch().validationNegativeElbo(),
                    result.history().size());
        }
        return run.directory();
    }

    private JavaRDD<double[]> read(JavaSparkContext spark, String path, int columns) {
        return format == Format.dataset ? DataSetFiles.read(spark, path, columns) : CsvRows.read(spark, path, columns);
    }

    private static INDArray collect(JavaRDD<double[]> rows) {
        List<double[]> all = rows.collect();
        if (all.isEmpty()) {
            throw new IllegalArgumentException("The validation data holds no examples");
        }
        return Nd4j.create(all.toArray(new double[0][]));
    }
}
