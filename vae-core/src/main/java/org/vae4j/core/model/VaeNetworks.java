package org.vae4j.core.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.vae4j.core.config.VaeConfig;

/**
 * Builds standard DL4J networks from a {@link VaeConfig}: a {@link MultiLayerNetwork} whose layer 0
 * is DL4J's {@link VariationalAutoencoder}, or a {@link ComputationGraph} with that layer named
 * {@value #LAYER_NAME}. Plain DL4J loads, trains ({@code pretrain}) and serves both.
 */
public final class VaeNetworks {

    /** Name of the VAE layer in every network vae4j builds; graph input is {@value #GRAPH_INPUT}. */
    public static final String LAYER_NAME = "vae";
    public static final String GRAPH_INPUT = "input";

    private VaeNetworks() {
    }

    /** DL4J's layer configuration for {@code config}. */
    public static VariationalAutoencoder layer(VaeConfig config) {
        return new VariationalAutoencoder.Builder()
                .name(LAYER_NAME)
                .nIn(config.inputSize())
                .nOut(config.latentSize())
                .encoderLayerSizes(toArray(config.encoderLayerSizes()))
                .decoderLayerSizes(toArray(config.decoderLayerSizes()))
                .activation(config.hiddenActivation())
                .pzxActivationFunction(Activation.IDENTITY)
                .reconstructionDistribution(config.reconstructionDistribution())
                // vae4j draws L > 1 samples by replicating the minibatch (see ElboStep): the same
                // estimator, and DL4J M2.1's own numSamples > 1 path fails for DOUBLE ("relu_bp ...
                // all three arrays must have the same type").
                .numSamples(1)
                .build();
    }

    /** Global settings shared by both network kinds: seed, data type, updater, regularisation. */
    public static NeuralNetConfiguration.Builder globalSettings(VaeConfig config) {
        NeuralNetConfiguration.Builder builder = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(config.dataType())
                .weightInit(WeightInit.XAVIER)
                .updater(config.updater().toUpdater(config.learningRate()));
        if (config.l2() > 0) {
            builder.l2(config.l2());
        }
        if (config.weightDecay() > 0) {
            builder.weightDecay(config.weightDecay());
        }
        return builder;
    }

    public static MultiLayerConfiguration multiLayerConfiguration(VaeConfig config) {
        return globalSettings(config).list().layer(0, layer(config)).build();
    }

    public static ComputationGraphConfiguration graphConfiguration(VaeConfig config) {
        return globalSettings(config).graphBuilder()
                .addInputs(GRAPH_INPUT)
                .addLayer(LAYER_NAME, layer(config), GRAPH_INPUT)
                .setOutputs(LAYER_NAME)
                .build();
    }

    /** A new, initialised MultiLayerNetwork with a zeroed updater state. */
    public static MultiLayerNetwork multiLayerNetwork(VaeConfig config) {
        MultiLayerNetwork net = new MultiLayerNetwork(multiLayerConfiguration(config));
        net.init();
        zero(net.getUpdater(true).getStateViewArray());
        return net;
    }

    /** A new, initialised ComputationGraph with a zeroed updater state. */
    public static ComputationGraph computationGraph(VaeConfig config) {
        ComputationGraph graph = new ComputationGraph(graphConfiguration(config));
        graph.init();
        zero(graph.getUpdater(true).getStateViewArray());
        return graph;
    }

    /**
     * DL4J allocates a new updater state uninitialised and zeroes each block's part the first time
     * the network's own updater runs; vae4j's trainer applies a layer updater to that same state
     * (see ElboStep) and never runs the network's, so the zeroing happens here.
     */
    private static void zero(org.nd4j.linalg.api.ndarray.INDArray updaterState) {
        if (updaterState != null) {
            updaterState.assign(0);
        }
    }

    private static int[] toArray(java.util.List<Integer> sizes) {
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }
}
