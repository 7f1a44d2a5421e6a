package org.vae4j.bench.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.bench.model.BenchmarkModel;
import org.vae4j.bench.model.BenchmarkModels;
import org.vae4j.bench.speed.BenchmarkData;
import org.vae4j.bench.speed.ThresholdedMnist;
import org.vae4j.bench.speed.TrainSpeed;
import org.vae4j.core.config.TrainingEngine;
import org.vae4j.core.config.VaeConfig;

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
        BenchmarkModel bench = BenchmarkModels.named("bench");
        // TrainSpeed times it, as it times `./vae4j benchmark train`: one timer for every training benchmark.
        TrainSpeed.Result r = TrainSpeed.run(bench, new NetworkOnEngine(new ThresholdedMnist(bench, dir), name, engine),
                epochs, seed, null);
        System.out.printf(Locale.ROOT,
                "RESULT impl=java-%s model=%s epochs=%d seed=%d ex_per_s=%.0f startup_first_iter_s=%.2f train_s=%.2f "
                        + "peak_rss_mb=%.0f peak_rss_after_test_mb=%.0f test_neg_elbo=%.3f threads_env=%s%n",
                engine, name, epochs, seed, r.examplesPerSecond(), r.initFirstIterSeconds(), r.trainSeconds(),
                r.peakRssMb(), r.peakRssAfterTestMb(), r.testNegativeElbo(),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
    }

    /** MODEL's network with the bench model's optimiser, on {@code engine}: bench/run.sh's model. */
    static VaeConfig config(String name, TrainingEngine engine, long seed) {
        BenchmarkModel bench = BenchmarkModels.named("bench");
        return BenchmarkModels.named(name).config(seed).toBuilder().updater(bench.updater()).l2(bench.training().l2())
                .engine(engine).build();
    }

    /** The bench model's data (and minibatch) with MODEL's network on ENGINE. */
    private record NetworkOnEngine(ThresholdedMnist images, String name, TrainingEngine engine) implements BenchmarkData {

        @Override
        public VaeConfig config(long seed) {
            return TrainBenchmark.config(name, engine, seed);
        }

        @Override
        public Training load(long seed, Integer limit) throws IOException {
            return images.load(seed, limit);
        }

        @Override
        public INDArray evaluationRows(long modelSeed, int examples) throws IOException {
            return images.evaluationRows(modelSeed, examples);
        }
    }
}
