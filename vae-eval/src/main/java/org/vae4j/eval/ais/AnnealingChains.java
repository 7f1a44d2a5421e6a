package org.vae4j.eval.ais;

import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.backend.HostTransfer;
import org.vae4j.core.distribution.LogitBernoulliKernel;
import org.vae4j.core.model.DecoderGradient;
import org.vae4j.core.model.VaeModel;

/**
 * The AIS chains of one block of examples: {@code chains} chains per example, all rows of the block
 * (example-major: row e * chains + c is chain c of example e) in one decoder pass per leapfrog step
 * ({@link DecoderGradient}: one GEMM per layer forward and one backward). Everything else, the
 * Gaussian terms, the leapfrog updates, the weights and accept/reject, runs in double in Java.
 *
 * <p>Densities, for the block's examples x with q(z|x) = N(mu, diag sigma^2):
 * <pre>
 *   log target(z)   = log p(z) + log p(x|z)                     (unnormalised posterior)
 *   log p_0(z)      = log q(z|x)  or  log p(z)                  (the initial distribution)
 *   log f_beta(z)   = (1 - beta) log p_0(z) + beta log target(z)
 * </pre>
 * Forward AIS adds (beta_t - beta_{t-1}) (log target - log p_0) at the current z to the chain's log
 * weight, then moves z by an HMC transition that leaves f_{beta_t} invariant (none after the last
 * update, where it would not change the weight). Reverse AIS (for BDMC's upper bound) starts at an
 * exact posterior sample, subtracts the same increments in the opposite order and applies the
 * transitions for beta_{T-1} .. beta_1 with the step sizes the forward run used.
 *
 * <p>HMC (Neal 2011): unit mass, {@code leapfrogSteps} leapfrog steps, Metropolis accept/reject on
 * the Hamiltonian; a NaN or infinite proposal is rejected. Each transition multiplies the step
 * size by a random factor in [0.8, 1.2] (Neal 2011, "MCMC using Hamiltonian dynamics",
 * on randomising the step size): with a fixed one, a
 * trajectory whose length is near a multiple of a posterior direction's period returns to where it
 * started (measured on the linear-Gaussian test model: the chains barely mixed). The factor is
 * drawn independently of the state, so each transition still leaves f_beta invariant. One step size per example, shared by its
 * chains, adapted after each forward transition with the rule of Li's BDMC code for Wu et al.
 * (2017): multiplied by 1.02 when the acceptance rate is above the target and by 0.98 otherwise,
 * within [1e-4, 0.5]. Li's code keeps one step size per chain, on its cumulative acceptance; here
 * the rate is that of the example's chains, smoothed (0.9 old + 0.1 new).
 *
 * <p>Random numbers: every example has its own generator (from {@code ExampleNoise}), consumed in a
 * fixed order (initial draws, then per transition the step-size factor, the momenta of its chains
 * and their accept/reject uniforms),
 * so an example's chains do not depend on which other examples share its block.
 */
final class AnnealingChains implements AutoCloseable {

    static final double MIN_STEP_SIZE = 1e-4;
    static final double MAX_STEP_SIZE = 0.5;
    static final double STEP_SIZE_INCREASE = 1.02;
    static final double STEP_SIZE_DECREASE = 0.98;
    static final double ACCEPTANCE_SMOOTHING = 0.9;
    /** Each transition's step size is the example's times a uniform factor in [1 - j, 1 + j]. */
    static final double STEP_SIZE_JITTER = 0.2;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final int latent;
    private final int chains;
    private final int inputSize;
    private final int leapfrogSteps;
    private final boolean fromPrior;
    private final double targetAcceptance;
    private final double initialStepSize;
    private final AnnealingSchedule schedule;
    private final DataType type;
    private final DecoderGradient decoder;
    private final INDArray dataBuffer;

    // Per row (chain), row-major [rows, latent] where latent-sized.
    private final double[] z;
    private final double[] logLikelihood;
    private final double[] gradient;
    private final double[] proposal;
    private final double[] proposalLogLikelihood;
    private final double[] proposalGradient;
    private final double[] momentum;
    private final double[] startEnergy;
    /** The step size of the current transition per example: {@link #stepSize} with jitter. */
    private final double[] jitteredStepSize;
    final double[] logWeight;

    // Per example of the block.
    private final double[] mean;
    private final double[] precision;
    private final double[] logNormaliser;   // log q's constant: -0.5 sum log sigma^2 - 0.5 L log 2 pi
    final double[] stepSize;
    private final double[] smoothedAcceptance;
    final long[] accepted;
    private SplittableRandom[] noise;
    private int first;
    private int examples;
    private int rows;
    private INDArray x;
    /** A conditional VAE's condition per row (chain), row-major [rows, conditionSize]; else null. */
    private final int conditionSize;
    private final double[] conditionRows;
    private long gradientEvaluations;

    AnnealingChains(VaeModel model, AnnealingSchedule schedule, int chains, int leapfrogSteps,
                    InitialDistribution initial, double targetAcceptance, double initialStepSize, int maxExamples) {
        this.latent = model.config().latentSize();
        this.inputSize = model.config().inputSize();
        this.conditionSize = model.config().conditionSize();
        this.chains = chains;
        this.leapfrogSteps = leapfrogSteps;
        this.fromPrior = initial == InitialDistribution.PRIOR;
        this.targetAcceptance = targetAcceptance;
        this.initialStepSize = initialStepSize;
        this.schedule = schedule;
        this.type = model.dataType();
        int maxRows = Math.multiplyExact(maxExamples, chains);
        this.decoder = new DecoderGradient(model, maxRows);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.dataBuffer = Nd4j.create(type, maxRows, inputSize);
        }
        int values = Math.multiplyExact(maxRows, latent);
        conditionRows = conditionSize > 0 ? new double[Math.multiplyExact(maxRows, conditionSize)] : null;
        z = new double[values];
        gradient = new double[values];
        proposal = new double[values];
        proposalGradient = new double[values];
        momentum = new double[values];
        logLikelihood = new double[maxRows];
        proposalLogLikelihood = new double[maxRows];
        startEnergy = new double[maxRows];
        logWeight = new double[maxRows];
        mean = new double[maxExamples * latent];
        precision = new double[maxExamples * latent];
        logNormaliser = new double[maxExamples];
        stepSize = new double[maxExamples];
        jitteredStepSize = new double[maxExamples];
        smoothedAcceptance = new double[maxExamples];
        accepted = new long[maxExamples];
    }

    /**
     * Starts a block of {@code count} examples.
     *
     * @param data        the examples' data, row-major [count, inputSize]
     * @param condition   a conditional VAE's condition of the whole data set, row-major
     *                    [examples, conditionSize]; null for an unconditional VAE
     * @param qMean       row-major means of q(z|x) of the whole data set
     * @param qLogVariance row-major log-variances of q(z|x) of the whole data set
     * @param first       index of the block's first example in {@code qMean}/{@code qLogVariance}
     */
    void startBlock(double[] data, double[] condition, double[] qMean, double[] qLogVariance, int first, int count) {
        this.first = first;
        examples = count;
        rows = count * chains;
        for (int e = 0; e < count; e++) {
            double logDeterminant = 0;
            for (int u = 0; u < latent; u++) {
                int i = (first + e) * latent + u;
                mean[e * latent + u] = qMean[i];
                precision[e * latent + u] = Math.exp(-qLogVariance[i]);
                logDeterminant += qLogVariance[i];
            }
            logNormaliser[e] = -0.5 * logDeterminant - 0.5 * latent * LOG_2PI;
        }
        x = dataBuffer.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
        // Each chain of an example gets that example's row; one transfer for the block.
        double[] replicated = new double[rows * inputSize];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(data, (r / chains) * inputSize, replicated, r * inputSize, inputSize);
        }
        HostTransfer.write(replicated, 0, replicated.length, dataBuffer, 0);
        if (conditionSize > 0) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(condition, (first + r / chains) * conditionSize, conditionRows, r * conditionSize,
                        conditionSize);
            }
        }
    }

    /** Latent points at which log p(x|z) and its gradient have been computed so far. */
    long gradientEvaluations() {
        return gradientEvaluations;
    }

    /** Draws every chain's start from p_0 and computes log p(x|z) and its gradient there. */
    void drawInitial(SplittableRandom[] generators) {
        this.noise = generators;
        for (int e = 0; e < examples; e++) {
            SplittableRandom random = generators[e];
            for (int c = 0; c < chains; c++) {
                int row = e * chains + c;
                for (int u = 0; u < latent; u++) {
                    double eps = random.nextGaussian();
                    int q = e * latent + u;
                    z[row * latent + u] = fromPrior ? eps : mean[q] + eps / Math.sqrt(precision[q]);
                }
            }
        }
        evaluate(z, logLikelihood, gradient);
    }

    /**
     * Per example, the mean of log p(x|z) over {@code chains} draws z ~ q(z|x): the ELBO's
     * reconstruction term. From the initial draws when the chains start at q; otherwise from extra
     * draws (from the same generators, after the initial ones), which leave the chains' state alone.
     */
    double[] meanLogLikelihoodUnderPosterior() {
        double[] values = logLikelihood;
        if (fromPrior) {
            for (int e = 0; e < examples; e++) {
                for (int c = 0; c < chains; c++) {
                    int row = e * chains + c;
                    for (int u = 0; u < latent; u++) {
                        int q = e * latent + u;
                        proposal[row * latent + u] = mean[q] + noise[e].nextGaussian() / Math.sqrt(precision[q]);
                    }
                }
            }
            evaluate(proposal, proposalLogLikelihood, proposalGradient);
            values = proposalLogLikelihood;
        }
        double[] result = new double[examples];
        for (int e = 0; e < examples; e++) {
            double sum = 0;
            for (int c = 0; c < chains; c++) {
                sum += values[e * chains + c];
            }
            result[e] = sum / chains;
        }
        return result;
    }

    /**
     * Forward AIS from the initial draws ({@link #drawInitial} first): leaves each chain's log
     * weight in {@link #logWeight}, the accepted moves per example in {@link #accepted} and the step
     * size used for transition t of example e in {@code stepSizes[e * T + t]} (t = 1 .. T-1).
     *
     * @param onStep called after each weight update with the step t (for progress)
     */
    void forward(double[] stepSizes, java.util.function.IntConsumer onStep) {
        int steps = schedule.steps();
        java.util.Arrays.fill(logWeight, 0, rows, 0.0);
        for (int e = 0; e < examples; e++) {
            stepSize[e] = initialStepSize > 0 ? initialStepSize : automaticStepSize(e);
        }
        java.util.Arrays.fill(smoothedAcceptance, 0, examples, targetAcceptance);
        java.util.Arrays.fill(accepted, 0, examples, 0);
        for (int t = 1; t <= steps; t++) {
            addWeightIncrement(schedule.beta(t) - schedule.beta(t - 1));
            if (t < steps) {
                for (int e = 0; e < examples; e++) {
                    stepSizes[e * steps + t] = stepSize[e];
                }
                transition(schedule.beta(t), true);
            }
            onStep.accept(t);
        }
    }

    /**
     * Reverse AIS from an exact posterior sample per example: every chain of example e starts at
     * {@code exactLatent[e]}, and the transitions use the forward run's {@code stepSizes}. Leaves
     * each chain's log reverse weight, an estimate of log(1 / p(x)), in {@link #logWeight}.
     *
     * @param exactLatent row-major [examples of the block, latentSize]
     */
    void reverse(double[] exactLatent, double[] stepSizes, SplittableRandom[] generators) {
        this.noise = generators;
        int steps = schedule.steps();
        for (int r = 0; r < rows; r++) {
            System.arraycopy(exactLatent, (r / chains) * latent, z, r * latent, latent);
        }
        evaluate(z, logLikelihood, gradient);
        java.util.Arrays.fill(logWeight, 0, rows, 0.0);
        java.util.Arrays.fill(accepted, 0, examples, 0);
        for (int t = steps; t >= 1; t--) {
            addWeightIncrement(-(schedule.beta(t) - schedule.beta(t - 1)));
            if (t - 1 >= 1) {
                for (int e = 0; e < examples; e++) {
                    stepSize[e] = stepSizes[e * steps + t - 1];
                }
                transition(schedule.beta(t - 1), false);
            }
        }
    }

    /**
     * Half the smallest standard deviation of p_0 (q(z|x) of example e, or 1 for the prior), within
     * [{@link #MIN_STEP_SIZE}, {@link #MAX_STEP_SIZE}]: a leapfrog step that HMC on p_0 itself
     * accepts almost always, so that short runs do not spend their first hundred steps growing a
     * step size from the fixed 0.01 of Li's BDMC code.
     */
    private double automaticStepSize(int e) {
        double smallest = 1.0;
        if (!fromPrior) {
            for (int u = 0; u < latent; u++) {
                smallest = Math.min(smallest, 1 / Math.sqrt(precision[e * latent + u]));
            }
        }
        return Math.min(MAX_STEP_SIZE, Math.max(MIN_STEP_SIZE, 0.5 * smallest));
    }

    /** logWeight += scale * (log target - log p_0) at each chain's current z. */
    private void addWeightIncrement(double scale) {
        for (int r = 0; r < rows; r++) {
            double logPrior = logPrior(z, r);
            double logInitial = fromPrior ? logPrior : logPosterior(z, r);
            logWeight[r] += scale * (logPrior + logLikelihood[r] - logInitial);
        }
    }

    /** One HMC transition of every chain, leaving f_beta invariant; adapts the step sizes when asked. */
    private void transition(double beta, boolean adapt) {
        for (int e = 0; e < examples; e++) {
            SplittableRandom random = noise[e];
            jitteredStepSize[e] = stepSize[e] * (1 + STEP_SIZE_JITTER * (2 * random.nextDouble() - 1));
            for (int v = e * chains * latent; v < (e + 1) * chains * latent; v++) {
                momentum[v] = random.nextGaussian();
            }
        }
        System.arraycopy(z, 0, proposal, 0, rows * latent);
        for (int r = 0; r < rows; r++) {
            startEnergy[r] = -logF(beta, z, logLikelihood[r], r) + kinetic(r);
            kick(beta, r, 0.5 * jitteredStepSize[r / chains], z, gradient);
        }
        for (int l = 1; l <= leapfrogSteps; l++) {
            for (int r = 0; r < rows; r++) {
                double eps = jitteredStepSize[r / chains];
                for (int v = r * latent; v < (r + 1) * latent; v++) {
                    proposal[v] += eps * momentum[v];
                }
            }
            evaluate(proposal, proposalLogLikelihood, proposalGradient);
            double fraction = l == leapfrogSteps ? 0.5 : 1.0;
            for (int r = 0; r < rows; r++) {
                kick(beta, r, fraction * jitteredStepSize[r / chains], proposal, proposalGradient);
            }
        }
        for (int e = 0; e < examples; e++) {
            SplittableRandom random = noise[e];
            int acceptedNow = 0;
            for (int c = 0; c < chains; c++) {
                int r = e * chains + c;
                double energy = -logF(beta, proposal, proposalLogLikelihood[r], r) + kinetic(r);
                double logUniform = Math.log(random.nextDouble());
                // False for a NaN energy: a failed trajectory is rejected.
                if (logUniform < startEnergy[r] - energy) {
                    System.arraycopy(proposal, r * latent, z, r * latent, latent);
                    System.arraycopy(proposalGradient, r * latent, gradient, r * latent, latent);
                    logLikelihood[r] = proposalLogLikelihood[r];
                    acceptedNow++;
                }
            }
            accepted[e] += acceptedNow;
            if (adapt) {
                smoothedAcceptance[e] = ACCEPTANCE_SMOOTHING * smoothedAcceptance[e]
                        + (1 - ACCEPTANCE_SMOOTHING) * acceptedNow / chains;
                double next = stepSize[e] * (smoothedAcceptance[e] > targetAcceptance ? STEP_SIZE_INCREASE
                        : STEP_SIZE_DECREASE);
                stepSize[e] = Math.min(MAX_STEP_SIZE, Math.max(MIN_STEP_SIZE, next));
            }
        }
    }

    /** momentum_r += eps * grad log f_beta at row r of {@code at} (whose log p(x|z) gradient is {@code likelihoodGradient}). */
    private void kick(double beta, int r, double eps, double[] at, double[] likelihoodGradient) {
        int e = r / chains;
        for (int u = 0; u < latent; u++) {
            int v = r * latent + u;
            double initialGradient = fromPrior ? -at[v] : -(at[v] - mean[e * latent + u]) * precision[e * latent + u];
            double targetGradient = -at[v] + likelihoodGradient[v];
            momentum[v] += eps * ((1 - beta) * initialGradient + beta * targetGradient);
        }
    }

    private double logF(double beta, double[] at, double logLikelihoodAt, int r) {
        double logPrior = logPrior(at, r);
        double logInitial = fromPrior ? logPrior : logPosterior(at, r);
        return (1 - beta) * logInitial + beta * (logPrior + logLikelihoodAt);
    }

    private double kinetic(int r) {
        double sum = 0;
        for (int v = r * latent; v < (r + 1) * latent; v++) {
            sum += momentum[v] * momentum[v];
        }
        return 0.5 * sum;
    }

    /** log N(z_r; 0, I). */
    private double logPrior(double[] at, int r) {
        double sum = 0;
        for (int v = r * latent; v < (r + 1) * latent; v++) {
            sum += at[v] * at[v];
        }
        return -0.5 * sum - 0.5 * latent * LOG_2PI;
    }

    /** log q(z_r | x_e). */
    private double logPosterior(double[] at, int r) {
        int e = r / chains;
        double sum = 0;
        for (int u = 0; u < latent; u++) {
            double d = at[r * latent + u] - mean[e * latent + u];
            sum += d * d * precision[e * latent + u];
        }
        return -0.5 * sum + logNormaliser[e];
    }

    private void evaluate(double[] at, double[] logLikelihoodOut, double[] gradientOut) {
        try {
            decoder.compute(x, conditionRows, at, rows, logLikelihoodOut, gradientOut);
        } catch (LogitBernoulliKernel.DataOutsideSupport e) {
            throw e.atRow(first + e.row() / chains);   // a chain's row, as the example's index in the data
        }
        gradientEvaluations += rows;
    }

    @Override
    public void close() {
        decoder.close();
        dataBuffer.close();
    }
}
