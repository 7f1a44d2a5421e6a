package org.vae4j.eval.ais;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.model.VaeModel;
import org.vae4j.eval.diagnostics.ActiveUnits;
import org.vae4j.eval.diagnostics.LatentStatistics;
import org.vae4j.eval.estimate.AnnealingDetails;
import org.vae4j.eval.estimate.BidirectionalDetails;
import org.vae4j.eval.estimate.ChunkPlan;
import org.vae4j.eval.estimate.EvaluationData;
import org.vae4j.eval.estimate.EvaluationListener;
import org.vae4j.eval.estimate.EvaluationProgress;
import org.vae4j.eval.estimate.EvaluationProvenance;
import org.vae4j.eval.estimate.ImportanceSampledLikelihood;
import org.vae4j.eval.estimate.LogLikelihoodEstimator;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.LogLikelihoodSummary;
import org.vae4j.eval.estimate.PerExampleEstimates;
import org.vae4j.eval.internal.EncodedData;
import org.vae4j.eval.internal.ExampleNoise;
import org.vae4j.eval.internal.StreamingLogSumExp;

/**
 * log p(x) by annealed importance sampling (Neal 2001) with Hamiltonian Monte Carlo transitions,
 * as Wu, Burda, Salakhutdinov and Grosse (2017) evaluate decoder-based models; and bidirectional
 * Monte Carlo bounds on data simulated from the model ({@link BidirectionalMonteCarlo}, Grosse, Ghahramani
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
public final class AnnealedImportanceSampling implements LogLikelihoodEstimator {

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
    @Override
    public ChunkPlan plan() {
        return plan;
    }

    public AnnealingSchedule schedule() {
        return schedule;
    }

    @Override
    public VaeModel model() {
        return model;
    }

    /** Forward AIS on every example of {@code data} (simulated data too, read as plain data). */
    @Override
    public LogLikelihoodReport evaluate(EvaluationData data) {
        return run(data, null);
    }

    /**
     * Runs the chains on {@code data}: forward from the initial distribution and, when
     * {@code exactLatent} is given (BDMC), reverse from it with the forward run's step sizes.
     */
    LogLikelihoodReport run(EvaluationData data, double[] exactLatent) {
        long started = System.nanoTime();
        if (data.features().rows() > Integer.MAX_VALUE / chains) {
            throw new IllegalArgumentException("At most " + Integer.MAX_VALUE / chains + " examples per evaluation with "
                    + chains + " chains, got " + data.features().rows());
        }
        EncodedData q = EncodedData.of(model, data);
        int n = q.examples();
        ChunkPlan used = plan.limitedTo(n);
        int blockSize = used.examplesPerBlock();
        ChainResults results = new ChainResults(n, exactLatent != null);
        long evaluations;
        try (AnnealingChains block = new AnnealingChains(model, schedule, chains, leapfrogSteps, initial,
                targetAcceptance, initialStepSize, blockSize)) {
            double[] stepSizes = new double[blockSize * schedule.steps()];
            for (int first = 0; first < n; first += blockSize) {
                int b = Math.min(blockSize, n - first);
                double[] initialLogLikelihood = forward(block, q, first, b, stepSizes, n, started);
                results.recordForward(block, q, initialLogLikelihood, first, b);
                if (exactLatent != null) {
                    reverse(block, exactLatent, first, b, stepSizes);
                    results.recordReverse(block, first, b);
                }
                listener.onBlockDone(EvaluationProgress.of(first + b, n, System.nanoTime() - started));
            }
            evaluations = block.gradientEvaluations();
        }
        return report(data, q, used, results, evaluations, (System.nanoTime() - started) / 1e9);
    }

    /**
     * Forward chains of examples [first, first + b) from the initial distribution, with progress
     * per step; returns each example's mean log p(x|z) over its chains' initial draws (for the ELBO).
     */
    private double[] forward(AnnealingChains block, EncodedData q, int first, int b, double[] stepSizes, int n,
                         long started) {
        double[] blockData = q.x().get(NDArrayIndex.interval(first, first + b), NDArrayIndex.all())
                .castTo(DataType.DOUBLE).dup('c').data().asDouble();
        block.startBlock(blockData, q.condition(), q.mean(), q.logVariance(), first, b);
        SplittableRandom[] noise = new SplittableRandom[b];
        for (int e = 0; e < b; e++) {
            noise[e] = ExampleNoise.forExample(seed, first + e);
        }
        block.drawInitial(noise);
        double[] initialLogLikelihood = block.meanLogLikelihoodUnderPosterior();
        int steps = schedule.steps();
        int progressEvery = Math.max(1, steps / 100);
        // Progress within a block, pro rata by step (a block can take minutes).
        block.forward(stepSizes, t -> {
            if (t % progressEvery == 0 && t < steps) {
                listener.onBlockDone(EvaluationProgress.of(first + (long) b * t / steps, n, System.nanoTime() - started));
            }
        });
        return initialLogLikelihood;
    }

    /** Reverse chains of examples [first, first + b) from the latent that generated them (BDMC). */
    private void reverse(AnnealingChains block, double[] exactLatent, int first, int b, double[] stepSizes) {
        int latent = model.config().latentSize();
        SplittableRandom[] noise = new SplittableRandom[b];
        for (int e = 0; e < b; e++) {
            noise[e] = ExampleNoise.forExample(reverseSeed(seed), first + e);
        }
        block.reverse(Arrays.copyOfRange(exactLatent, first * latent, (first + b) * latent), stepSizes, noise);
    }

    /** Per-example results of the chains, filled block by block. */
    private final class ChainResults {
        final double[] logLikelihood;
        final double[] elbo;
        final double[] ess;
        final boolean[] lowEss;
        final double[] chainError;
        final double[] acceptance;
        final double[] finalStepSize;
        final double[] upperBound;

        ChainResults(int n, boolean bidirectional) {
            logLikelihood = new double[n];
            elbo = new double[n];
            ess = new double[n];
            lowEss = new boolean[n];
            chainError = new double[n];
            acceptance = new double[n];
            finalStepSize = new double[n];
            upperBound = bidirectional ? new double[n] : new double[0];
        }

        /** log p(x) as the log-mean-exp of each example's chain weights, its spread, the acceptance, the ELBO. */
        void recordForward(AnnealingChains block, EncodedData q, double[] initialLogLikelihood, int first, int b) {
            int steps = schedule.steps();
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
                elbo[i] = initialLogLikelihood[e] - q.kl(i);
            }
        }

        /** The upper bound: minus the log-mean-exp of the reverse chains' weights. */
        void recordReverse(AnnealingChains block, int first, int b) {
            for (int e = 0; e < b; e++) {
                StreamingLogSumExp inverse = new StreamingLogSumExp();
                for (int c = 0; c < chains; c++) {
                    inverse.add(block.logWeight[e * chains + c]);
                }
                upperBound[first + e] = -inverse.logMeanExp();
            }
        }
    }

    private LogLikelihoodReport report(EvaluationData data, EncodedData q, ChunkPlan used, ChainResults results,
                                       long evaluations, double wallSeconds) {
        PerExampleEstimates perExample = new PerExampleEstimates(results.logLikelihood, results.elbo, results.ess,
                results.lowEss);
        LatentStatistics latentStatistics = new LatentStatistics(model.config().latentSize());
        latentStatistics.add(q.mean(), q.klPerDimension());
        AnnealingDetails details = new AnnealingDetails(schedule.steps(), chains, leapfrogSteps, initial.shortName(),
                schedule.description(), targetAcceptance, evaluations, results.chainError, results.acceptance,
                results.finalStepSize);
        boolean bidirectional = results.upperBound.length > 0;
        return new LogLikelihoodReport(LogLikelihoodSummary.of(perExample, chains, seed, wallSeconds), perExample,
                latentStatistics.activeUnits(activeUnitThreshold), latentStatistics.meanKlPerDimension(),
                EvaluationProvenance.of(model, data, seed, NOISE_SCHEME, used),
                bidirectional ? new BidirectionalDetails(details, results.upperBound) : details);
    }

    static long reverseSeed(long seed) {
        return ~seed ^ 0x5bd1e995L;
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
