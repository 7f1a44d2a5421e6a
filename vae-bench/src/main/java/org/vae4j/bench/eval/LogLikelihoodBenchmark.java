package org.vae4j.bench.eval;

import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.bench.ProcessStats;
import org.vae4j.bench.model.BenchmarkModel;
import org.vae4j.bench.model.BenchmarkModels;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.eval.estimate.ChunkPlan;
import org.vae4j.eval.estimate.ImportanceSampledLikelihood;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.LoggingEvaluationListener;

/**
 * Speed of the k = 5000 estimator on random binary data for an untrained MNIST model of bench/models.json (bench:
 * 784-400-20 ReLU, the speed issue's model; iwae: 784-200-200-50 tanh, Burda et al.), LogitBernoulli, FLOAT. Not a
 * test: run by hand and read the figures.
 *
 * <p>Arguments (all optional): examples (200), k (5000), memory budget in MiB (256), MODEL (bench).
 * GFLOP/s counts the decoder's GEMMs only (2 flops per multiply-add over its layers), which are
 * nearly all of the work; the encoder runs once per example and is ignored. A bare pass through
 * {@code decoderPreOutput} and the distribution's {@code exampleNegLogProbability} is timed too: the
 * path every distribution but vae4j's logit-Bernoulli takes (that one has a faster form, see
 * {@code LogitBernoulliChunkLogLikelihood}; {@code bench/compare.sh eval} compares it with PyTorch).
 */
public final class LogLikelihoodBenchmark {

    private LogLikelihoodBenchmark() {
    }

    /** Arguments: [examples (200)] [k (5000)] [memory budget MiB (256)] [MODEL of bench/models.json (bench)]. */
    public static void main(String[] args) {
        int examples = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int k = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        long budget = (args.length > 2 ? Long.parseLong(args[2]) : 256) << 20;
        BenchmarkModel benchmarkModel = BenchmarkModels.named(args.length > 3 ? args[3] : "bench");
        VaeConfig config = benchmarkModel.config(1);
        VaeModel model = VaeModel.create(config);
        Nd4j.getRandom().setSeed(2);
        INDArray x = Nd4j.rand(DataType.FLOAT, examples, config.inputSize()).gt(0.5).castTo(DataType.FLOAT);

        ImportanceSampledLikelihood estimator = ImportanceSampledLikelihood.builder(model).importanceSamples(k)
                .seed(3).memoryBudgetBytes(budget).listener(new LoggingEvaluationListener()).build();
        ChunkPlan plan = estimator.plan();
        // Warm-up: first-pass native allocations and the workspace's learning loop.
        ImportanceSampledLikelihood.builder(model).importanceSamples(Math.min(k, 200)).seed(3)
                .memoryBudgetBytes(budget).build().evaluate(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0,
                        Math.min(examples, 4)), org.nd4j.linalg.indexing.NDArrayIndex.all()));

        long cpuStart = ProcessStats.cpuNanos();
        long start = System.nanoTime();
        LogLikelihoodReport report = estimator.evaluate(x);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (ProcessStats.cpuNanos() - cpuStart) / 1e9;

        // The distribution's path without sampling or accumulation.
        int rows = (int) Math.min(plan.rowsPerPass(), 10_000);
        INDArray z = Nd4j.randn(DataType.FLOAT, rows, config.latentSize());
        INDArray xRows = Nd4j.tile(x.getRow(0, true), rows, 1);
        model.config().reconstructionDistribution().exampleNegLogProbability(xRows, model.decoderPreOutput(z));
        int passes = 5;
        long passStart = System.nanoTime();
        for (int i = 0; i < passes; i++) {
            model.config().reconstructionDistribution().exampleNegLogProbability(xRows, model.decoderPreOutput(z));
        }
        double passSamplesPerSecond = (double) rows * passes / ((System.nanoTime() - passStart) / 1e9);

        double samples = (double) examples * k;
        // Decoder per sample: latent->hidden and hidden->784 GEMM rows, 2 flops per multiply-add.
        double flopsPerSample = 0;
        int previous = config.latentSize();
        for (int width : config.decoderLayerSizes()) {
            flopsPerSample += 2.0 * previous * width;
            previous = width;
        }
        flopsPerSample += 2.0 * previous * config.inputSize();
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "model %s (%s) %s %s, %d examples, k=%d, %d threads (ND4J)%n",
                benchmarkModel.name(), BenchmarkModel.architecture(config),
                config.reconstructionDistribution().getClass().getSimpleName(), config.dataType(), examples, k,
                Nd4j.getEnvironment().maxMasterThreads());
        System.out.printf(Locale.ROOT, "plan: %d examples/block, %d samples/chunk, %d rows/pass, %d bytes/row, budget %d MiB%n",
                plan.examplesPerBlock(), plan.samplesPerChunk(), plan.rowsPerPass(), plan.bytesPerSampleRow(),
                budget >> 20);
        System.out.printf(Locale.ROOT, "wall %.2f s, %.0f samples/s, %.1f GFLOP/s (decoder GEMMs)%n",
                seconds, samples / seconds, samples * flopsPerSample / seconds / 1e9);
        System.out.printf(Locale.ROOT, "process CPU %.1f s (%.2f cores busy; <2 means the machine was shared)%n",
                cpuSeconds, cpuSeconds / seconds);
        System.out.printf(Locale.ROOT, "bare decoderPreOutput + exampleNegLogProbability pass (the generic path of "
                + "other distributions): %.0f samples/s (%.1f GFLOP/s)%n", passSamplesPerSecond,
                passSamplesPerSecond * flopsPerSample / 1e9);
        System.out.printf(Locale.ROOT, "extrapolated to 10000 examples: %.1f min%n", seconds * 10000 / examples / 60);
        System.out.printf(Locale.ROOT, "NLL %.3f nats (untrained model), mean ESS %.1f, JVM heap used %d MiB%n",
                report.summary().negativeLogLikelihoodNats(), report.summary().meanEffectiveSampleSize(),
                (rt.totalMemory() - rt.freeMemory()) >> 20);
    }
}
