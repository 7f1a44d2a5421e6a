package org.vae4j.core.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.ExactDensities;
import org.vae4j.core.provenance.DataDescription;

/**
 * A VAE: a standard DL4J network (layer {@value VaeNetworks#LAYER_NAME}, DL4J's
 * {@code VariationalAutoencoder}) plus its {@link VaeConfig} and provenance.
 *
 * <p>All densities are in nats, per example, summed over data or latent dimensions. Inputs are
 * [examples, inputSize] and are cast to the network's data type.
 *
 * <p>A conditional VAE ({@code VaeConfig.conditionSize > 0}) takes the condition c
 * [examples, conditionSize] beside x or z ({@code encode(x, c)}, {@code decode(z, c)},
 * {@code elbo(x, c, ...)}, {@code generate(n, c, seed)}); the forms without c refuse it in one line.
 */
public final class VaeModel implements AutoCloseable {

    private final VaeConfig config;
    private final Model network;
    private final VariationalAutoencoder layer;
    private final VaeForward forward;
    private DataDescription data;
    private TrainingSummary training = TrainingSummary.untrained();

    private VaeModel(VaeConfig config, Model network) {
        this.config = Objects.requireNonNull(config, "config");
        this.network = network;
        this.layer = VaeNetworks.vaeLayer(network);
        this.forward = new VaeForward(layer);
        String mismatch = VaeNetworks.mismatch(config, network);
        if (mismatch != null) {
            throw new IllegalArgumentException("The config does not describe this network: " + mismatch);
        }
    }

    /** A new MultiLayerNetwork-backed model with freshly initialised parameters. */
    public static VaeModel create(VaeConfig config) {
        return wrap(VaeNetworks.multiLayerNetwork(config), config);
    }

    /** A new ComputationGraph-backed model with freshly initialised parameters. */
    public static VaeModel createGraph(VaeConfig config) {
        return wrap(VaeNetworks.computationGraph(config), config);
    }

    /**
     * Wraps an existing network whose layer 0 is the VAE described by {@code config}.
     *
     * @throws IllegalArgumentException when {@code config} disagrees with the network (sizes,
     *     activation, distribution, data type, updater, regularisation), naming the field
     */
    public static VaeModel wrap(MultiLayerNetwork network, VaeConfig config) {
        if (network.getFlattenedGradients() == null) {
            network.initGradientsView();   // restored networks have none until this is called
        }
        return new VaeModel(config, network);
    }

    /**
     * Wraps an existing graph whose VAE layer (named {@value VaeNetworks#LAYER_NAME}, or its only
     * one) is described by {@code config}; refuses a disagreeing config like
     * {@link #wrap(MultiLayerNetwork, VaeConfig)}.
     */
    public static VaeModel wrap(ComputationGraph graph, VaeConfig config) {
        if (graph.getGradientsViewArray() == null) {
            graph.initGradientsView();
        }
        return new VaeModel(config, graph);
    }

    /**
     * Wraps a plain DL4J network (a MultiLayerNetwork whose layer 0, or a ComputationGraph whose
     * only VAE layer, is DL4J's VariationalAutoencoder) with the config derived from it
     * ({@link VaeNetworks#configOf}).
     */
    public static VaeModel wrap(Model network) {
        VaeConfig derived = VaeNetworks.configOf(network);
        if (network instanceof MultiLayerNetwork net) {
            return wrap(net, derived);
        }
        return wrap((ComputationGraph) network, derived);
    }

    /** Loads a model saved by {@link #save(Path)}. */
    public static VaeModel load(Path file) throws IOException {
        return VaeModelFiles.load(file);
    }

    /** Saves as a DL4J model zip (with updater state) plus vae4j metadata; atomic. */
    public void save(Path file) throws IOException {
        VaeModelFiles.save(this, file, true);
    }

    public VaeConfig config() {
        return config;
    }

    /** The DL4J network: a {@link MultiLayerNetwork} or a {@link ComputationGraph}. */
    public Model network() {
        return network;
    }

    /** DL4J's runtime VAE layer inside {@link #network()}. */
    public VariationalAutoencoder layer() {
        return layer;
    }

    public DataType dataType() {
        return config.dataType();
    }

    /** The data this model was trained on, or null when unknown. */
    public DataDescription data() {
        return data;
    }

    public void setData(DataDescription data) {
        this.data = data;
    }

    public TrainingSummary training() {
        return training;
    }

    public void setTraining(TrainingSummary training) {
        this.training = Objects.requireNonNull(training, "training");
    }

    /** q(z|x): mean and log-variance, each [examples, latentSize]. An unconditional model only. */
    public LatentPosterior encode(INDArray x) {
        return encodeInputRows(checkUnconditional("encode", "encode(x, c)", checkInput(x)));
    }

    /** q(z|x, c) of a conditional VAE: mean and log-variance of its latentSize free units. */
    public LatentPosterior encode(INDArray x, INDArray c) {
        return encodeInputRows(inputRows(x, c));
    }

    /**
     * q(z|.) from rows as the DL4J layer reads them: x, or [x | c] for a conditional VAE (the
     * trainers' and estimators' entry). The posterior covers the model's latentSize units, never
     * the condition's clamped ones.
     */
    public LatentPosterior encodeInputRows(INDArray rows) {
        LatentPosterior q = forward.encode(checkInputRows(rows));
        if (!config.isConditional()) {
            return q;
        }
        INDArrayIndex free = NDArrayIndex.interval(0, config.latentSize());
        return new LatentPosterior(q.mean().get(NDArrayIndex.all(), free).dup('c'),
                q.logVariance().get(NDArrayIndex.all(), free).dup('c'));
    }

    /** One draw z ~ q(z|x) per example, [examples, latentSize]. An unconditional model only. */
    public INDArray sampleLatent(INDArray x, long seed) {
        return sampleLatent(encode(x), seed);
    }

    /** One draw z ~ q(z|x, c) per example, [examples, latentSize]. */
    public INDArray sampleLatent(INDArray x, INDArray c, long seed) {
        return sampleLatent(encode(x, c), seed);
    }

    private INDArray sampleLatent(LatentPosterior posterior, long seed) {
        try (GaussianNoise noise = new GaussianNoise(seed)) {
            return posterior.sample(noise.next(dataType(), posterior.mean().rows(), config.latentSize()));
        }
    }

    /**
     * Mean of p(x|z) for each row of {@code z} ([examples, latentSize]): {@link VaeForward}'s decoder
     * pass and the distribution's mean, which is what DL4J's {@code generateAtMeanGivenZ} computes.
     * An unconditional model only.
     */
    public INDArray decode(INDArray z) {
        return decodeLayerLatent(checkUnconditional("decode", "decode(z, c)", checkLatent(z)));
    }

    /** Mean of p(x|z, c) for each row of {@code z} [examples, latentSize] and {@code c} [examples or 1, conditionSize]. */
    public INDArray decode(INDArray z, INDArray c) {
        return decodeLayerLatent(layerLatent(z, c));
    }

    private INDArray decodeLayerLatent(INDArray layerLatent) {
        return config.reconstructionDistribution().generateAtMean(forward.decoderPreOutput(layerLatent));
    }

    /** One random draw x ~ p(x|z) per row of {@code z}, using ND4J's global generator. An unconditional model only. */
    public INDArray sample(INDArray z) {
        return layer.generateRandomGivenZ(checkUnconditional("sample", "sample(z, c)", checkLatent(z)),
                LayerWorkspaceMgr.noWorkspaces());
    }

    /** One random draw x ~ p(x|z, c) per row of {@code z}, using ND4J's global generator. */
    public INDArray sample(INDArray z, INDArray c) {
        return layer.generateRandomGivenZ(layerLatent(z, c), LayerWorkspaceMgr.noWorkspaces());
    }

    /** Mean of p(x|z) at z = mean of q(z|x): the usual "reconstruction". An unconditional model only. */
    public INDArray reconstruct(INDArray x) {
        return decode(encode(x).mean());
    }

    /** Mean of p(x|z, c) at z = mean of q(z|x, c). */
    public INDArray reconstruct(INDArray x, INDArray c) {
        return decode(encode(x, c).mean(), c);
    }

    /** Means of p(x|z) for {@code n} draws z ~ p(z) = N(0, I), reproducible from {@code seed}. An unconditional model only. */
    public INDArray generate(int n, long seed) {
        checkUnconditional("generate", "generate(n, c, seed)", null);
        return decode(priorDraws(n, seed));
    }

    /**
     * Means of p(x|z, c) for {@code n} draws z ~ N(0, I), reproducible from {@code seed} (the
     * same draws for every c: row i of two calls with different c share z_i); {@code c} is one
     * row for all draws or one per draw.
     */
    public INDArray generate(int n, INDArray c, long seed) {
        return decode(priorDraws(n, seed), c);
    }

    private INDArray priorDraws(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("generate: n must be >= 1, got " + n);
        }
        try (GaussianNoise noise = new GaussianNoise(seed)) {
            return noise.next(dataType(), n, config.latentSize());
        }
    }

    /** Parameters of p(x|z) before the distribution's activation, [examples, distributionInputSize]. An unconditional model only. */
    public INDArray decoderPreOutput(INDArray z) {
        return forward.decoderPreOutput(checkUnconditional("decoderPreOutput", "decoderPreOutput(z, c)",
                checkLatent(z)));
    }

    /** Parameters of p(x|z, c) before the distribution's activation, [examples, distributionInputSize]. */
    public INDArray decoderPreOutput(INDArray z, INDArray c) {
        return forward.decoderPreOutput(layerLatent(z, c));
    }

    /**
     * Per-example ELBO = E_q[log p(x|z)] - KL(q(z|x) || p(z)) in nats, the expectation estimated with
     * {@code samples} draws of z per example (reproducible from {@code seed}); KL analytic. log p(x|z)
     * is the density {@link ExactDensities} assigns (DL4J's sigmoid Bernoulli computed exactly).
     * An unconditional model only.
     */
    public ElboBreakdown elbo(INDArray x, int samples, long seed) {
        return elboOfInputRows(checkUnconditional("elbo", "elbo(x, c, samples, seed)", checkInput(x)), samples, seed);
    }

    /** Per-example ELBO of log p(x|c), E_q[log p(x|z, c)] - KL(q(z|x, c) || p(z)), like {@link #elbo(INDArray, int, long)}. */
    public ElboBreakdown elbo(INDArray x, INDArray c, int samples, long seed) {
        return elboOfInputRows(inputRows(x, c), samples, seed);
    }

    /** The ELBO of rows as the DL4J layer reads them: x, or [x | c] for a conditional VAE. */
    public ElboBreakdown elboOfInputRows(INDArray rows, int samples, long seed) {
        if (samples < 1) {
            throw new IllegalArgumentException("elbo: samples must be >= 1, got " + samples);
        }
        INDArray input = checkInputRows(rows).castTo(dataType());
        INDArray data = config.isConditional()
                ? input.get(NDArrayIndex.all(), NDArrayIndex.interval(0, config.inputSize()))
                : input;
        INDArray condition = config.isConditional()
                ? input.get(NDArrayIndex.all(), NDArrayIndex.interval(config.inputSize(), config.networkInputSize()))
                : null;
        ReconstructionDistribution density = ExactDensities.densityOf(config.reconstructionDistribution());
        LatentPosterior posterior = encodeInputRows(input);
        long n = input.rows();
        double[] expected = new double[(int) n];
        try (GaussianNoise noise = new GaussianNoise(seed)) {
            for (int s = 0; s < samples; s++) {
                // Every array of one sample's decoder pass is garbage once its values are on the
                // heap: a workspace reuses that memory for the next sample. Without it, 10 samples
                // of the 10k MNIST test set leave ~1.9 GB of off-heap garbage for the GC.
                try (MemoryWorkspace ignored = RepeatedPassWorkspace.open("vae4j-elbo-sample")) {
                    INDArray z = posterior.sample(noise.next(dataType(), n, config.latentSize()));
                    INDArray layerLatent = condition == null ? z : Nd4j.hstack(z, condition);
                    INDArray negLogP = density.exampleNegLogProbability(data, forward.decoderPreOutput(layerLatent));
                    double[] values = negLogP.castTo(DataType.DOUBLE).dup('c').data().asDouble();
                    for (int i = 0; i < n; i++) {
                        expected[i] -= values[i] / samples;
                    }
                }
            }
        }
        double[] kl = posterior.klPerExample().castTo(DataType.DOUBLE).data().asDouble();
        return new ElboBreakdown(expected, kl, samples);
    }

    /**
     * The rows a conditional VAE's layer reads, [x | c], from x [examples, inputSize] and c
     * [examples, conditionSize]; a one-line error names what is wrong.
     */
    public INDArray inputRows(INDArray x, INDArray c) {
        checkConditional("the condition c");
        checkInput(x);
        INDArray condition = checkCondition(c, x.rows());
        return Nd4j.hstack(x.castTo(dataType()), condition);
    }

    /** [z | c]: the decoder's input for a conditional VAE; c may be one row for every z. */
    private INDArray layerLatent(INDArray z, INDArray c) {
        checkConditional("the condition c");
        INDArray latent = checkLatent(z);
        return Nd4j.hstack(latent, checkCondition(c, latent.rows()));
    }

    private INDArray checkCondition(INDArray c, long rows) {
        Objects.requireNonNull(c, "c");
        if (c.rank() != 2 || c.columns() != config.conditionSize() || (c.rows() != rows && c.rows() != 1)) {
            throw new IllegalArgumentException("The condition c must be [" + rows + " or 1, conditionSize = "
                    + config.conditionSize() + "] for this model, got shape " + java.util.Arrays.toString(c.shape()));
        }
        INDArray cast = c.castTo(dataType());
        return c.rows() == rows ? cast : cast.repeat(0, rows);
    }

    private void checkConditional(String what) {
        if (!config.isConditional()) {
            throw new IllegalArgumentException("This model is not a conditional VAE (conditionSize = 0): call the "
                    + "method without " + what);
        }
    }

    /** {@code value}, or a one-line refusal for a conditional model, naming the call to use. */
    private <T> T checkUnconditional(String method, String conditionalForm, T value) {
        if (config.isConditional()) {
            throw new IllegalArgumentException("VaeModel." + method + ": this model is a conditional VAE (conditionSize = "
                    + config.conditionSize() + "): give the condition, " + conditionalForm);
        }
        return value;
    }

    private INDArray checkInput(INDArray x) {
        Objects.requireNonNull(x, "x");
        if (x.rank() != 2 || x.columns() != config.inputSize()) {
            throw new IllegalArgumentException("Input must be [examples, " + config.inputSize()
                    + "] for this model, got shape " + java.util.Arrays.toString(x.shape()));
        }
        return x;
    }

    private INDArray checkInputRows(INDArray rows) {
        Objects.requireNonNull(rows, "rows");
        if (rows.rank() != 2 || rows.columns() != config.networkInputSize()) {
            throw new IllegalArgumentException("Input rows must be [examples, " + config.networkInputSize() + "]"
                    + (config.isConditional() ? " ([x | c]: " + config.inputSize() + " data and "
                    + config.conditionSize() + " condition columns)" : "")
                    + " for this model, got shape " + java.util.Arrays.toString(rows.shape()));
        }
        return rows;
    }

    private INDArray checkLatent(INDArray z) {
        Objects.requireNonNull(z, "z");
        if (z.rank() != 2 || z.columns() != config.latentSize()) {
            throw new IllegalArgumentException("Latent values must be [examples, " + config.latentSize()
                    + "] for this model, got shape " + java.util.Arrays.toString(z.shape()));
        }
        return z.castTo(dataType());
    }

    /**
     * Records training progress where DL4J keeps it: in the network configuration (saved with the
     * model zip) and in the layer (read by schedules and weight noise). Trainers call this after
     * every step, so a checkpoint restores the counters with the parameters.
     */
    public void setTrainingCounters(int epoch, long iteration) {
        if (network instanceof MultiLayerNetwork net) {
            net.getLayerWiseConfigurations().setIterationCount((int) iteration);
            net.getLayerWiseConfigurations().setEpochCount(epoch);
        } else if (network instanceof ComputationGraph graph) {
            graph.getConfiguration().setIterationCount((int) iteration);
            graph.getConfiguration().setEpochCount(epoch);
        }
        layer.setIterationCount((int) iteration);
        layer.setEpochCount(epoch);
    }

    /** Number of trainable parameters. */
    public long parameterCount() {
        return layer.numParams();
    }

    /** A copy of the VAE layer's flattened parameters. */
    public INDArray parametersCopy() {
        return layer.params().dup();
    }

    /** Frees the network's native arrays (parameters, gradients, updater state). */
    @Override
    public void close() {
        if (network instanceof MultiLayerNetwork net) {
            net.close();
        } else if (network instanceof ComputationGraph graph) {
            graph.close();
        }
    }

    @Override
    public String toString() {
        return "VaeModel[" + network.getClass().getSimpleName() + ", " + config + "]";
    }
}
