package org.vae4j.examples.run;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.core.backend.BackendInfo;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.LoggingListener;
import org.vae4j.core.train.TrainingResult;
import org.vae4j.core.train.VaeTrainer;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.LogLikelihoodSummary;
import org.vae4j.examples.config.EffectiveConfig;
import org.vae4j.examples.config.RecipeSettings;
import org.vae4j.examples.recipes.Recipe;
import org.vae4j.examples.recipes.RecipeData;

/**
 * Trains one run of a recipe into its run folder, then evaluates and plots it: the whole
 * pipeline behind {@code vae4j train}.
 */
public final class RecipeRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RecipeRunner.class);
    /** Training examples whose KL and reconstruction term metrics.csv tracks each epoch. */
    static final int TRAIN_PROBE_EXAMPLES = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param stopReason    why training ended; STOP_REQUESTED means Ctrl-C
     * @param evaluation    test-set log p(x), or null when skipped or interrupted
     */
    public record Outcome(RunFolder folder, EffectiveConfig config, TrainingResult.StopReason stopReason,
                          boolean budgetExpired, EpochMetrics lastEpoch, LogLikelihoodSummary evaluation,
                          double runSeconds) {

        public boolean interrupted() {
            return stopReason == TrainingResult.StopReason.STOP_REQUESTED;
        }
    }

    private RecipeRunner() {
    }

    /** {@link #run(Recipe, EffectiveConfig, RunFolder, boolean, Progress, long)} with {@link RunEvaluation#DEFAULT_SEED}. */
    public static Outcome run(Recipe recipe, EffectiveConfig config, RunFolder folder, boolean resume,
                              Progress progress) throws IOException {
        return run(recipe, config, folder, resume, progress, RunEvaluation.DEFAULT_SEED);
    }

    /**
     * Trains, evaluates and plots; or, with {@code resume}, continues from the newest readable
     * checkpoint. A failure is recorded with its stack trace in the folder's train.log and
     * rethrown; a failed resume leaves config.json and metrics.csv as they were.
     *
     * @param evaluationSeed seed of the importance samples of the test-set evaluation after
     *                       training (the same default as {@code vae4j eval}'s)
     */
    public static Outcome run(Recipe recipe, EffectiveConfig config, RunFolder folder, boolean resume,
                              Progress progress, long evaluationSeed) throws IOException {
        return run(recipe, config, folder, resume, progress, evaluationSeed, List.of());
    }

    /**
     * Like {@link #run(Recipe, EffectiveConfig, RunFolder, boolean, Progress, long)}, also calling
     * DL4J's {@code TrainingListener}s (e.g. the training UI's StatsListener) as DL4J's fit would.
     */
    public static Outcome run(Recipe recipe, EffectiveConfig config, RunFolder folder, boolean resume,
                              Progress progress, long evaluationSeed,
                              List<org.deeplearning4j.optimize.api.TrainingListener> dl4jListeners)
            throws IOException {
        try (RunLogging log = RunLogging.to(folder.resolve(RunFolder.LOG))) {
            try {
                return runLogged(recipe, config, folder, resume, progress, evaluationSeed, dl4jListeners);
            } catch (IOException | RuntimeException | Error e) {
                log.failure(e);
                throw e;
            }
        }
    }

    private static Outcome runLogged(Recipe recipe, EffectiveConfig config, RunFolder folder, boolean resume,
                                     Progress progress, long evaluationSeed,
                                     List<org.deeplearning4j.optimize.api.TrainingListener> dl4jListeners)
            throws IOException {
        long start = System.nanoTime();
        LOG.info("{} {} in {}", resume ? "Resuming" : "Starting", recipe.name()
                + (config.variant().isEmpty() ? "" : " (" + config.variant() + ")"), folder);
        if (resume) {
            for (java.nio.file.Path removed : folder.removeTemporaries()) {
                LOG.info("Removed {}, left by an interrupted write", removed);
            }
        }
        BackendInfo.logAtStartup(LOG, config.vae().dataType());
        RecipeSettings settings = config.settings();
        long seed = config.vae().seed();
        RecipeData data = recipe.loadData(settings, seed);

        VaeTrainer.Builder builder;
        if (resume) {
            builder = VaeTrainer.resume(folder.checkpoints());
        } else {
            folder.writeText(RunFolder.CONFIG, config.toJson());
            folder.writeText(RunFolder.DATA, dataJson(data));
            VaeModel created = VaeModel.create(config.vae());
            created.setData(data.train().description());
            builder = VaeTrainer.builder(created);
        }
        VaeModel model = builder.model();
        TrainingProgressListener progressListener = new TrainingProgressListener();
        int epochs = settings.effectiveEpochs();
        INDArray probe = trainProbe(data, model.config());
        MetricsCsvListener metrics = new MetricsCsvListener(folder.resolve(RunFolder.METRICS), () -> model, probe);
        builder.epochs(epochs).validation(data.validation())
                .checkpointDirectory(folder.checkpoints()).checkpointEveryEpochs(1)
                .listener(new LoggingListener(500))
                .listener(metrics)
                .listener(progressListener)
                .dl4jListeners(dl4jListeners.toArray(org.deeplearning4j.optimize.api.TrainingListener[]::new));
        if (settings.budgetMinutes() > 0) {
            builder.timeBudget(Duration.ofNanos((long) (settings.budgetMinutes() * 60e9)));
        }
        long batchesPerEpoch = (data.train().examples() + settings.batchSize() - 1) / settings.batchSize();
        try (VaeTrainer trainer = builder.build()) {
            return trainAndEvaluate(recipe, config, folder, resume, progress, trainer, metrics, progressListener,
                    batchesPerEpoch, data, start, evaluationSeed);
        }
    }

    private static Outcome trainAndEvaluate(Recipe recipe, EffectiveConfig config, RunFolder folder, boolean resume,
                                            Progress progress, VaeTrainer trainer, MetricsCsvListener metrics,
                                            TrainingProgressListener progressListener, long batchesPerEpoch,
                                            RecipeData data, long start, long evaluationSeed) throws IOException {
        RecipeSettings settings = config.settings();
        int epochs = settings.effectiveEpochs();
        long seed = config.vae().seed();
        if (resume) {
            // Only now that the checkpoint read and the trainer accepted the settings: a failed
            // resume changes no file. Settings may have changed (epochs, budget): config.json
            // keeps describing the run; epochs the checkpoint does not hold are trained again.
            folder.writeText(RunFolder.CONFIG, config.toJson());
            metrics.continueFrom(trainer.state().epoch());
        }
        TrainingResult result;
        long remaining = Math.max(0, (epochs - trainer.state().epoch()) * batchesPerEpoch
                - trainer.state().batchesDoneInEpoch());
        try (CtrlC ctrlC = CtrlC.stops(trainer);
             Progress.Bar bar = progress.start(recipe.name(), remaining, "batch")) {
            // The bar is known only now: a resumed trainer knows where it stands once built.
            progressListener.show(bar, trainer.state().iteration());
            result = trainer.fit(data.train());
            trainer.model().save(folder.resolve(RunFolder.MODEL));
            LOG.info("Saved {} after {} epochs ({})", folder.resolve(RunFolder.MODEL), trainer.state().epoch(),
                    result.stopReason());
        }
        boolean budgetExpired = result.stopReason() == TrainingResult.StopReason.BUDGET_EXHAUSTED;
        Outcome partial = new Outcome(folder, config, result.stopReason(), budgetExpired, result.lastEpoch(),
                null, seconds(start));
        if (partial.interrupted()) {
            LOG.info("Stopped on request; continue with: ./vae4j train --resume {}", folder.directory());
            return partial;
        }
        VaeModel model = trainer.model();
        LogLikelihoodReport report = null;
        if (settings.evalImportanceSamples() > 0) {
            report = RunEvaluation.evaluate(model, data.test(), settings.evalImportanceSamples(), evaluationSeed,
                    progress, folder.directory());
            LogLikelihoodSummary s = report.summary();
            LOG.info(String.format(Locale.ROOT, "Test %s = %.2f +- %.2f nats (k = %d, %d examples, "
                            + "eval seed %d); -ELBO = %.2f", RunEvaluation.quantity(model.config()),
                    s.negativeLogLikelihoodNats(), s.standardErrorNats(),
                    s.importanceSamples(), s.examples(), s.seed(), s.negativeElboNats()));
        }
        String title = recipe.name() + (config.variant().isEmpty() ? "" : " (" + config.variant() + ")");
        List<java.nio.file.Path> plots = new ArrayList<>(RunPlots.all(title, model, data, folder, seed + 4));
        LOG.info("Plots: {}", plots.stream().map(p -> p.getFileName().toString()).toList());
        recipe.afterTraining(new RunContext(config, folder, model, data, report, progress));
        return new Outcome(folder, config, result.stopReason(), budgetExpired, result.lastEpoch(),
                report == null ? null : report.summary(), seconds(start));
    }

    /**
     * A fixed set of training examples (epoch 0's first batches), as the model's layer reads them,
     * for metrics.csv's train_probe columns;
     * the trainer restarts the epoch itself. Also the Spark trainer's, so both fill the same columns.
     */
    public static INDArray trainProbe(RecipeData data, org.vae4j.core.config.VaeConfig config) {
        data.train().startEpoch(0);
        List<INDArray> batches = new ArrayList<>();
        long rows = 0;
        while (data.train().hasNext() && rows < TRAIN_PROBE_EXAMPLES) {
            org.nd4j.linalg.dataset.DataSet batch = data.train().next();
            INDArray x = batch.getFeatures();
            // A conditional VAE's rows are [x | c], c the iterator's labels (as the trainers read them).
            batches.add(config.isConditional() ? Nd4j.hstack(x, batch.getLabels().castTo(x.dataType())) : x);
            rows += x.rows();
        }
        return Nd4j.concat(0, batches.toArray(INDArray[]::new)).dup();
    }

    /** data.json of a run folder: the train, validation and test data's descriptions. */
    public static String dataJson(RecipeData data) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.set("train", JSON.valueToTree(data.train().description()));
        root.set("validation", JSON.valueToTree(data.validation().description()));
        root.set("test", JSON.valueToTree(data.test().description()));
        root.set("classNames", JSON.valueToTree(data.classNames()));
        if (data.imageShape() != null) {
            root.set("imageShape", JSON.valueToTree(data.imageShape()));
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
