package org.vae4j.eval.estimate;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.bench.data.MnistImages;
import org.vae4j.core.model.VaeModel;

/**
 * The decoder pass alone, one {@link ChunkLogLikelihood} against another on the same chunks in the
 * same JVM, alternating, so that a shared machine's load falls on all of them alike: the
 * distribution's path and the logit-Bernoulli path (folded biases, one exp pass, the kernel). Not a
 * test: run by hand and read the medians. It lives in vae-bench but in vae-eval's package: it times the package's
 * internal {@link ChunkLogLikelihood} implementations, which are not public API.
 *
 * <pre>java ... org.vae4j.eval.estimate.ChunkLogLikelihoodBenchmark MODEL_ZIP MNIST_DIR [ROWS] [REPEATS]</pre>
 */
public final class ChunkLogLikelihoodBenchmark {

    private ChunkLogLikelihoodBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        VaeModel model = VaeModel.load(Path.of(args[0]));
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        INDArray x = MnistImages.thresholded(Path.of(args[1]).resolve("t10k-images-idx3-ubyte"), 1).features()
                .castTo(model.dataType());
        INDArray mean = model.encode(x).mean();
        int latent = model.config().latentSize();
        double[] z = new double[rows * latent];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < z.length; i++) {
            z[i] = mean.getDouble(i % latent) + random.nextGaussian();
        }

        String[] names = {"distribution", "logit-Bernoulli kernel"};
        ChunkLogLikelihood[] impls = {
            new DistributionChunkLogLikelihood(model, x, 1, rows),
            new LogitBernoulliChunkLogLikelihood(model, x, 1, rows),
        };
        double[][] results = new double[impls.length][rows];
        double[][] millis = new double[impls.length][repeats];
        for (ChunkLogLikelihood impl : impls) {
            impl.startBlock(0, 1);
        }
        for (int r = -2; r < repeats; r++) {
            for (int i = 0; i < impls.length; i++) {
                long start = System.nanoTime();
                impls[i].compute(z, 1, rows, results[i]);
                if (r >= 0) {
                    millis[i][r] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d rows of one MNIST test image, %s, median of %d alternating repeats%n", rows,
                model.config().dataType(), repeats);
        for (int i = 0; i < impls.length; i++) {
            double[] m = millis[i].clone();
            Arrays.sort(m);
            double median = m[m.length / 2];
            double maxDifference = 0;
            for (int row = 0; row < rows; row++) {
                maxDifference = Math.max(maxDifference, Math.abs(results[i][row] - results[0][row]));
            }
            System.out.printf(Locale.ROOT, "%-16s %8.2f ms  %9.0f samples/s  max |difference| to distribution %.2e nats%n",
                    names[i], median, rows / median * 1e3, maxDifference);
            impls[i].close();
        }
    }
}
