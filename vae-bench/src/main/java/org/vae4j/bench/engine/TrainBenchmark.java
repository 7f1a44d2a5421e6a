package org.vae4j.bench.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.bench.ProcessStats;
import org.vae4j.bench.data.MnistImages;
import org.vae4j.bench.model.BenchmarkModel;
import org.vae4j.bench.model.BenchmarkModels;
import org.vae4j.bench.speed.TrainSpeed;
import org.vae4j.core.config.TrainingEngine;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.train.InMemoryEpochIterator;
import org.vae4j.core.train.IterationEvent;
import org.vae4j.core.train.TrainingListener;
import org.vae4j.core.train.VaeTrainer;

/**
 * Training-speed benchmark for engine work, the Java side of {@code bench/run.sh} (PyTorch side:
 * {@code bench/pytorch_vae.py}, same model, data, binarization, batch, optimiser).
 *
 * <pre>java ... org.vae4j.bench.engine.TrainBenchmark ENGINE MODEL EPOCHS MNIST_DIR [SEED=12345]</pre>
 * ENGINE: VAE4J or DL4J; MODEL: an MNIST model of bench/models.json (bench: 784-400-20 ReLU, iwae: 784-200-200-50
 * tanh, latent2: 784-400-2 ReLU, ...) whose network is trained the way the {@code bench} model trains (its
 * optimiser and minibatch: Adam 1e-3, batch 128) on all 60,000 training images statically binarized (pixel / 255 &gt;
 * 0.5). Prints one line {@code RESULT key=value ...}: training examples/s (wall time of the epochs, after the first
 * iteration), start-up in s (ND4J initialisation, model, first iteration; not the file reading), peak RSS (VmHWM)
 * in MB of the training run and after the test-set evaluation, and the test set's negative ELBO in nats per example
 * (10 samples of z per example).
 */
public final class TrainBenchmark {

    private TrainBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        TrainingEngine engine = TrainingEngine.valueOf(args[0]);
        String name = args[1];
        int epochs = Integer.parseInt(args[2]);
        Path dir = Path.of(args[3]);
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 12345;
        VaeConfig config = config(name, engine, seed);
        int batch = BenchmarkModels.named("bench").batchSize();
        // Start-up as the speed issue defines it: ND4J initialisation (the first ND4J call), the
        // model and the first iteration. Reading the files into ND4J arrays is data loading and is not counted.
        long initStart = System.nanoTime();
        Nd4j.scalar(0f);
        long initNanos = System.nanoTime() - initStart;
        INDArray train = MnistImages.thresholded(dir.resolve("train-images-idx3-ubyte"), Integer.MAX_VALUE).features();
        INDArray test = MnistImages.thresholded(dir.resolve("t10k-images-idx3-ubyte"), Integer.MAX_VALUE).features();
        long startNanos = System.nanoTime() - initNanos;

        VaeModel model = VaeModel.create(config);
        long[] firstIterationEnd = {0};
        long[] iterations = {0};
        TrainingListener timer = new TrainingListener() {
            @Override
            public void onIteration(IterationEvent event) {
                if (iterations[0]++ == 0) {
                    firstIterationEnd[0] = System.nanoTime();
                }
            }
        };
        VaeTrainer.builder(model).epochs(epochs).listener(timer).build()
                .fit(new InMemoryEpochIterator(train, null, batch, true, seed));
        long endNanos = System.nanoTime();
        double trainingPeakRss = ProcessStats.peakRssMegabytes();

        double startupSeconds = (firstIterationEnd[0] - startNanos) / 1e9;
        double trainSeconds = (endNanos - firstIterationEnd[0]) / 1e9;
        // Every example after the first minibatch, over the time after the first iteration.
        double examplesPerSecond = ((double) train.rows() * epochs - batch) / trainSeconds;
        double testNegativeElbo = -model.elbo(test, TrainSpeed.TEST_ELBO_SAMPLES, TrainSpeed.TEST_ELBO_SEED).meanElbo();
        System.out.printf(Locale.ROOT,
                "RESULT impl=java-%s model=%s epochs=%d seed=%d ex_per_s=%.0f startup_first_iter_s=%.2f train_s=%.2f "
                        + "peak_rss_mb=%.0f peak_rss_after_test_mb=%.0f test_neg_elbo=%.3f threads_env=%s%n",
                engine, name, epochs, seed, examplesPerSecond, startupSeconds, trainSeconds, trainingPeakRss,
                ProcessStats.peakRssMegabytes(), testNegativeElbo,
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
    }

    /** MODEL's network with the bench model's optimiser, on {@code engine}: bench/run.sh's model. */
    static VaeConfig config(String name, TrainingEngine engine, long seed) {
        BenchmarkModel bench = BenchmarkModels.named("bench");
        return BenchmarkModels.named(name).config(seed).toBuilder().updater(bench.updater()).l2(bench.training().l2())
                .engine(engine).build();
    }
}
