package org.vae4j.eval.estimate;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.SingleThreadedNativeOps;
import org.vae4j.core.backend.Gemm;
import org.vae4j.core.Vae4jThreads;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.eval.diagnostics.ActiveUnits;
import org.vae4j.eval.internal.EncodedData;
import org.vae4j.eval.internal.ExampleNoise;
import org.vae4j.eval.diagnostics.LatentStatistics;

/**
 * Importance-sampled log p(x) with q(z|x) as proposal, plus the ELBO, IWAE-k bounds, effective
 * sample sizes and latent diagnostics from the same samples (see the package documentation).
 *
 * <p>Memory: samples are never all held. q(z|x) of every example is computed first (mean,
 * log-variance and KL per dimension as Java doubles: 24 bytes per example and latent dimension).
 * Examples are then processed in blocks and each block's samples in chunks ({@link ChunkPlan},
 * sized from a memory budget); all samples of a chunk go through one decoder pass
 * ([examples x samples, latentSize] z, one GEMM per layer), and each example's weights are merged
 * into streaming double-precision accumulators. log p(x|z) of a chunk comes from a
 * {@link ChunkLogLikelihood}: for vae4j's logit-Bernoulli decoder one exp pass over the logits and
 * vae4j's one kernel for that density, with no replicated data ({@link LogitBernoulliChunkLogLikelihood}),
 * otherwise the distribution's own {@code exampleNegLogProbability}. Native buffers are allocated once per
 * evaluation and reused.
 *
 * <p>Threads: blocks of examples run on vae4j's threads ({@link Vae4jThreads}), each with its own
 * buffers and single-threaded ND4J ops and GEMMs, the memory budget shared between them.
 *
 * <p>Reproducibility: the numbers depend on the model, the data and its order, k, the seed and the
 * IWAE group sizes; not on the memory budget, chunking or thread count (see {@link org.vae4j.eval.internal.ExampleNoise}).
 * Float models can still differ in the last bits if the BLAS library sums differently for
 * different matrix shapes.
 *
 * <pre>{@code
 * LogLikelihoodReport report = ImportanceSampledLikelihood.builder(model)
 *         .importanceSamples(5000).seed(1).build()
 *         .evaluate(testIterator, testData);
 * double nll = report.summary().negativeLogLikelihoodNats();
 * }</pre>
 */
public final class ImportanceSampledLikelihood implements LogLikelihoodEstimator {

    public static final int DEFAULT_IMPORTANCE_SAMPLES = 5000;

    /**
     * The {@link org.vae4j.core.backend.ComputePaths} component that computes log p(x|z) for the
     * importance samples, and its three paths: the two fast ones need host memory
     * ({@link org.vae4j.core.backend.ArrayMemory}); the other runs on any backend.
     */
    public static final String LOG_LIKELIHOOD_COMPONENT = "importance sampling log p(x|z)";
    public static final String CLOSED_FORM_PATH =
            "logit-Bernoulli closed form on host memory (LogitBernoulliChunkLogLikelihood)";
    public static final String ELEMENTWISE_PATH =
            "element-wise density's row kernel on host memory (ElementwiseChunkLogLikelihood)";
    public static final String DISTRIBUTION_OPS_PATH =
            "decoder and the distribution's ND4J ops (DistributionChunkLogLikelihood)";
    public static final long DEFAULT_MEMORY_BUDGET_BYTES = 256L << 20;
    /** IWAE group sizes reported by default (those not above k, plus k itself). */
    public static final int[] DEFAULT_IWAE_SAMPLE_COUNTS = {1, 5, 50, 500, 5000};

    private final VaeModel model;
    private final int importanceSamples;
    private final long seed;
    private final int[] iwaeSampleCounts;
    private final ChunkPlan plan;
    private final double minimumEffectiveSampleSize;
    private final double activeUnitThreshold;
    private final EvaluationListener listener;

    private ImportanceSampledLikelihood(Builder b) {
        this.model = b.model;
        this.importanceSamples = b.importanceSamples;
        this.seed = b.seed;
        this.iwaeSampleCounts = b.iwaeSampleCounts;
        this.plan = b.plan;
        this.minimumEffectiveSampleSize = b.minimumEffectiveSampleSize;
        this.activeUnitThreshold = b.activeUnitThreshold;
        this.listener = b.listener;
    }

    public static Builder builder(VaeModel model) {
        return new Builder(model);
    }

    @Override
    public ChunkPlan plan() {
        return plan;
    }

    @Override
    public VaeModel model() {
        return model;
    }

    @Override
    public LogLikelihoodReport evaluate(EvaluationData data) {
        long started = System.nanoTime();
        VaeConfig config = model.config();
        EncodedData q = EncodedData.of(model, data);
        int n = q.examples();
        ChunkPlan used = plan.limitedTo(n);
        int blockSize = used.examplesPerBlock();
        double[] standardDeviation = new double[q.logVariance().length];
        for (int k = 0; k < standardDeviation.length; k++) {
            standardDeviation[k] = Math.exp(0.5 * q.logVariance()[k]);
        }

        Results results = new Results(n, iwaeSampleCounts.length);
        int blocks = (n + blockSize - 1) / blockSize;
        int workers = Math.min(Vae4jThreads.threads(), blocks);
        if (workers <= 1) {
            // One block at a time: its decoder GEMMs (a chunk of examples x samples rows) use every
            // BLAS thread.
            Gemm.useThreadsFor(Long.MAX_VALUE);
            evaluateBlocks(q, standardDeviation, used, 0, n, results, started);
        } else {
            // Blocks of examples on vae4j's threads, each with its own buffers and single-threaded
            // ND4J ops and GEMMs; each example's noise depends only on (seed, example), so the
            // numbers do not change. The memory budget is shared between the workers.
            ChunkPlan workerPlan = ChunkPlan.forBudget(config, importanceSamples,
                    Math.max(1, plan.memoryBudgetBytes() / workers)).limitedTo(n);
            try (SingleThreadedNativeOps ignored = SingleThreadedNativeOps.enter()) {
                Vae4jThreads.forEachPart(workers, w -> evaluateBlocks(q, standardDeviation, workerPlan,
                        (int) ((long) n * w / workers), (int) ((long) n * (w + 1) / workers), results, started));
            }
        }
        double wallSeconds = (System.nanoTime() - started) / 1e9;
        return report(data, q, used, results, wallSeconds);
    }

    /** Per-example results; workers write disjoint examples. */
    private static final class Results {
        final double[] logLikelihood;
        final double[] elbo;
        final double[] ess;
        final boolean[] lowEss;
        final double[][] iwae;
        /** Examples finished so far; guarded by this object. */
        private int done;

        Results(int n, int iwaeCounts) {
            logLikelihood = new double[n];
            elbo = new double[n];
            ess = new double[n];
            lowEss = new boolean[n];
            iwae = new double[iwaeCounts][n];
        }
    }

    /** Examples [from, to) in blocks of the plan's size, on the calling thread, into {@code results}. */
    private void evaluateBlocks(EncodedData q, double[] standardDeviation, ChunkPlan used, int from, int to,
                                Results results, long started) {
        INDArray x = q.x();
        int n = (int) x.rows();
        int blockSize = used.examplesPerBlock();
        int chunkSamples = used.samplesPerChunk();
        ChunkSamples chunk = new ChunkSamples(blockSize * chunkSamples, chunkSamples, model.config().latentSize(),
                model.config().conditionSize(), q.condition());
        try (ChunkLogLikelihood decoder = ChunkLogLikelihood.forModel(model, x, blockSize, chunkSamples)) {
            for (int first = from; first < to; first += blockSize) {
                int b = Math.min(blockSize, to - first);
                decoder.startBlock(first, b);
                ImportanceWeightAccumulator[] accumulators = new ImportanceWeightAccumulator[b];
                SplittableRandom[] noise = new SplittableRandom[b];
                for (int e = 0; e < b; e++) {
                    accumulators[e] = new ImportanceWeightAccumulator(iwaeSampleCounts);
                    noise[e] = ExampleNoise.forExample(seed, first + e);
                }
                for (int done = 0; done < importanceSamples; done += chunkSamples) {
                    int samples = Math.min(chunkSamples, importanceSamples - done);
                    chunk.draw(first, b, samples, q.mean(), standardDeviation, q.logVariance(), noise);
                    decoder.compute(chunk.z, b, samples, chunk.logLikelihood);
                    chunk.accumulate(b, samples, accumulators);
                }
                for (int e = 0; e < b; e++) {
                    int i = first + e;
                    ImportanceWeightAccumulator a = accumulators[e];
                    results.logLikelihood[i] = a.logMarginalLikelihood();
                    results.elbo[i] = a.meanLogLikelihood() - q.kl(i);
                    results.ess[i] = a.effectiveSampleSize();
                    results.lowEss[i] = !(results.ess[i] >= minimumEffectiveSampleSize);
                    for (int j = 0; j < iwaeSampleCounts.length; j++) {
                        results.iwae[j][i] = a.iwaeBound(j);
                    }
                }
                synchronized (results) {   // progress in order, one call at a time
                    results.done += b;
                    listener.onBlockDone(EvaluationProgress.of(results.done, n, System.nanoTime() - started));
                }
            }
        }
    }

    /**
     * The Java side of one chunk: z ~ q(z|x) with its log p(z) - log q(z|x), and, once the decoder
     * has filled {@link #logLikelihood}, the merge into each example's accumulator. Rows are
     * example-major (row e * samples + s is sample s of example e); the arrays are reused. A
     * conditional VAE's rows of z are [z | c], the decoder's input: the condition's units take c
     * and enter neither density.
     */
    private static final class ChunkSamples {
        private final int latent;
        private final int conditionSize;
        /** Decoder input columns per row: latent + conditionSize. */
        private final int width;
        private final double[] condition;
        final double[] z;
        final double[] logPriorMinusProposal;
        final double[] logLikelihood;
        /** One example's samples of a chunk, for {@link ImportanceWeightAccumulator#addAll}. */
        private final double[] scratch;

        ChunkSamples(int maxRows, int maxSamples, int latent, int conditionSize, double[] condition) {
            this.latent = latent;
            this.conditionSize = conditionSize;
            this.width = latent + conditionSize;
            this.condition = condition;
            this.z = new double[maxRows * width];
            this.logPriorMinusProposal = new double[maxRows];
            this.logLikelihood = new double[maxRows];
            this.scratch = new double[maxSamples];
        }

        /** Examples [first, first + b); the posterior arrays hold every example, row-major. */
        void draw(int first, int b, int samples, double[] mean, double[] standardDeviation, double[] logVariance,
                  SplittableRandom[] noise) {
            for (int e = 0; e < b; e++) {
                SplittableRandom random = noise[e];
                int offset = (first + e) * latent;
                for (int s = 0; s < samples; s++) {
                    int row = e * samples + s;
                    double logRatio = 0;
                    for (int u = 0; u < latent; u++) {
                        double eps = random.nextGaussian();
                        double value = mean[offset + u] + standardDeviation[offset + u] * eps;
                        z[row * width + u] = value;
                        // log p(z) - log q(z|x) for a diagonal Gaussian q: the 0.5 log(2 pi) terms cancel.
                        logRatio += 0.5 * (eps * eps - value * value + logVariance[offset + u]);
                    }
                    logPriorMinusProposal[row] = logRatio;
                    if (conditionSize > 0) {
                        System.arraycopy(condition, (first + e) * conditionSize, z, row * width + latent,
                                conditionSize);
                    }
                }
            }
        }

        /** Each example's samples into its accumulator; the log-weights replace {@link #logPriorMinusProposal}. */
        void accumulate(int b, int samples, ImportanceWeightAccumulator[] accumulators) {
            double[] logWeight = logPriorMinusProposal;
            for (int row = 0; row < b * samples; row++) {
                logWeight[row] += logLikelihood[row];
            }
            for (int e = 0; e < b; e++) {
                accumulators[e].addAll(logWeight, logLikelihood, e * samples, samples, scratch);
            }
        }
    }

    private LogLikelihoodReport report(EvaluationData data, EncodedData q, ChunkPlan used, Results results,
                                       double wallSeconds) {
        double[][] iwae = results.iwae;
        double[] iwaeMean = new double[iwaeSampleCounts.length];
        double[] iwaeError = new double[iwaeSampleCounts.length];
        for (int j = 0; j < iwaeSampleCounts.length; j++) {
            MeanAndError bound = MeanAndError.of(iwae[j]);
            iwaeMean[j] = bound.mean();
            iwaeError[j] = bound.standardError();
        }
        PerExampleEstimates perExample = new PerExampleEstimates(results.logLikelihood, results.elbo, results.ess,
                results.lowEss);
        LatentStatistics latentStatistics = new LatentStatistics(model.config().latentSize());
        latentStatistics.add(q.mean(), q.klPerDimension());
        return new LogLikelihoodReport(LogLikelihoodSummary.of(perExample, importanceSamples, seed, wallSeconds),
                perExample, latentStatistics.activeUnits(activeUnitThreshold), latentStatistics.meanKlPerDimension(),
                EvaluationProvenance.of(model, data, seed, ExampleNoise.SCHEME, used),
                new ImportanceSamplingDetails(importanceSamples,
                        new IwaeBounds(iwaeSampleCounts.clone(), iwaeMean, iwaeError, iwae)));
    }

    /**
     * Fluent builder in DL4J's style; {@link #build()} validates. Defaults: k = 5000, seed 0, a
     * 256 MiB budget, IWAE group sizes {1, 5, 50, 500, 5000} up to k (plus k), effective sample size
     * flag below max(5, 1% of k) (capped at k/2), active-unit threshold 0.01, no listener.
     */
    public static final class Builder {
        private final VaeModel model;
        private int importanceSamples = DEFAULT_IMPORTANCE_SAMPLES;
        private long seed;
        private int[] requestedIwae;
        private long memoryBudgetBytes = DEFAULT_MEMORY_BUDGET_BYTES;
        private double essFraction = 0.01;
        private double essAbsolute = 5;
        private double activeUnitThreshold = ActiveUnits.BURDA_THRESHOLD;
        private EvaluationListener listener = EvaluationListener.NONE;
        private int[] iwaeSampleCounts;
        private ChunkPlan plan;
        private double minimumEffectiveSampleSize;

        private Builder(VaeModel model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** k, samples of z per example. */
        public Builder importanceSamples(int k) {
            this.importanceSamples = k;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Group sizes of the IWAE bounds to report, each in [1, k]. */
        public Builder iwaeSampleCounts(int... counts) {
            this.requestedIwae = counts == null ? null : counts.clone();
            return this;
        }

        /** Native memory one decoder pass may use, bytes. */
        public Builder memoryBudgetBytes(long bytes) {
            this.memoryBudgetBytes = bytes;
            return this;
        }

        /** Flag examples whose effective sample size is below max(absolute, fraction * k) (capped at k/2). */
        public Builder minimumEffectiveSampleSize(double fraction, double absolute) {
            this.essFraction = fraction;
            this.essAbsolute = absolute;
            return this;
        }

        public Builder activeUnitThreshold(double threshold) {
            this.activeUnitThreshold = threshold;
            return this;
        }

        public Builder listener(EvaluationListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public ImportanceSampledLikelihood build() {
            if (importanceSamples < 1) {
                throw new IllegalArgumentException("importanceSamples (k) must be >= 1, got " + importanceSamples);
            }
            if (memoryBudgetBytes < 1) {
                throw new IllegalArgumentException("memoryBudgetBytes must be >= 1, got " + memoryBudgetBytes);
            }
            if (!(essFraction >= 0 && essFraction <= 1) || !(essAbsolute >= 0)) {
                throw new IllegalArgumentException("minimumEffectiveSampleSize: fraction must be in [0, 1] and "
                        + "absolute >= 0, got " + essFraction + " and " + essAbsolute);
            }
            if (!(activeUnitThreshold >= 0)) {
                throw new IllegalArgumentException("activeUnitThreshold must be >= 0, got " + activeUnitThreshold);
            }
            iwaeSampleCounts = iwaeCounts();
            plan = ChunkPlan.forBudget(model.config(), importanceSamples, memoryBudgetBytes);
            minimumEffectiveSampleSize = Math.min(Math.max(essAbsolute, essFraction * importanceSamples),
                    importanceSamples / 2.0);
            return new ImportanceSampledLikelihood(this);
        }

        private int[] iwaeCounts() {
            TreeSet<Integer> counts = new TreeSet<>();
            if (requestedIwae == null) {
                for (int k : DEFAULT_IWAE_SAMPLE_COUNTS) {
                    if (k <= importanceSamples) {
                        counts.add(k);
                    }
                }
                counts.add(importanceSamples);
            } else {
                for (int k : requestedIwae) {
                    if (k < 1 || k > importanceSamples) {
                        throw new IllegalArgumentException("iwaeSampleCounts must each be in [1, importanceSamples = "
                                + importanceSamples + "], got " + k + " in " + Arrays.toString(requestedIwae));
                    }
                    counts.add(k);
                }
            }
            return counts.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
