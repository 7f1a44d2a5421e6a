package org.vae4j.bench.eval;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.StringJoiner;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.bench.ProcessStats;
import org.vae4j.bench.data.MnistImages;
import org.vae4j.core.model.VaeModel;
import org.vae4j.eval.estimate.ImportanceSampledLikelihood;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.LogLikelihoodSummary;

/**
 * The vae4j side of the retired {@code bench/run-eval.sh} (now {@code ./vae4j benchmark eval}, {@link
 * org.vae4j.bench.speed.EvalSpeed}, in {@code bench/compare.sh eval}), kept for its memory-budget argument:
 * importance-sampled log p(x) of the first EXAMPLES statically binarized MNIST test images with k samples each,
 * through {@link ImportanceSampledLikelihood} with its default memory budget (or BUDGET_MIB), on WORK_DIR/model.zip
 * (e.g. {@code ./vae4j benchmark export}'s).
 *
 * <pre>java ... org.vae4j.bench.eval.EvalBenchmark ARCH WORK_DIR MNIST_DIR EXAMPLES K [BUDGET_MIB]</pre>
 * Prints one {@code RESULT key=value ...} line: samples/s, wall and CPU seconds (all threads) of the
 * timed evaluation (after a short warm-up that loads ND4J and compiles the Java side), process
 * seconds (JVM start to end), peak RSS (VmHWM) in MB, NLL and its standard error across examples in nats, and the number
 * of 1 pixels in the data (must equal PyTorch's). Per-example log p(x) estimates go to
 * {@code WORK_DIR/loglik-vae4j.txt} for the paired comparison.
 */
public final class EvalBenchmark {

    private static final long SEED = 1;

    private EvalBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        String arch = args[0];
        Path work = Path.of(args[1]);
        Path mnist = Path.of(args[2]);
        int examples = Integer.parseInt(args[3]);
        int k = Integer.parseInt(args[4]);
        long budget = args.length > 5 ? Long.parseLong(args[5]) << 20
                : ImportanceSampledLikelihood.DEFAULT_MEMORY_BUDGET_BYTES;

        VaeModel model = VaeModel.load(work.resolve("model.zip"));
        MnistImages test = MnistImages.thresholded(mnist.resolve("t10k-images-idx3-ubyte"), examples);
        INDArray x = test.features();

        // Warm-up: ND4J's first calls, the JIT, the chunk workspace's learning pass.
        INDArray few = x.get(NDArrayIndex.interval(0, Math.min(2, x.rows())), NDArrayIndex.all());
        ImportanceSampledLikelihood.builder(model).importanceSamples(Math.min(k, 1000)).seed(SEED + 1)
                .memoryBudgetBytes(budget).build().evaluate(few);

        ImportanceSampledLikelihood estimator = ImportanceSampledLikelihood.builder(model).importanceSamples(k)
                .seed(SEED).memoryBudgetBytes(budget).build();
        long cpuStart = ProcessStats.cpuNanos();
        long start = System.nanoTime();
        LogLikelihoodReport report = estimator.evaluate(x);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (ProcessStats.cpuNanos() - cpuStart) / 1e9;

        StringJoiner perExample = new StringJoiner("\n", "", "\n");
        for (double v : report.perExample().logLikelihoodNats()) {
            perExample.add(String.format(Locale.ROOT, "%.17g", v));
        }
        Files.writeString(work.resolve("loglik-vae4j.txt"), perExample.toString());

        LogLikelihoodSummary s = report.summary();
        double processSeconds = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime())
                / 1e3;
        System.out.printf(Locale.ROOT,
                "RESULT impl=vae4j arch=%s examples=%d k=%d samples_per_s=%.0f wall_s=%.2f cpu_s=%.2f "
                        + "process_s=%.1f peak_rss_mb=%.0f nll=%.4f nll_se=%.4f neg_elbo=%.4f mean_ess=%.1f data_ones=%d "
                        + "rows_per_pass=%d threads=%d%n",
                arch, examples, k, (double) examples * k / seconds, seconds, cpuSeconds, processSeconds,
                ProcessStats.peakRssMegabytes(), s.negativeLogLikelihoodNats(), s.standardErrorNats(),
                s.negativeElboNats(), s.meanEffectiveSampleSize(), test.ones(), estimator.plan().rowsPerPass(),
                Nd4j.getEnvironment().maxMasterThreads());
    }
}
