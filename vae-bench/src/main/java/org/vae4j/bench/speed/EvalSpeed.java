package org.vae4j.bench.speed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.StringJoiner;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.bench.ProcessStats;
import org.vae4j.bench.model.BenchmarkModel;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.eval.estimate.ImportanceSampledLikelihood;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.LogLikelihoodSummary;

/**
 * Evaluation speed: the importance-sampled log p(x) of the first N examples of a model's {@link BenchmarkData}
 * (statically binarized MNIST test images, or the first N scaled test rows of the tabular model's CSV file) with k
 * samples each, through {@link ImportanceSampledLikelihood} with its default memory budget, on
 * {@code WORK/model.zip} (trained and exported for PyTorch by bench/compare.sh). The PyTorch side is
 * {@code bench/pytorch_eval.py} on the same weights and examples.
 */
public final class EvalSpeed {

    /** Seed of the timed evaluation's samples (the warm-up uses SEED + 1), as bench/pytorch_eval.py. */
    static final long SEED = 1;
    /** Per-example log p(x) estimates, for the paired comparison with PyTorch's. */
    public static final String PER_EXAMPLE_FILE = "loglik-vae4j.txt";
    public static final String MODEL_FILE = "model.zip";

    /**
     * One evaluation's figures.
     *
     * @param samplesPerSecond  examples x k over the wall time of the timed evaluation
     * @param wallSeconds       wall time of the timed evaluation (after a warm-up on 2 examples)
     * @param cpuSeconds        CPU time of all threads during the timed evaluation
     * @param startupSeconds    process start (the launcher's) to the end of the warm-up: the first pass
     * @param processSeconds    process start to the end of the timed evaluation
     */
    public record Result(BenchmarkModel model, int examples, int k, double samplesPerSecond, double wallSeconds,
                         double cpuSeconds, double startupSeconds, double processSeconds, double peakRssMb,
                         LogLikelihoodSummary summary, long dataOnes, long rowsPerPass, int threads,
                         String threadEnvironment) {

        /** The RESULT line bench/compare.sh reads; bench/pytorch_eval.py prints the same keys. */
        public String resultLine() {
            return String.format(Locale.ROOT, "RESULT impl=vae4j model=%s examples=%d k=%d samples_per_s=%.0f "
                            + "wall_s=%.2f cpu_s=%.2f startup_first_pass_s=%.2f process_s=%.1f peak_rss_mb=%.0f "
                            + "nll=%.4f nll_se=%.4f neg_elbo=%.4f mean_ess=%.1f data_ones=%d rows_per_pass=%d "
                            + "threads=%d %s",
                    model.name(), examples, k, samplesPerSecond, wallSeconds, cpuSeconds, startupSeconds,
                    processSeconds, peakRssMb, summary.negativeLogLikelihoodNats(), summary.standardErrorNats(),
                    summary.negativeElboNats(), summary.meanEffectiveSampleSize(), dataOnes, rowsPerPass, threads,
                    threadEnvironment);
        }
    }

    private EvalSpeed() {
    }

    /**
     * Evaluates {@code work/model.zip}, which must have {@code model}'s architecture (and have been trained on
     * {@code data}, when its metadata says), on the first {@code examples} examples of {@code data}; writes the
     * per-example estimates to {@code work/}{@value #PER_EXAMPLE_FILE}.
     */
    public static Result run(BenchmarkModel model, BenchmarkData data, Path work, int examples, int k)
            throws IOException {
        // The data first: a wrong --data path is named before a missing model.
        data.open();
        Path zip = work.resolve(MODEL_FILE);
        if (!Files.isRegularFile(zip)) {
            throw new IOException("No model " + zip + ": bench/compare.sh " + (model.fromData() ? model.name()
                    : "eval") + " trains and exports one");
        }
        VaeModel vae = VaeModel.load(zip);
        long seed = vae.config().seed();
        requireArchitecture(model, data.config(seed), vae.config(), zip);
        data.requireTrainedOn(vae, zip);
        INDArray x = data.evaluationRows(seed, examples);
        long dataChecksum = positiveValues(x);

        // Warm-up: ND4J's first calls, the JIT, the chunk workspace's learning pass.
        INDArray few = x.get(NDArrayIndex.interval(0, Math.min(2, x.rows())), NDArrayIndex.all());
        ImportanceSampledLikelihood.builder(vae).importanceSamples(Math.min(k, 1000)).seed(SEED + 1).build()
                .evaluate(few);
        double startupSeconds = ProcessStats.secondsSinceProcessStart();

        ImportanceSampledLikelihood estimator = ImportanceSampledLikelihood.builder(vae).importanceSamples(k)
                .seed(SEED).build();
        long cpuStart = ProcessStats.cpuNanos();
        long start = System.nanoTime();
        LogLikelihoodReport report = estimator.evaluate(x);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (ProcessStats.cpuNanos() - cpuStart) / 1e9;
        double processSeconds = ProcessStats.secondsSinceProcessStart();

        StringJoiner perExample = new StringJoiner("\n", "", "\n");
        for (double v : report.perExample().logLikelihoodNats()) {
            perExample.add(String.format(Locale.ROOT, "%.17g", v));
        }
        Files.writeString(work.resolve(PER_EXAMPLE_FILE), perExample.toString());
        int n = (int) x.rows();
        return new Result(model, n, k, (double) n * k / seconds, seconds, cpuSeconds, startupSeconds, processSeconds,
                ProcessStats.peakRssMegabytes(), report.summary(), dataChecksum, estimator.plan().rowsPerPass(),
                Nd4j.getEnvironment().maxMasterThreads(), ProcessStats.threadEnvironment());
    }

    /**
     * Fails unless {@code config} has the layer sizes, latent size, activation and likelihood of {@code expected},
     * {@code model}'s configuration.
     */
    public static void requireArchitecture(BenchmarkModel model, VaeConfig expected, VaeConfig config, Path zip) {
        boolean same = config.inputSize() == expected.inputSize()
                && config.encoderLayerSizes().equals(expected.encoderLayerSizes())
                && config.decoderLayerSizes().equals(expected.decoderLayerSizes())
                && config.latentSize() == expected.latentSize()
                && config.hiddenActivation() == expected.hiddenActivation()
                && config.reconstructionDistribution().getClass() == expected.reconstructionDistribution().getClass();
        if (!same) {
            throw new IllegalArgumentException(zip + " is a " + BenchmarkModel.architecture(config) + " model, not "
                    + model.name() + "'s " + BenchmarkModel.architecture(expected)
                    + " (a model trained for another --model" + (model.fromData() ? " or --data" : "") + "?)");
        }
    }

    /**
     * Values &gt; 0 in {@code x}, which both sides print as {@code data_ones} so that different examples show:
     * MNIST's one-pixels, a table's positive values.
     */
    public static long positiveValues(INDArray x) {
        long count = 0;
        for (float v : x.castTo(DataType.FLOAT).dup('c').data().asFloat()) {
            if (v > 0) {
                count++;
            }
        }
        return count;
    }
}
