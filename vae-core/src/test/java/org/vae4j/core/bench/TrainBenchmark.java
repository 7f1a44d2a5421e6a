package org.vae4j.core.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.TrainingEngine;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.train.InMemoryEpochIterator;
import org.vae4j.core.train.IterationEvent;
import org.vae4j.core.train.TrainingListener;
import org.vae4j.core.train.VaeTrainer;

/**
 * Training-speed benchmark, the Java side of {@code bench/run.sh} (PyTorch side:
 * {@code bench/pytorch_vae.py}, same model, data, binarization, batch, optimiser).
 *
 * <pre>java ... org.vae4j.core.bench.TrainBenchmark ENGINE ARCH EPOCHS MNIST_DIR [SEED=12345]</pre>
 * ENGINE: VAE4J or DL4J; ARCH: mnist (784-400-20 ReLU), iwae (784-200-200-50 tanh), latent2
 * (784-400-2 ReLU). MNIST is statically binarized (pixel / 255 > 0.5). Prints one line
 * {@code RESULT key=value ...}: training examples/s (wall time of the epochs, after the first
 * iteration), start-up in s (ND4J initialisation, model, first iteration; not the file reading), peak RSS (VmHWM) in MB of the training run and
 * after the test-set evaluation, and the test set's
 * negative ELBO in nats per example (10 samples of z per example).
 */
public final class TrainBenchmark {

    private TrainBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        TrainingEngine engine = TrainingEngine.valueOf(args[0]);
        String arch = args[1];
        int epochs = Integer.parseInt(args[2]);
        Path dir = Path.of(args[3]);
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 12345;
        float[] trainPixels = binarizedPixels(dir.resolve("train-images-idx3-ubyte"));
        float[] testPixels = binarizedPixels(dir.resolve("t10k-images-idx3-ubyte"));
        // Start-up as the speed issue defines it: ND4J initialisation (the first ND4J call), the
        // model and the first iteration. Reading the files and copying them into ND4J arrays is
        // data loading and is not counted.
        long initStart = System.nanoTime();
        Nd4j.scalar(0f);
        long initNanos = System.nanoTime() - initStart;
        INDArray train = Nd4j.create(trainPixels, new long[] {trainPixels.length / 784, 784}, 'c');
        INDArray test = Nd4j.create(testPixels, new long[] {testPixels.length / 784, 784}, 'c');
        long startNanos = System.nanoTime() - initNanos;

        VaeConfig.Builder builder = VaeConfig.builder().inputSize(784).engine(engine).seed(seed)
                .dataType(DataType.FLOAT);
        switch (arch) {
            case "mnist" -> builder.encoderLayerSizes(400).latentSize(20).hiddenActivation(Activation.RELU);
            case "iwae" -> builder.encoderLayerSizes(200, 200).latentSize(50).hiddenActivation(Activation.TANH);
            case "latent2" -> builder.encoderLayerSizes(400).latentSize(2).hiddenActivation(Activation.RELU);
            default -> throw new IllegalArgumentException("arch: mnist, iwae or latent2, got " + arch);
        }
        VaeModel model = VaeModel.create(builder.build());
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
                .fit(new InMemoryEpochIterator(train, null, 128, true, seed));
        long endNanos = System.nanoTime();
        double trainingPeakRss = peakRssMegabytes();

        double startupSeconds = (firstIterationEnd[0] - startNanos) / 1e9;
        double trainSeconds = (endNanos - firstIterationEnd[0]) / 1e9;
        // Every example after the first minibatch, over the time after the first iteration.
        double examplesPerSecond = ((double) train.rows() * epochs - 128) / trainSeconds;
        double testNegativeElbo = -model.elbo(test, 10, 7).meanElbo();
        System.out.printf(Locale.ROOT,
                "RESULT impl=java-%s arch=%s epochs=%d seed=%d ex_per_s=%.0f startup_first_iter_s=%.2f train_s=%.2f "
                        + "peak_rss_mb=%.0f peak_rss_after_test_mb=%.0f test_neg_elbo=%.3f threads_env=%s%n",
                engine, arch, epochs, seed, examplesPerSecond, startupSeconds, trainSeconds, trainingPeakRss, peakRssMegabytes(),
                testNegativeElbo, System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
    }

    /** IDX3 images as n * rows * cols floats, row-major, 1 where pixel / 255 > 0.5, else 0. */
    static float[] binarizedPixels(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            if (in.readInt() != 0x803) {
                throw new IOException(file + " is not an IDX3 image file");
            }
            int n = in.readInt();
            int pixels = in.readInt() * in.readInt();
            byte[] bytes = in.readNBytes(n * pixels);
            if (pixels != 784) {
                throw new IOException(file + ": expected 28 x 28 images, got " + pixels + " pixels");
            }
            float[] values = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                values[i] = (bytes[i] & 0xFF) / 255.0f > 0.5f ? 1f : 0f;
            }
            return values;
        }
    }

    /** VmHWM of this process in MB (1024 * 1024 bytes). */
    static double peakRssMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
