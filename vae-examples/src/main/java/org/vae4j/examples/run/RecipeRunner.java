package org.vae4j.examples.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ISchedule;
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
     * @param stopReason    why training ended; STOP_REQUESTED with !budgetExpired means Ctrl-C
     * @param evaluation    test-set log p(x), or null when skipped or interrupted
     */
    public record Outcome(RunFolder folder, EffectiveConfig config, TrainingResult.StopReason stopReason,
                          boolean budgetExpired, EpochMetrics lastEpoch, LogLikelihoodSummary evaluation,
                          double runSeconds) {

        public boolean interrupted() {
            return stopReason == TrainingResult.StopReason.STOP_REQUESTED && !budgetExpired;
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
     * @param evaluationSeed seed of the importance samples of the test-set evaluation after
     *                       training (the same default as {@code vae4j eval}'s)
     */
    public static Outcome run(Recipe recipe, EffectiveConfig config, RunFolder folder, boolean resume,
                              Progress progress, long evaluationSeed) throws IOException {
        long start = System.nanoTime();
        try (RunLogging ignored = RunLogging.to(folder.resolve(RunFolder.LOG))) {
            LOG.info("{} {} in {}", resume ? "Resuming" : "Starting", recipe.name()
                    + (config.variant().isEmpty() ? "" : " (" + config.variant() + ")"), folder);
            BackendInfo.logAtStartup(LOG, config.vae().dataType());
            RecipeSettings settings = config.settings();
            long seed = config.vae().seed();
            RecipeData data = recipe.loadData(settings, seed);

            VaeTrainer.Builder builder;
            if (resume) {
                // Settings may have changed (epochs, budget): config.json keeps describing the run.
                folder.writeText(RunFolder.CONFIG, config.toJson());
                builder = VaeTrainer.resume(folder.checkpoints());
            } else {
                folder.writeText(RunFolder.CONFIG, config.toJson());
                folder.writeText(RunFolder.DATA, dataJson(data));
                VaeModel model = VaeModel.create(config.vae());
                applyLearningRateSchedule(model, recipe.learningRateSchedule(config));
                model.setData(data.train().description());
                builder = VaeTrainer.builder(model);
            }
            AtomicReference<VaeTrainer> trainerRef = new AtomicReference<>();
            TrainingProgressListener progressListener = new TrainingProgressListener();
            TimeBudgetListener budget = new TimeBudgetListener(
                    settings.budgetMinutes() > 0 ? settings.budgetMinutes() : Double.POSITIVE_INFINITY,
                    () -> trainerRef.get().requestStop());
            int epochs = settings.effectiveEpochs();
            INDArray probe = trainProbe(data);
            builder.epochs(epochs).validation(data.validation())
                    .checkpointDirectory(folder.checkpoints()).checkpointEveryEpochs(1)
                    .listener(new LoggingListener(500))
                    .listener(new MetricsCsvListener(folder.resolve(RunFolder.METRICS), () -> trainerRef.get().model(),
                            probe))
                    .listener(budget)
                    .listener(progressListener);
            long batchesPerEpoch = (data.train().examples() + settings.batchSize() - 1) / settings.batchSize();
            VaeTrainer trainer = builder.build();
            trainerRef.set(trainer);
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
            Outcome partial = new Outcome(folder, config, result.stopReason(), budget.expired(), result.lastEpoch(),
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
                LOG.info(String.format(Locale.ROOT, "Test -log p(x) = %.2f +- %.2f nats (k = %d, %d examples, "
                                + "eval seed %d); -ELBO = %.2f", s.negativeLogLikelihoodNats(), s.standardErrorNats(),
                        s.importanceSamples(), s.examples(), s.seed(), s.negativeElboNats()));
            }
            String title = recipe.name() + (config.variant().isEmpty() ? "" : " (" + config.variant() + ")");
            List<java.nio.file.Path> plots = new ArrayList<>(RunPlots.all(title, model, data, folder, seed + 4));
            LOG.info("Plots: {}", plots.stream().map(p -> p.getFileName().toString()).toList());
            recipe.afterTraining(new RunContext(config, folder, model, data, report, progress));
            return new Outcome(folder, config, result.stopReason(), budget.expired(), result.lastEpoch(),
                    report == null ? null : report.summary(), seconds(start));
        }
    }

    /**
     * Replaces the constant learning rate by {@code schedule} (null: keep it). The schedule is
     * stored in the network's configuration, so checkpoints, resume and model.zip carry it, and
     * DL4J's updater (which the trainer uses) reads it by epoch.
     */
    public static void applyLearningRateSchedule(VaeModel model, ISchedule schedule) {
        if (schedule == null) {
            return;
        }
        if (!(model.network() instanceof MultiLayerNetwork network)) {
            throw new IllegalArgumentException("learning-rate schedules need a MultiLayerNetwork, got "
                    + model.network().getClass().getSimpleName());
        }
        network.setLearningRate(schedule);
    }

    /** A fixed set of training examples (epoch 0's first batches); the trainer restarts the epoch itself. */
    private static INDArray trainProbe(RecipeData data) {
        data.train().startEpoch(0);
        List<INDArray> batches = new ArrayList<>();
        long rows = 0;
        while (data.train().hasNext() && rows < TRAIN_PROBE_EXAMPLES) {
            INDArray x = data.train().next().getFeatures();
            batches.add(x);
            rows += x.rows();
        }
        return Nd4j.concat(0, batches.toArray(INDArray[]::new)).dup();
    }

    private static String dataJson(RecipeData data) throws IOException {
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
