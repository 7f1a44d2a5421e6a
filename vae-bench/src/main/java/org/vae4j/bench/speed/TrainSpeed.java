package org.vae4j.bench.speed;

import java.io.IOException;
import java.util.Locale;

import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.bench.ProcessStats;
import org.vae4j.bench.model.BenchmarkModel;
import org.vae4j.core.backend.BackendWarmup;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.provenance.DataDescription;
import org.vae4j.core.train.EpochOrderedIterator;
import org.vae4j.core.train.IterationEvent;
import org.vae4j.core.train.TrainingListener;
import org.vae4j.core.train.VaeTrainer;
import org.vae4j.datasets.DescribedData;

/**
 * Training speed of one {@link BenchmarkModel}: {@link VaeTrainer} without checkpoints or
 * validation (pure training), on the data the model's users train on ({@link BenchmarkData}: the recipe's own
 * loader for the recipes), then the test -ELBO as a check that the run trained what it should.
 */
public final class TrainSpeed {

    /** Draws of z per test example for the test -ELBO (as the PyTorch side). */
    public static final int TEST_ELBO_SAMPLES = 10;
    /** Seed of the test -ELBO's draws of z. */
    public static final long TEST_ELBO_SEED = 7;

    /**
     * One training run's figures.
     *
     * @param examples             training examples per epoch
     * @param examplesPerSecond    training examples after the first minibatch over the wall time after
     *                             the first iteration
     * @param startupSeconds       process start (the launcher script's, which execs java) to the end of
     *                             the first iteration: what a user waits
     * @param initFirstIterSeconds ND4J initialisation + model + first iteration, data loading excluded
     *                             (bench/run.sh's start-up, printed by TrainBenchmark)
     * @param trainSeconds         wall time after the first iteration
     * @param peakRssMb            VmHWM at the end of training, MB
     * @param peakRssAfterTestMb   VmHWM after the test -ELBO, MB
     * @param testNegativeElbo     -ELBO of the 10,000 statically binarized MNIST test images (of the CSV's
     *                             scaled test rows for a model sized from its data), nats/example, 10 draws
     *                             of z per example
     */
    public record Result(BenchmarkModel model, int epochs, long seed, long examples, double examplesPerSecond,
                         double startupSeconds, double initFirstIterSeconds, double trainSeconds, double peakRssMb,
                         double peakRssAfterTestMb, double testNegativeElbo, int threads, String threadEnvironment) {

        /** The RESULT line bench/compare.sh reads; bench/pytorch_train.py prints the same keys. */
        public String resultLine() {
            return String.format(Locale.ROOT, "RESULT impl=vae4j model=%s epochs=%d seed=%d examples=%d batch=%d "
                            + "ex_per_s=%.0f startup_first_iter_s=%.2f startup_init_first_iter_s=%.2f train_s=%.2f "
                            + "peak_rss_mb=%.0f peak_rss_after_test_mb=%.0f test_neg_elbo=%.3f threads=%d %s",
                    model.name(), epochs, seed, examples, model.batchSize(), examplesPerSecond, startupSeconds,
                    initFirstIterSeconds, trainSeconds, peakRssMb, peakRssAfterTestMb, testNegativeElbo, threads,
                    threadEnvironment);
        }
    }

    private TrainSpeed() {
    }

    /**
     * Trains {@code model} on {@code data} for {@code epochs} from {@code seed} and measures it.
     *
     * @param limit first N training examples only, or null for all
     * @throws IllegalArgumentException when the run would have fewer than two iterations (no time
     *                                  after the first one to measure)
     */
    public static Result run(BenchmarkModel model, BenchmarkData data, int epochs, long seed, Integer limit)
            throws IOException {
        return train(model, data, epochs, seed, limit).result();
    }

    /** A measured training run, the model it trained and a description of its training data (or null). */
    record Trained(Result result, VaeModel model, DataDescription data) {
    }

    /** {@link #run}, keeping the trained model (for the evaluation model of {@link EvalExport}). */
    static Trained train(BenchmarkModel model, BenchmarkData data, int epochs, long seed, Integer limit)
            throws IOException {
        if (!model.fromData()) {
            requireTwoIterations(model, epochs, limit);
        }
        // The files are read while ND4J initialises on the launcher's background thread
        // (BackendWarmup), as every vae4j command does. ND4J's initialisation is timed apart: the
        // start-up of bench/run.sh is ND4J initialisation + model + first iteration, without
        // reading and binarizing the files (startupSeconds, since the process started, has both).
        data.open();
        BenchmarkData.Training loaded = data.load(seed, limit);
        long initNanos = BackendWarmup.awaitNanos();
        EpochOrderedIterator train = loaded.train();
        long examples = train.examples();
        // A model sized from its data knows its training rows only now (the others were checked above).
        requireTwoIterations(epochs, examples, model.batchSize());
        VaeConfig config = data.config(seed);
        long startNanos = System.nanoTime() - initNanos;

        VaeModel vae = VaeModel.create(config);
        IterationTimer timer = new IterationTimer();
        try (VaeTrainer trainer = VaeTrainer.builder(vae).epochs(epochs).checkpointEveryEpochs(0)
                .listener(timer).build()) {
            trainer.fit(train);
        }
        long endNanos = System.nanoTime();
        double peakRss = ProcessStats.peakRssMegabytes();

        double trainSeconds = (endNanos - timer.firstIterationEndNanos) / 1e9;
        double testNegativeElbo = -vae.elbo(loaded.test().rows(), TEST_ELBO_SAMPLES, TEST_ELBO_SEED).meanElbo();
        Result result = new Result(model, epochs, seed, examples, timer.examplesAfterFirst / trainSeconds,
                timer.startupSeconds, (timer.firstIterationEndNanos - startNanos) / 1e9, trainSeconds, peakRss,
                ProcessStats.peakRssMegabytes(), testNegativeElbo, Nd4j.getEnvironment().maxMasterThreads(),
                ProcessStats.threadEnvironment());
        return new Trained(result, vae, train instanceof DescribedData d ? d.description() : null);
    }

    /**
     * Checks, before anything is loaded, that the run has a second iteration: examples/s is measured
     * after the first one (a model sized from its data: the run checks it once the data is read).
     *
     * @throws IllegalArgumentException naming the epochs, examples and minibatch size otherwise
     */
    public static void requireTwoIterations(BenchmarkModel model, int epochs, Integer limit) {
        requireTwoIterations(epochs, model.trainingExamples(limit), model.batchSize());
    }

    private static void requireTwoIterations(int epochs, long examples, int batchSize) {
        long iterations = epochs * ((examples + batchSize - 1) / batchSize);
        if (iterations < 2) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%d epoch(s) of %d examples in minibatches "
                    + "of %d is %d iteration(s): at least 2 are needed (the first one is start-up)", epochs, examples,
                    batchSize, iterations));
        }
    }

    /** When the first iteration ended, and how many examples the later ones trained on. */
    private static final class IterationTimer implements TrainingListener {
        long iterations;
        long firstIterationEndNanos;
        double startupSeconds;
        long examplesAfterFirst;

        @Override
        public void onIteration(IterationEvent event) {
            if (iterations++ == 0) {
                firstIterationEndNanos = System.nanoTime();
                startupSeconds = ProcessStats.secondsSinceProcessStart();
            } else {
                examplesAfterFirst += event.batchSize();
            }
        }
    }
}
