package org.vae4j.core.model;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.vae4j.core.config.LearningRates;
import org.vae4j.core.config.TrainingEngine;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.ConditionalReconstructionDistribution;

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

    /**
     * DL4J's layer configuration for {@code config}. A conditional VAE's layer reads rows [x | c]
     * (nIn = D + C), has latentSize + C latent units of which vae4j clamps the last C to c, and
     * scores x alone ({@link ConditionalReconstructionDistribution}).
     */
    public static VariationalAutoencoder layer(VaeConfig config) {
        ReconstructionDistribution distribution = config.isConditional()
                ? new ConditionalReconstructionDistribution(config.reconstructionDistribution(), config.conditionSize())
                : config.reconstructionDistribution();
        return new VariationalAutoencoder.Builder()
                .name(LAYER_NAME)
                .nIn(config.networkInputSize())
                .nOut(config.networkLatentSize())
                .encoderLayerSizes(toArray(config.encoderLayerSizes()))
                .decoderLayerSizes(toArray(config.decoderLayerSizes()))
                .activation(config.hiddenActivation())
                .pzxActivationFunction(Activation.IDENTITY)
                .reconstructionDistribution(distribution)
                // vae4j draws L > 1 samples by replicating the minibatch (see ElboStep): the same
                // estimator, and DL4J M2.1's own numSamples > 1 path fails for DOUBLE ("relu_bp ...
                // all three arrays must have the same type").
                .numSamples(1)
                .build();
    }

    /** Global settings shared by both network kinds: seed, data type, updater, regularisation. */
    public static NeuralNetConfiguration.Builder globalSettings(VaeConfig config) {
        // Regularisation is set on the layer itself (see restoreUpdater).
        return new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(config.dataType())
                .weightInit(WeightInit.XAVIER)
                .updater(config.updater());
    }

    public static MultiLayerConfiguration multiLayerConfiguration(VaeConfig config) {
        MultiLayerConfiguration conf = globalSettings(config).list().layer(0, layer(config)).build();
        restoreUpdater((BaseLayer) conf.getConf(0).getLayer(), config);
        return conf;
    }

    public static ComputationGraphConfiguration graphConfiguration(VaeConfig config) {
        ComputationGraphConfiguration conf = globalSettings(config).graphBuilder()
                .addInputs(GRAPH_INPUT)
                .addLayer(LAYER_NAME, layer(config), GRAPH_INPUT)
                .setOutputs(LAYER_NAME)
                .build();
        restoreUpdater((BaseLayer) ((LayerVertex) conf.getVertices().get(LAYER_NAME)).getLayerConf().getLayer(), config);
        return conf;
    }

    /**
     * Puts exactly the config's optimiser and regularisation on the built layer, working around
     * two DL4J M2.1 builder defects: the updater is cloned into each layer, and ND4J's
     * {@code AdaGrad.clone()} drops the learning-rate schedule; and a global {@code weightDecay(c)}
     * reaches the layer twice (two WeightDecay entries, i.e. twice the decay), while giving both
     * {@code l2} and {@code weightDecay} silently drops the L2 term.
     */
    private static void restoreUpdater(BaseLayer layer, VaeConfig config) {
        layer.setIUpdater(config.updater());
        applyRegularization(layer, config);
    }

    /** Gives {@code layer} exactly the config's L2 and weight decay (see {@link #restoreUpdater} for why). */
    public static void applyRegularization(BaseLayer layer, VaeConfig config) {
        List<Regularization> regularization = new ArrayList<>();
        if (config.l2() > 0) {
            regularization.add(new L2Regularization(config.l2()));
        }
        if (config.weightDecay() > 0) {
            regularization.add(new WeightDecay(config.weightDecay(), true));
        }
        layer.setRegularization(regularization);
        layer.setRegularizationBias(new ArrayList<>());
    }

    /** A new, initialised MultiLayerNetwork whose updater state starts as DL4J's would. */
    public static MultiLayerNetwork multiLayerNetwork(VaeConfig config) {
        MultiLayerNetwork net = new MultiLayerNetwork(multiLayerConfiguration(config));
        net.init();
        initializeUpdaterState(net.getUpdater(true));
        return net;
    }

    /** A new, initialised ComputationGraph whose updater state starts as DL4J's would. */
    public static ComputationGraph computationGraph(VaeConfig config) {
        ComputationGraph graph = new ComputationGraph(graphConfiguration(config));
        graph.init();
        initializeUpdaterState(graph.getUpdater(true));
        return graph;
    }

    /**
     * Puts a new network's updater state where DL4J's own updaters start it: Adam's, AdaMax's and
     * Nesterov's at 0, AdaGrad's and RmsProp's at their epsilon (their {@code setStateViewArray}
     * with initialize = true). The whole array is zeroed first, since DL4J may allocate it
     * uninitialised. vae4j's trainer applies a layer updater to this same state (see ElboStep).
     * Only for new networks: a restored network's state is kept. (vae4j 0.1 zeroed the whole
     * state, so its AdaGrad and RmsProp took a first step of nearly lr * sign(g) per parameter.)
     */
    private static void initializeUpdaterState(org.deeplearning4j.nn.api.Updater updater) {
        var multi = (org.deeplearning4j.nn.updater.BaseMultiLayerUpdater<?>) updater;
        if (multi.getStateViewArray() == null) {
            return;
        }
        multi.getStateViewArray().assign(0);
        for (org.deeplearning4j.nn.updater.UpdaterBlock block : multi.getUpdaterBlocks()) {
            block.init();
            INDArray view = block.getUpdaterView();
            if (view != null && view.length() > 0) {
                // What UpdaterBlock.init does for a state that requires initialisation.
                INDArray gradientView = block.getGradientView();
                block.getGradientUpdater().setStateViewArray(view, gradientView.shape(), gradientView.ordering(), true);
            }
        }
    }

    /**
     * The VaeConfig that describes {@code network}'s VAE layer: sizes, activation, distribution,
     * updater (with its schedule), L2 and weight decay, seed and data type, as {@link #layer} and
     * {@link #globalSettings} would have built it. Used to open plain DL4J VAE models and to check
     * that a config given with a network agrees with it.
     *
     * @throws IllegalArgumentException when the network has no VAE layer or uses something a
     *     VaeConfig cannot express (a parametrised activation, L1, ...), naming it
     */
    public static VaeConfig configOf(Model network) {
        org.deeplearning4j.nn.layers.variational.VariationalAutoencoder runtime = vaeLayer(network);
        VariationalAutoencoder layer = (VariationalAutoencoder) runtime.conf().getLayer();
        double l2 = 0;
        double weightDecay = 0;
        for (Regularization r : layer.getRegularization()) {
            if (r instanceof L2Regularization l2Reg) {
                l2 += l2Reg.getL2().valueAt(0, 0);
            } else if (r instanceof WeightDecay decay && decay.isApplyLR()) {
                weightDecay += decay.getCoeff().valueAt(0, 0);
            } else {
                throw new IllegalArgumentException("The VAE layer uses regularization " + r
                        + ", which a VaeConfig cannot express (only L2 and weight decay)");
            }
        }
        if (!layer.getRegularizationBias().isEmpty()) {
            throw new IllegalArgumentException("The VAE layer regularizes its biases (" + layer.getRegularizationBias()
                    + "), which a VaeConfig cannot express");
        }
        boolean dl4jSamples = layer.getNumSamples() != 1;
        int conditionSize = ConditionalReconstructionDistribution.conditionSizeOf(layer.getOutputDistribution());
        return VaeConfig.builder()
                .inputSize(Math.toIntExact(layer.getNIn()) - conditionSize)
                .conditionSize(conditionSize)
                .encoderLayerSizes(layer.getEncoderLayerSizes())
                .decoderLayerSizes(layer.getDecoderLayerSizes())
                .latentSize(Math.toIntExact(layer.getNOut()) - conditionSize)
                .hiddenActivation(activationOf(layer.getActivationFn()))
                .reconstructionDistribution(ConditionalReconstructionDistribution.dataDistribution(
                        layer.getOutputDistribution()))
                .updater(layer.getIUpdater())
                .l2(l2)
                .weightDecay(weightDecay)
                .seed(runtime.conf().getSeed())
                .dataType(runtime.params().dataType())
                // DL4J's layer draws numSamples > 1 itself; only its own gradient code does that.
                .engine(dl4jSamples ? TrainingEngine.DL4J : TrainingEngine.VAE4J)
                .build();
    }

    /**
     * Null when {@code config} describes {@code network}'s VAE layer, else which field disagrees
     * and how ("VaeConfig.latentSize = 10, the network's layer has 20"). The seed is not compared
     * (it only chose the initial parameters), nor are the engine and KL objective (the network
     * does not record them).
     */
    public static String mismatch(VaeConfig config, Model network) {
        VaeConfig actual = configOf(network);
        String[][] fields = {
                {"inputSize", "" + config.inputSize(), "" + actual.inputSize()},
                {"conditionSize", "" + config.conditionSize(), "" + actual.conditionSize()},
                {"encoderLayerSizes", "" + config.encoderLayerSizes(), "" + actual.encoderLayerSizes()},
                {"decoderLayerSizes", "" + config.decoderLayerSizes(), "" + actual.decoderLayerSizes()},
                {"latentSize", "" + config.latentSize(), "" + actual.latentSize()},
                {"hiddenActivation", "" + config.hiddenActivation(), "" + actual.hiddenActivation()},
                {"reconstructionDistribution", "" + config.reconstructionDistribution(),
                        "" + actual.reconstructionDistribution()},
                {"dataType", "" + config.dataType(), "" + actual.dataType()},
                {"updater", LearningRates.describe(config.updater()), LearningRates.describe(actual.updater())},
                {"l2", "" + config.l2(), "" + actual.l2()},
                {"weightDecay", "" + config.weightDecay(), "" + actual.weightDecay()},
        };
        for (String[] f : fields) {
            boolean same = switch (f[0]) {
                case "reconstructionDistribution" -> config.reconstructionDistribution()
                        .equals(actual.reconstructionDistribution());
                case "updater" -> config.updater().equals(actual.updater());
                default -> f[1].equals(f[2]);
            };
            if (!same) {
                return "VaeConfig." + f[0] + " = " + f[1] + ", but the network's VAE layer has " + f[2];
            }
        }
        return null;
    }

    /** The VariationalAutoencoder layer of a network vae4j can use: layer 0 of a MultiLayerNetwork, or the graph's only VAE layer. */
    public static org.deeplearning4j.nn.layers.variational.VariationalAutoencoder vaeLayer(Model network) {
        org.deeplearning4j.nn.api.Layer found = null;
        if (network instanceof MultiLayerNetwork net) {
            found = net.getnLayers() > 0 ? net.getLayer(0) : null;
        } else if (network instanceof ComputationGraph graph) {
            found = graph.getLayer(LAYER_NAME);
            if (found == null) {
                for (org.deeplearning4j.nn.api.Layer candidate : graph.getLayers()) {
                    if (candidate instanceof org.deeplearning4j.nn.layers.variational.VariationalAutoencoder) {
                        if (found != null) {
                            throw new IllegalArgumentException("The graph has more than one VariationalAutoencoder "
                                    + "layer; name the one to use '" + LAYER_NAME + "'");
                        }
                        found = candidate;
                    }
                }
            }
        } else {
            throw new IllegalArgumentException("Unsupported network type " + network.getClass().getName()
                    + ": expected a MultiLayerNetwork or ComputationGraph");
        }
        if (!(found instanceof org.deeplearning4j.nn.layers.variational.VariationalAutoencoder vae)) {
            throw new IllegalArgumentException(network instanceof MultiLayerNetwork
                    ? "Layer 0 of the MultiLayerNetwork must be DL4J's VariationalAutoencoder, got "
                    + (found == null ? "no layer" : found.getClass().getSimpleName())
                    : "The ComputationGraph has no VariationalAutoencoder layer");
        }
        return vae;
    }

    /** The {@link Activation} whose function equals {@code fn} (DL4J's activations compare by class and settings). */
    private static Activation activationOf(org.nd4j.linalg.activations.IActivation fn) {
        for (Activation a : Activation.values()) {
            try {
                if (a.getActivationFunction().equals(fn)) {
                    return a;
                }
            } catch (UnsupportedOperationException ignored) {
                // some enum values have no IActivation in M2.1
            }
        }
        throw new IllegalArgumentException("The VAE layer's activation " + fn
                + " is not one of DL4J's Activation values with default settings, which a VaeConfig needs");
    }

    private static int[] toArray(java.util.List<Integer> sizes) {
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }
}
