package org.vae4j.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.core.backend.BackendInfo;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.train.InMemoryEpochIterator;
import org.vae4j.core.train.LoggingListener;
import org.vae4j.core.train.TrainingResult;
import org.vae4j.core.train.VaeTrainer;
import org.vae4j.examples.recipes.SmokeRecipe;
import org.vae4j.examples.run.MetricsCsvListener;
import org.vae4j.examples.run.RunFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a recipe and write a run folder (config.json, metrics.csv, checkpoints, model.zip).")
final class TrainCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--recipe", defaultValue = SmokeRecipe.NAME, description = "Recipe to run (default: ${DEFAULT-VALUE}).")
    String recipe;

    @Option(names = "--epochs", defaultValue = "5", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "12345", description = "Seed of data, initialisation and noise.")
    long seed;

    @Option(names = "--runs-dir", defaultValue = "runs", description = "Parent folder of run folders.")
    Path runsDirectory;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR from its newest checkpoint.")
    Path resume;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!SmokeRecipe.NAME.equals(recipe)) {
            throw new IllegalArgumentException("Unknown recipe '" + recipe + "'; available: " + SmokeRecipe.NAME);
        }
        VaeConfig config = SmokeRecipe.config(seed);
        BackendInfo.logAtStartup(LOG, config.dataType());
        RunFolder run = resume != null ? RunFolder.open(resume) : RunFolder.create(runsDirectory, recipe);
        // One draw split in two, so both splits share the same prototypes.
        INDArray all = SmokeRecipe.data(2500, seed);
        INDArray train = all.get(NDArrayIndex.interval(0, 2000), NDArrayIndex.all());
        INDArray validation = all.get(NDArrayIndex.interval(2000, 2500), NDArrayIndex.all());

        VaeTrainer.Builder builder;
        if (resume != null) {
            builder = VaeTrainer.resume(run.checkpoints());
        } else {
            VaeModel model = VaeModel.create(config);
            model.setData(SmokeRecipe.description("train", 2000, seed));
            run.writeText(RunFolder.CONFIG, config.toJson());
            builder = VaeTrainer.builder(model);
        }
        VaeTrainer trainer = builder.epochs(epochs)
                .validation(new InMemoryEpochIterator(validation, null, 500, false, 0))
                .checkpointDirectory(run.checkpoints()).checkpointEveryEpochs(1)
                .listener(new LoggingListener(100))
                .listener(new MetricsCsvListener(run.resolve(RunFolder.METRICS)))
                .build();
        if (resume != null) {
            LOG.info("Resuming {} at epoch {}, iteration {}", run, trainer.state().epoch(), trainer.state().iteration());
        }
        TrainingResult result = fitStoppableByCtrlC(trainer,
                new InMemoryEpochIterator(train, null, 100, true, seed));
        trainer.model().save(run.resolve(RunFolder.MODEL));
        var out = spec.commandLine().getOut();
        if (result.lastEpoch() != null) {
            out.printf(Locale.ROOT, "Validation -ELBO %.3f nats/example after %d epochs (%s).%n",
                    result.lastEpoch().validationNegativeElbo(), result.history().size(), result.stopReason());
        }
        out.println("Run folder: " + run.directory().toAbsolutePath());
        return 0;
    }

    /** Ctrl-C asks the trainer to stop after the current step and write a checkpoint. */
    static TrainingResult fitStoppableByCtrlC(VaeTrainer trainer, InMemoryEpochIterator data)
            throws InterruptedException {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            trainer.requestStop();
            try {
                finished.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vae4j-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return trainer.fit(data);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting because of Ctrl-C: the hook is running and waits for us.
            }
        }
    }
}
