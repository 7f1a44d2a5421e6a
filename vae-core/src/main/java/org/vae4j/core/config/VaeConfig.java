package org.vae4j.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.variational.CompositeReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.linalg.learning.config.Adam;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;

/**
 * Everything needed to build and train one VAE: architecture, likelihood, optimiser, seed.
 * Immutable and validated when built; round-trips through JSON ({@link #toJson()},
 * {@link #fromJson(String)}). Runtime objects (networks, trainers) are created from it.
 *
 * <p>The model is p(z) = N(0, I), q(z|x) = N(mu(x), diag(exp(logVariance(x)))) computed by an MLP
 * encoder with {@code encoderLayerSizes}, and p(x|z) = {@code reconstructionDistribution} whose
 * parameters come from an MLP decoder with {@code decoderLayerSizes} (Kingma and Welling 2013).
 *
 * @param inputSize                  data dimension D
 * @param encoderLayerSizes          hidden layer widths of the encoder, input side first
 * @param decoderLayerSizes          hidden layer widths of the decoder, latent side first
 * @param latentSize                 latent dimension
 * @param hiddenActivation           activation of every hidden layer
 * @param reconstructionDistribution p(x|z): any DL4J {@link ReconstructionDistribution}
 * @param monteCarloSamples          samples of z per example for the training ELBO (L)
 * @param updater                    the optimiser as DL4J describes it ({@link IUpdater}: Adam,
 *                                   AdaGrad, RmsProp, Nesterovs, Sgd, ...), with its learning
 *                                   rate or its {@link ISchedule}; the built network, its
 *                                   checkpoints and every trainer (Spark workers too) use exactly
 *                                   this. Serialized by DL4J's JSON (class name and fields).
 * @param l2                         L2 penalty coefficient (added to the loss, weights only)
 * @param weightDecay                decoupled weight decay coefficient (weights only)
 * @param seed                       seed of parameter initialisation and training noise
 * @param dataType                   FLOAT or DOUBLE
 * @param engine                     code that computes the training gradient (default
 *                                   {@link TrainingEngine#VAE4J}; null in old JSON means the default)
 * @param iwaeSamples                k of the importance-weighted bound trained (Burda, Grosse and
 *                                   Salakhutdinov 2015, eq. 8): the minibatch's mean of
 *                                   log (1/k) sum_i p(x, z_i) / q(z_i|x), z_i ~ q(z|x); 1 (the
 *                                   default; also absent in older JSON) trains the ELBO with its
 *                                   analytic KL. k > 1 needs the VAE4J engine, the plain KL
 *                                   objective and monteCarloSamples = 1
 * @param klObjective                beta weighting, KL warm-up and free bits (default
 *                                   {@link KlObjective#standard()}, the plain ELBO); anything else
 *                                   needs the VAE4J engine
 * @param conditionSize              width C of the condition c of a conditional VAE (Sohn, Lee and
 *                                   Yan 2015): q(z|x, c) and p(x|z, c). 0 (the default; also absent
 *                                   in older JSON) is an unconditional VAE. c enters the encoder
 *                                   appended to x, and the decoder as C latent units clamped to c
 *                                   (no noise, no KL), so the DL4J layer has nIn = D + C and
 *                                   nOut = latentSize + C ({@link #networkInputSize()},
 *                                   {@link #networkLatentSize()}); see docs/conditional.md. Needs
 *                                   the VAE4J engine
 */
public record VaeConfig(
        int inputSize,
        List<Integer> encoderLayerSizes,
        List<Integer> decoderLayerSizes,
        int latentSize,
        Activation hiddenActivation,
        ReconstructionDistribution reconstructionDistribution,
        int monteCarloSamples,
        IUpdater updater,
        double l2,
        double weightDecay,
        long seed,
        DataType dataType,
        TrainingEngine engine,
        KlObjective klObjective,
        int iwaeSamples,
        int conditionSize) {

    private static final String NAME = "VaeConfig.";

    public VaeConfig {
        encoderLayerSizes = encoderLayerSizes == null ? null : List.copyOf(encoderLayerSizes);
        decoderLayerSizes = decoderLayerSizes == null ? null : List.copyOf(decoderLayerSizes);
        // Configs written before these fields existed have neither: they mean the defaults.
        engine = engine == null ? TrainingEngine.VAE4J : engine;
        klObjective = klObjective == null ? KlObjective.standard() : klObjective;
        requireAtLeast("inputSize", inputSize, 1);
        requireLayerSizes("encoderLayerSizes", encoderLayerSizes);
        requireLayerSizes("decoderLayerSizes", decoderLayerSizes);
        requireAtLeast("latentSize", latentSize, 1);
        requirePresent("hiddenActivation", hiddenActivation, "one of " + Arrays.toString(Activation.values()));
        requirePresent("reconstructionDistribution", reconstructionDistribution,
                "a DL4J ReconstructionDistribution, e.g. BernoulliReconstructionDistribution");
        requireAtLeast("monteCarloSamples", monteCarloSamples, 1);
        requirePresent("updater", updater, "a DL4J IUpdater, e.g. new Adam(1e-3)");
        updater = LearningRates.copy(updater);
        if (updater.hasLearningRate()) {
            double initial = updater.getLearningRate(0, 0);
            if (!(initial > 0 && Double.isFinite(initial))) {
                throw new InvalidConfigException(NAME + "learningRate", initial, "must be finite and > 0"
                        + (hasSchedule(updater) ? " (the schedule's value at iteration 0, epoch 0)" : ""));
            }
        }
        requireNonNegative("l2", l2);
        requireNonNegative("weightDecay", weightDecay);
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new InvalidConfigException(NAME + "dataType", dataType, "must be FLOAT or DOUBLE");
        }
        if (iwaeSamples < 1) {
            throw new InvalidConfigException(NAME + "iwaeSamples", iwaeSamples, "must be >= 1 (1 trains the ELBO)");
        }
        if (iwaeSamples > 1) {
            if (engine != TrainingEngine.VAE4J) {
                throw new InvalidConfigException(NAME + "engine", engine, "must be VAE4J to train the importance-"
                        + "weighted bound (iwaeSamples = " + iwaeSamples + "): DL4J's layer computes only the ELBO");
            }
            if (!klObjective.isStandard()) {
                throw new InvalidConfigException(NAME + "klObjective", klObjective, "must be the plain objective with "
                        + "iwaeSamples = " + iwaeSamples + " (beta, warm-up and free bits weight the ELBO's KL term)");
            }
            if (monteCarloSamples != 1) {
                throw new InvalidConfigException(NAME + "monteCarloSamples", monteCarloSamples, "must be 1 with "
                        + "iwaeSamples = " + iwaeSamples + " (the bound already draws k samples per example)");
            }
        }
        if (engine == TrainingEngine.DL4J && !klObjective.isStandard()) {
            throw new InvalidConfigException(NAME + "klObjective", klObjective, "must be the plain ELBO "
                    + "(beta 1, no warm-up, no free bits) with engine DL4J, whose layer computes only that; "
                    + "use engine VAE4J");
        }
        if (conditionSize < 0) {
            throw new InvalidConfigException(NAME + "conditionSize", conditionSize,
                    "must be >= 0 (0 is an unconditional VAE)");
        }
        if (conditionSize > 0 && engine != TrainingEngine.VAE4J) {
            throw new InvalidConfigException(NAME + "engine", engine, "must be VAE4J for a conditional VAE "
                    + "(conditionSize = " + conditionSize + "): DL4J's layer would add noise and KL to the clamped "
                    + "condition units");
        }
        if (reconstructionDistribution instanceof org.vae4j.core.distribution.ConditionalReconstructionDistribution) {
            throw new InvalidConfigException(NAME + "reconstructionDistribution", reconstructionDistribution,
                    "must be the density of x alone; set conditionSize for a conditional VAE");
        }
        if (reconstructionDistribution instanceof CompositeReconstructionDistribution composite) {
            int covered = composite.getTotalSize();
            if (covered != inputSize) {
                throw new InvalidConfigException(NAME + "reconstructionDistribution", "composite over " + covered
                        + " columns", "the composite's distribution sizes must add up to inputSize = " + inputSize);
            }
        }
    }

    /** Whether this is a conditional VAE ({@code conditionSize > 0}). */
    @JsonIgnore
    public boolean isConditional() {
        return conditionSize > 0;
    }

    /** Columns of the DL4J layer's input: the data, then the condition (D + C). */
    public int networkInputSize() {
        return inputSize + conditionSize;
    }

    /** Units of the DL4J layer's latent layer: the free latents, then the clamped condition (latentSize + C). */
    public int networkLatentSize() {
        return latentSize + conditionSize;
    }

    /** A copy of the optimiser: DL4J's updater configurations are mutable. */
    @Override
    public IUpdater updater() {
        return LearningRates.copy(updater);
    }

    /**
     * The learning rate at iteration 0, epoch 0: the constant rate, or where the schedule starts;
     * NaN for an updater without a learning rate (e.g. AdaDelta, NoOp).
     */
    public double learningRate() {
        return learningRate(0, 0);
    }

    /** The learning rate the updater applies at 0-based {@code iteration} in 0-based {@code epoch}. */
    public double learningRate(long iteration, int epoch) {
        return updater.hasLearningRate() ? updater.getLearningRate(Math.toIntExact(iteration), epoch) : Double.NaN;
    }

    /** The updater's learning-rate schedule, or null for a constant rate. */
    public ISchedule learningRateSchedule() {
        return LearningRates.schedule(updater);
    }

    private static boolean hasSchedule(IUpdater updater) {
        return LearningRates.schedule(updater) != null;
    }

    /**
     * Jackson's entry point: today's JSON, and configs written by vae4j 0.1 where {@code updater}
     * was a name (ADAM, ADAGRAD, ...) and {@code learningRate} a separate number.
     */
    @JsonCreator
    static VaeConfig fromJsonProperties(@JsonProperty("inputSize") int inputSize,
                                        @JsonProperty("encoderLayerSizes") List<Integer> encoderLayerSizes,
                                        @JsonProperty("decoderLayerSizes") List<Integer> decoderLayerSizes,
                                        @JsonProperty("latentSize") int latentSize,
                                        @JsonProperty("hiddenActivation") Activation hiddenActivation,
                                        @JsonProperty("reconstructionDistribution")
                                        ReconstructionDistribution reconstructionDistribution,
                                        @JsonProperty("monteCarloSamples") int monteCarloSamples,
                                        @JsonProperty("updater") JsonNode updater,
                                        @JsonProperty("learningRate") Double legacyLearningRate,
                                        @JsonProperty("l2") double l2,
                                        @JsonProperty("weightDecay") double weightDecay,
                                        @JsonProperty("seed") long seed,
                                        @JsonProperty("dataType") DataType dataType,
                                        @JsonProperty("engine") TrainingEngine engine,
                                        @JsonProperty("klObjective") KlObjective klObjective,
                                        @JsonProperty("iwaeSamples") Integer iwaeSamples,
                                        @JsonProperty("conditionSize") Integer conditionSize) {
        return new VaeConfig(inputSize, encoderLayerSizes, decoderLayerSizes, latentSize, hiddenActivation,
                reconstructionDistribution, monteCarloSamples, LearningRates.updaterFromJson(updater,
                legacyLearningRate, mapper()), l2, weightDecay, seed, dataType, engine, klObjective,
                iwaeSamples == null ? 1 : iwaeSamples, conditionSize == null ? 0 : conditionSize);
    }

    /** A builder with this config's values, to derive a variant. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** JSON with the reconstruction distribution stored by class name, as DL4J stores layers. */
    public String toJson() {
        try {
            return mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("VaeConfig could not be written as JSON", e);
        }
    }

    /** Parses and validates a config written by {@link #toJson()}. */
    public static VaeConfig fromJson(String json) {
        // Before DL4J's mapper, which initialises any class an "@class" names.
        org.vae4j.core.io.TypeNames.check(json, "VaeConfig JSON");
        try {
            return mapper().readValue(json, VaeConfig.class);
        } catch (IOException e) {
            // Jackson wraps the compact constructor's validation error: surface it unchanged.
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof InvalidConfigException invalid) {
                    throw invalid;
                }
            }
            throw new IllegalArgumentException("Not a valid VaeConfig JSON: " + e.getMessage(), e);
        }
    }

    /** DL4J's configuration mapper: it already knows how to (de)serialize DL4J's polymorphic types. */
    private static ObjectMapper mapper() {
        return NeuralNetConfiguration.mapper();
    }

    private static void requireAtLeast(String field, int value, int min) {
        if (value < min) {
            throw new InvalidConfigException(NAME + field, value, "must be >= " + min);
        }
    }

    private static void requireNonNegative(String field, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new InvalidConfigException(NAME + field, value, "must be finite and >= 0");
        }
    }

    private static void requirePresent(String field, Object value, String allowed) {
        if (value == null) {
            throw new InvalidConfigException(NAME + field, null, "must be set to " + allowed);
        }
    }

    private static void requireLayerSizes(String field, List<Integer> sizes) {
        if (sizes == null || sizes.isEmpty()) {
            throw new InvalidConfigException(NAME + field, sizes, "must list at least one hidden layer size");
        }
        for (int i = 0; i < sizes.size(); i++) {
            Integer size = sizes.get(i);
            if (size == null || size < 1) {
                throw new InvalidConfigException(NAME + field + "[" + i + "]", size, "must be >= 1");
            }
        }
    }

    /**
     * Fluent builder in DL4J's style. Defaults: encoder [400], decoder = encoder reversed,
     * latent 20, ReLU, logit Bernoulli p(x|z)
     * ({@link LogitBernoulliReconstructionDistribution}), L = 1, Adam 1e-3, no regularisation,
     * seed 12345, FLOAT. {@link #build()} validates.
     */
    public static final class Builder {
        private int inputSize = -1;
        private List<Integer> encoderLayerSizes = List.of(400);
        private List<Integer> decoderLayerSizes;
        private int latentSize = 20;
        private Activation hiddenActivation = Activation.RELU;
        // The exact, saturation-free Bernoulli: DL4J's own zeroes infinite log terms.
        private ReconstructionDistribution reconstructionDistribution =
                new LogitBernoulliReconstructionDistribution();
        private int monteCarloSamples = 1;
        private IUpdater updater = new Adam(1e-3);
        private double l2;
        private double weightDecay;
        private long seed = 12345;
        private DataType dataType = DataType.FLOAT;
        private TrainingEngine engine = TrainingEngine.VAE4J;
        private double beta = 1;
        private long klWarmupIterations;
        private double freeBitsNats;
        private int iwaeSamples = 1;
        private int conditionSize;

        private Builder() {
        }

        private Builder(VaeConfig c) {
            inputSize = c.inputSize;
            encoderLayerSizes = c.encoderLayerSizes;
            decoderLayerSizes = c.decoderLayerSizes;
            latentSize = c.latentSize;
            hiddenActivation = c.hiddenActivation;
            reconstructionDistribution = c.reconstructionDistribution;
            monteCarloSamples = c.monteCarloSamples;
            updater = c.updater();
            l2 = c.l2;
            weightDecay = c.weightDecay;
            seed = c.seed;
            dataType = c.dataType;
            engine = c.engine;
            beta = c.klObjective.beta();
            klWarmupIterations = c.klObjective.warmupIterations();
            freeBitsNats = c.klObjective.freeBitsNats();
            iwaeSamples = c.iwaeSamples;
            conditionSize = c.conditionSize;
        }

        public Builder inputSize(int inputSize) {
            this.inputSize = inputSize;
            return this;
        }

        public Builder encoderLayerSizes(int... sizes) {
            this.encoderLayerSizes = boxed(sizes);
            return this;
        }

        public Builder decoderLayerSizes(int... sizes) {
            this.decoderLayerSizes = boxed(sizes);
            return this;
        }

        public Builder latentSize(int latentSize) {
            this.latentSize = latentSize;
            return this;
        }

        public Builder hiddenActivation(Activation activation) {
            this.hiddenActivation = activation;
            return this;
        }

        public Builder reconstructionDistribution(ReconstructionDistribution distribution) {
            this.reconstructionDistribution = distribution;
            return this;
        }

        public Builder monteCarloSamples(int samples) {
            this.monteCarloSamples = samples;
            return this;
        }

        /** The optimiser, e.g. {@code new Adam(1e-3)} or {@code new AdaGrad(schedule)}; copied. */
        public Builder updater(IUpdater updater) {
            this.updater = LearningRates.copy(updater);
            return this;
        }

        /** DL4J's updater of that kind at a constant learning rate. */
        public Builder updater(UpdaterKind kind, double learningRate) {
            return updater(kind.toUpdater(learningRate));
        }

        /**
         * The initial learning rate. A constant rate is replaced; a schedule is scaled so that it
         * starts at {@code learningRate} (its shape is kept), as {@code --set learningRate=...} does.
         */
        public Builder learningRate(double learningRate) {
            this.updater = LearningRates.withInitialRate(updater, learningRate);
            return this;
        }

        /** Replaces the learning rate by {@code schedule} (null: keep the current initial rate, constant). */
        public Builder learningRateSchedule(ISchedule schedule) {
            this.updater = LearningRates.withSchedule(updater, schedule);
            return this;
        }

        public Builder l2(double l2) {
            this.l2 = l2;
            return this;
        }

        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder dataType(DataType dataType) {
            this.dataType = dataType;
            return this;
        }

        public Builder engine(TrainingEngine engine) {
            this.engine = engine;
            return this;
        }

        /** Weight of the KL term (beta-VAE); 1 is the ELBO. See {@link KlObjective}. */
        public Builder beta(double beta) {
            this.beta = beta;
            return this;
        }

        /** Iterations over which the KL weight rises linearly from 0 to beta; 0 = off. */
        public Builder klWarmupIterations(long iterations) {
            this.klWarmupIterations = iterations;
            return this;
        }

        /** Free-bits floor on each latent dimension's minibatch-mean KL, in nats; 0 = off. */
        public Builder freeBitsNats(double nats) {
            this.freeBitsNats = nats;
            return this;
        }

        /** Trains the k-sample importance-weighted bound instead of the ELBO (k = 1, the default). */
        public Builder iwaeSamples(int k) {
            this.iwaeSamples = k;
            return this;
        }

        /** A conditional VAE on a condition of {@code width} columns (0, the default: unconditional). */
        public Builder conditionSize(int width) {
            this.conditionSize = width;
            return this;
        }

        public VaeConfig build() {
            List<Integer> decoder = decoderLayerSizes;
            if (decoder == null && encoderLayerSizes != null) {
                decoder = new ArrayList<>(encoderLayerSizes);
                java.util.Collections.reverse(decoder);
            }
            return new VaeConfig(inputSize, encoderLayerSizes, decoder, latentSize, hiddenActivation,
                    reconstructionDistribution, monteCarloSamples, updater, l2, weightDecay, seed,
                    dataType, engine, new KlObjective(beta, klWarmupIterations, freeBitsNats), iwaeSamples,
                    conditionSize);
        }

        private static List<Integer> boxed(int[] sizes) {
            return sizes == null ? null : Arrays.stream(sizes).boxed().toList();
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "VaeConfig[%d-%s-%d-%s-%d, %s, %s, L=%d, %s, seed=%d, %s, %s%s]",
                inputSize, encoderLayerSizes, latentSize, decoderLayerSizes, inputSize, hiddenActivation,
                reconstructionDistribution, monteCarloSamples, LearningRates.describe(updater), seed, dataType, engine,
                (klObjective.isStandard() ? "" : ", " + klObjective) + (iwaeSamples > 1 ? ", IWAE k=" + iwaeSamples : "")
                        + (conditionSize > 0 ? ", condition " + conditionSize : ""));
    }
}
