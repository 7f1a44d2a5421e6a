package org.vae4j.eval.ais;

import java.util.Objects;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.Versions;
import org.vae4j.core.model.LatentPosterior;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.provenance.DataDescription;
import org.vae4j.eval.diagnostics.ActiveUnits;
import org.vae4j.eval.diagnostics.LatentStatistics;
import org.vae4j.eval.estimate.AnnealingDetails;
import org.vae4j.eval.estimate.ChunkPlan;
import org.vae4j.eval.estimate.Estimator;
import org.vae4j.eval.estimate.EvaluationInput;
import org.vae4j.eval.estimate.EvaluationListener;
import org.vae4j.eval.estimate.EvaluationProgress;
import org.vae4j.eval.estimate.EvaluationProvenance;
import org.vae4j.eval.estimate.ExampleNoise;
import org.vae4j.eval.estimate.ImportanceSampledLikelihood;
import org.vae4j.eval.estimate.IwaeBounds;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.LogLikelihoodSummary;
import org.vae4j.eval.estimate.MeanAndError;
import org.vae4j.eval.estimate.PerExampleEstimates;
import org.vae4j.eval.estimate.StreamingLogSumExp;

/**
 * log p(x) by annealed importance sampling (Neal 2001) with Hamiltonian Monte Carlo transitions,
 * as Wu, Burda, Salakhutdinov and Grosse (2017) evaluate decoder-based models; and bidirectional
 * Monte Carlo bounds on data simulated from the model ({@link #bidirectional}, Grosse, Ghahramani
 * and Adams 2015). Any vae4j model and reconstruction distribution: the decoder's gradient comes
 * from {@link org.vae4j.core.model.DecoderGradient}.
 *
 * <p>Per example, {@code chains} independent chains start from q(z|x) (or the prior) and pass
 * through the geometric path f_t = p_0^(1 - beta_t) (p(z) p(x|z))^beta_t on a sigmoid schedule of
 * {@code steps} betas; each chain's log weight sum_t (beta_t - beta_{t-1}) (log p(z) + log p(x|z) -
 * log p_0(z)) is accumulated in double, and log p(x) is the log-mean-exp of the chains' weights
 * ({@link StreamingLogSumExp}). Its expectation is below log p(x) (Jensen), and the gap closes as
 * the steps grow. The standard error across chains comes from their effective sample size.
 * Details of the chains and the HMC step-size adaptation: {@link AnnealingChains}.
 *
 * <p>Cost: every transition runs {@code leapfrogSteps} decoder passes forward and backward over
 * all chains of a block of examples (one GEMM per layer and direction), so an example costs
 * about steps x leapfrogSteps x chains gradient evaluations, each about three times the decoder
 * GEMMs of one importance sample. The step-size adaptation uses the chains' own history, as in
 * Wu et al.; the estimate is then unbiased only approximately (it is exact with a fixed step size).
 *
 * <p>Reproducibility: each example's randomness comes from its own generator keyed by (seed,
 * example index), so the numbers do not depend on the block size, the memory budget or the thread
 * count (DOUBLE models to rounding; FLOAT ones to float rounding, as BLAS may sum differently for
 * different matrix shapes, which can flip an accept/reject decision).
 *
 * <pre>{@code
 * LogLikelihoodReport report = AnnealedImportanceSampling.builder(model)
 *         .steps(1000).chains(16).seed(1).build()
 *         .evaluate(testIterator, testData);
 * double nll = report.summary().negativeLogLikelihoodNats();
 * }</pre>
 */
public final class AnnealedImportanceSampling {

    public static final int DEFAULT_STEPS = 1000;
    public static final int DEFAULT_CHAINS = 16;
    public static final int DEFAULT_LEAPFROG_STEPS = 10;
    public static final double DEFAULT_TARGET_ACCEPTANCE = 0.65;
    /** {@link Builder#initialStepSize}: half the smallest standard deviation of the initial distribution. */
    public static final double AUTOMATIC_STEP_SIZE = 0;
    /** Rows (chains of a block of examples) of one decoder pass at most: more does not speed up the GEMMs. */
    static final int MAX_ROWS_PER_PASS = 1024;

    static final String NOISE_SCHEME = "example i: chain starts, then per transition the momenta of its chains "
            + "and their accept/reject uniforms, from java.util.SplittableRandom keyed by (seed, i) (reverse AIS: "
            + "(~seed ^ 0x5bd1e995, i)); independent of blocking and threads";

    private final VaeModel model;
    private final AnnealingSchedule schedule;
    private final int chains;
    private final int leapfrogSteps;
    private final InitialDistribution initial;
    private final double targetAcceptance;
    private final double initialStepSize;
    private final long seed;
    private final ChunkPlan plan;
    private final double minimumEffectiveSampleSize;
    private final double activeUnitThreshold;
    private final EvaluationListener listener;

    private AnnealedImportanceSampling(Builder b) {
        this.model = b.model;
        this.schedule = b.schedule;
        this.chains = b.chains;
        this.leapfrogSteps = b.leapfrogSteps;
        this.initial = b.initial;
        this.targetAcceptance = b.targetAcceptance;
        this.initialStepSize = b.initialStepSize;
        this.seed = b.seed;
        this.plan = b.plan;
        this.minimumEffectiveSampleSize = Math.min(Math.max(5, 0.01 * chains), chains / 2.0);
        this.activeUnitThreshold = b.activeUnitThreshold;
        this.listener = b.listener;
    }

    public static Builder builder(VaeModel model) {
        return new Builder(model);
    }

    /** How examples are grouped into decoder passes: blocks of examples, all chains of each. */
    public ChunkPlan plan() {
        return plan;
    }

    public AnnealingSchedule schedule() {
        return schedule;
    }

    /** Evaluates the rows of {@code features} ([examples, inputSize]) described as unnamed data. */
    public LogLikelihoodReport evaluate(INDArray features) {
        return evaluate(features, null);
    }

    /** Evaluates the rows of {@code features}; {@code data} says what they are (may be null). */
    public LogLikelihoodReport evaluate(INDArray features, DataDescription data) {
        INDArray x = EvaluationInput.fromArray(features, model.config().inputSize());
        return run(x, describe(data, x.rows()), null);
    }

    /** Evaluates every example of {@code iterator} (reset first when it can be); features only. */
    public LogLikelihoodReport evaluate(DataSetIterator iterator, DataDescription data) {
        INDArray x = EvaluationInput.fromIterator(iterator, model.config().inputSize());
        return run(x, describe(data, x.rows()), null);
    }

    /**
     * Bidirectional Monte Carlo on {@code data} simulated from this model: forward AIS gives a
     * stochastic lower bound on each log p(x) (the report's log-likelihood) and reverse AIS, started
     * at the exact latent that generated x and run with the forward run's step sizes, a stochastic
     * upper bound ({@link AnnealingDetails#upperBoundNats()}). The true value lies between them in
     * expectation, and their gap bounds the error of the forward estimate on data like this.
     */
    public LogLikelihoodReport bidirectional(SimulatedData data) {
        Objects.requireNonNull(data, "data");
        INDArray x = EvaluationInput.fromArray(data.features(), model.config().inputSize());
        if (data.latent().length != x.rows() * model.config().latentSize()) {
            throw new IllegalArgumentException("SimulatedData has " + data.latent().length / x.rows()
                    + " latent values per example; the model's latentSize is " + model.config().latentSize());
        }
        return run(x, data.description(), data.latent());
    }

    private static DataDescription describe(DataDescription data, long examples) {
        return data != null ? data : new DataDescription("unnamed", "unknown", "unknown", 0, examples, null);
    }

    private LogLikelihoodReport run(INDArray features, DataDescription data, double[] exactLatent) {
        long started = System.nanoTime();
        if (features.rows() > Integer.MAX_VALUE / chains) {
            throw new IllegalArgumentException("At most " + Integer.MAX_VALUE / chains + " examples per evaluation with "
                    + chains + " chains, got " + features.rows());
        }
        int n = (int) features.rows();
        int latent = model.config().latentSize();
        int inputSize = model.config().inputSize();
        int steps = schedule.steps();
        ChunkPlan used = plan.limitedTo(n);
        int blockSize = used.examplesPerBlock();

        INDArray x = features.castTo(model.dataType());
        if (x.isView() || x.ordering() != 'c') {
            x = x.dup('c');
        }
        double[][] q = encode(x);
        double[] qMean = q[0];
        double[] qLogVariance = q[1];
        double[] klPerDimension = q[2];
        LatentStatistics latentStatistics = new LatentStatistics(latent);
        latentStatistics.add(qMean, klPerDimension);

        double[] logLikelihood = new double[n];
        double[] elbo = new double[n];
        double[] ess = new double[n];
        boolean[] lowEss = new boolean[n];
        double[] chainError = new double[n];
        double[] acceptance = new double[n];
        double[] finalStepSize = new double[n];
        double[] upperBound = exactLatent == null ? null : new double[n];
        long evaluations;
        try (AnnealingChains block = new AnnealingChains(model, schedule, chains, leapfrogSteps, initial,
                targetAcceptance, initialStepSize, blockSize)) {
            double[] stepSizes = new double[blockSize * steps];
            int progressEvery = Math.max(1, steps / 100);
            for (int first = 0; first < n; first += blockSize) {
                int b = Math.min(blockSize, n - first);
                int start = first;
                double[] blockData = x.get(NDArrayIndex.interval(first, first + b), NDArrayIndex.all())
                        .castTo(DataType.DOUBLE).dup('c').data().asDouble();
                block.startBlock(blockData, qMean, qLogVariance, first, b);
                SplittableRandom[] noise = new SplittableRandom[b];
                for (int e = 0; e < b; e++) {
                    noise[e] = ExampleNoise.forExample(seed, first + e);
                }
                block.drawInitial(noise);
                double[] reconstruction = block.meanLogLikelihoodUnderPosterior();
                // Progress within a block, pro rata by step (a block can take minutes).
                block.forward(stepSizes, t -> {
                    if (t % progressEvery == 0 && t < steps) {
                        listener.onBlockDone(EvaluationProgress.of(start + (long) b * t / steps, n,
                                System.nanoTime() - started));
                    }
                });
                for (int e = 0; e < b; e++) {
                    int i = first + e;
                    StreamingLogSumExp weights = new StreamingLogSumExp();
                    StreamingLogSumExp squares = new StreamingLogSumExp();
                    for (int c = 0; c < chains; c++) {
                        double w = block.logWeight[e * chains + c];
                        weights.add(w);
                        squares.add(2 * w);
                    }
                    logLikelihood[i] = weights.logMeanExp();
                    ess[i] = Math.exp(2 * weights.logSumExp() - squares.logSumExp());
                    lowEss[i] = !(ess[i] >= minimumEffectiveSampleSize);
                    chainError[i] = chains > 1 ? Math.sqrt(Math.max(0, chains / ess[i] - 1) / (chains - 1)) : Double.NaN;
                    acceptance[i] = steps > 1 ? (double) block.accepted[e] / ((long) chains * (steps - 1)) : Double.NaN;
                    finalStepSize[i] = block.stepSize[e];
                    double kl = 0;
                    for (int u = 0; u < latent; u++) {
                        kl += klPerDimension[i * latent + u];
                    }
                    elbo[i] = reconstruction[e] - kl;
                }
                if (exactLatent != null) {
                    SplittableRandom[] reverseNoise = new SplittableRandom[b];
                    for (int e = 0; e < b; e++) {
                        reverseNoise[e] = ExampleNoise.forExample(reverseSeed(seed), first + e);
                    }
                    double[] blockLatent = java.util.Arrays.copyOfRange(exactLatent, first * latent, (first + b) * latent);
                    block.reverse(blockLatent, stepSizes, reverseNoise);
                    for (int e = 0; e < b; e++) {
                        StreamingLogSumExp inverse = new StreamingLogSumExp();
                        for (int c = 0; c < chains; c++) {
                            inverse.add(block.logWeight[e * chains + c]);
                        }
                        upperBound[first + e] = -inverse.logMeanExp();
                    }
                }
                listener.onBlockDone(EvaluationProgress.of(first + b, n, System.nanoTime() - started));
            }
            evaluations = block.gradientEvaluations();
        }
        double wallSeconds = (System.nanoTime() - started) / 1e9;

        MeanAndError likelihood = MeanAndError.of(logLikelihood);
        MeanAndError elboStats = MeanAndError.of(elbo);
        int flagged = 0;
        for (boolean low : lowEss) {
            flagged += low ? 1 : 0;
        }
        LogLikelihoodSummary summary = new LogLikelihoodSummary(n, chains, -likelihood.mean(),
                likelihood.standardError(), -elboStats.mean(), elboStats.standardError(), MeanAndError.of(ess).mean(),
                flagged, seed, wallSeconds);
        ActiveUnits active = latentStatistics.activeUnits(activeUnitThreshold);
        EvaluationProvenance provenance = new EvaluationProvenance(Versions.vae4j(), Versions.dl4j(),
                model.config().toJson(), model.data(), data, chains, seed, NOISE_SCHEME, used);
        AnnealingDetails details = new AnnealingDetails(steps, chains, leapfrogSteps, initial.shortName(),
                schedule.description(), targetAcceptance, evaluations, chainError, acceptance, finalStepSize, upperBound);
        IwaeBounds none = new IwaeBounds(new int[0], new double[0], new double[0], new double[0][]);
        return new LogLikelihoodReport(summary, new PerExampleEstimates(logLikelihood, elbo, ess, lowEss), none, active,
                latentStatistics.meanKlPerDimension(), provenance, exactLatent == null ? Estimator.AIS : Estimator.BDMC,
                details);
    }

    static long reverseSeed(long seed) {
        return ~seed ^ 0x5bd1e995L;
    }

    /** q(z|x) of every example: {mean, logVariance, klPerDimension}, each row-major [examples, latentSize]. */
    private double[][] encode(INDArray x) {
        int n = (int) x.rows();
        int latent = model.config().latentSize();
        double[][] result = {new double[n * latent], new double[n * latent], new double[n * latent]};
        int batch = 1024;
        for (int first = 0; first < n; first += batch) {
            int rows = Math.min(batch, n - first);
            LatentPosterior q = model.encode(x.get(NDArrayIndex.interval(first, first + rows), NDArrayIndex.all()));
            INDArray[] parts = {q.mean(), q.logVariance(), q.klPerDimension()};
            for (int k = 0; k < 3; k++) {
                System.arraycopy(parts[k].castTo(DataType.DOUBLE).dup('c').data().asDouble(), 0, result[k],
                        first * latent, rows * latent);
            }
        }
        return result;
    }

    /**
     * Fluent builder in DL4J's style; {@link #build()} validates. Defaults (Wu et al. 2017): 1000
     * steps on a sigmoid schedule (delta 4), 16 chains, 10 leapfrog steps, target acceptance 0.65;
     * start at q(z|x) with an automatic initial step size (Li's BDMC code: 0.01), seed 0, a 256 MiB
     * memory budget.
     */
    public static final class Builder {
        private final VaeModel model;
        private int steps = DEFAULT_STEPS;
        private AnnealingSchedule schedule;
        private int chains = DEFAULT_CHAINS;
        private int leapfrogSteps = DEFAULT_LEAPFROG_STEPS;
        private InitialDistribution initial = InitialDistribution.POSTERIOR;
        private double targetAcceptance = DEFAULT_TARGET_ACCEPTANCE;
        private double initialStepSize = AUTOMATIC_STEP_SIZE;
        private long seed;
        private long memoryBudgetBytes = ImportanceSampledLikelihood.DEFAULT_MEMORY_BUDGET_BYTES;
        private double activeUnitThreshold = ActiveUnits.BURDA_THRESHOLD;
        private EvaluationListener listener = EvaluationListener.NONE;
        private ChunkPlan plan;

        private Builder(VaeModel model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** T, intermediate distributions on the sigmoid schedule; ignored when {@link #schedule} is given. */
        public Builder steps(int steps) {
            this.steps = steps;
            return this;
        }

        /** Any schedule instead of the sigmoid one of {@link #steps}. */
        public Builder schedule(AnnealingSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** Independent chains per example, run together in the decoder passes. */
        public Builder chains(int chains) {
            this.chains = chains;
            return this;
        }

        public Builder leapfrogSteps(int leapfrogSteps) {
            this.leapfrogSteps = leapfrogSteps;
            return this;
        }

        public Builder initialDistribution(InitialDistribution initial) {
            this.initial = Objects.requireNonNull(initial, "initialDistribution");
            return this;
        }

        /** Acceptance rate in (0, 1) each example's step size is adapted toward. */
        public Builder targetAcceptance(double rate) {
            this.targetAcceptance = rate;
            return this;
        }

        /**
         * Leapfrog step size every example starts with, in [1e-4, 0.5], or {@link #AUTOMATIC_STEP_SIZE}
         * (the default): per example, half the smallest standard deviation of the initial
         * distribution (q(z|x), or 1 for the prior), clamped to that range.
         */
        public Builder initialStepSize(double stepSize) {
            this.initialStepSize = stepSize;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Native memory one decoder pass may use, bytes (sets how many examples share a pass). */
        public Builder memoryBudgetBytes(long bytes) {
            this.memoryBudgetBytes = bytes;
            return this;
        }

        public Builder activeUnitThreshold(double threshold) {
            this.activeUnitThreshold = threshold;
            return this;
        }

        /** Called after each block and about every 1% of a block's steps, on the evaluating thread. */
        public Builder listener(EvaluationListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public AnnealedImportanceSampling build() {
            if (schedule == null && steps < 1) {
                throw new IllegalArgumentException("AIS steps must be >= 1, got " + steps);
            }
            if (chains < 1) {
                throw new IllegalArgumentException("AIS chains must be >= 1, got " + chains);
            }
            if (leapfrogSteps < 1) {
                throw new IllegalArgumentException("AIS leapfrogSteps must be >= 1, got " + leapfrogSteps);
            }
            if (!(targetAcceptance > 0 && targetAcceptance < 1)) {
                throw new IllegalArgumentException("AIS targetAcceptance must be in (0, 1), got " + targetAcceptance);
            }
            if (initialStepSize != AUTOMATIC_STEP_SIZE && !(initialStepSize >= AnnealingChains.MIN_STEP_SIZE
                    && initialStepSize <= AnnealingChains.MAX_STEP_SIZE)) {
                throw new IllegalArgumentException("AIS initialStepSize must be in [" + AnnealingChains.MIN_STEP_SIZE
                        + ", " + AnnealingChains.MAX_STEP_SIZE + "], got " + initialStepSize);
            }
            if (memoryBudgetBytes < 1) {
                throw new IllegalArgumentException("memoryBudgetBytes must be >= 1, got " + memoryBudgetBytes);
            }
            if (!(activeUnitThreshold >= 0)) {
                throw new IllegalArgumentException("activeUnitThreshold must be >= 0, got " + activeUnitThreshold);
            }
            plan = planFor(model, chains, memoryBudgetBytes);
            int t = schedule != null ? schedule.steps() : steps;
            // The schedule (T + 1 betas) and the step-size trace (T per example of a block) are
            // sized by T: checked in long arithmetic before either is allocated.
            long traceValues = (long) plan.examplesPerBlock() * t;
            if (traceValues > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("AIS with " + t + " steps and " + plan.examplesPerBlock()
                        + " examples per block needs a step-size trace of " + traceValues + " values, more than a Java "
                        + "array holds: lower the steps");
            }
            org.vae4j.core.HeapBudget.require(8.0 * (t + 1.0 + traceValues), "AIS with " + t + " steps ("
                    + plan.examplesPerBlock() + " examples per block)", "lower the steps");
            if (schedule == null) {
                schedule = AnnealingSchedule.sigmoid(steps, AnnealingSchedule.DEFAULT_SHARPNESS);
            }
            return new AnnealedImportanceSampling(this);
        }

        /**
         * Blocks of whole examples (all chains of an example share a pass, since they share a step
         * size): as many as the budget allows at about twice importance sampling's memory per row
         * (the backward pass keeps pre-activations and gradients), at most
         * {@link #MAX_ROWS_PER_PASS} rows, and at least one example.
         */
        private static ChunkPlan planFor(VaeModel model, int chains, long budget) {
            ChunkPlan sampling = ChunkPlan.forBudget(model.config(), chains, Math.max(1, budget / 2));
            int examples = sampling.samplesPerChunk() < chains ? 1 : sampling.examplesPerBlock();
            examples = Math.max(1, Math.min(examples, MAX_ROWS_PER_PASS / chains));
            return new ChunkPlan(examples, chains, 2 * sampling.bytesPerSampleRow(), budget);
        }
    }
}
