package org.vae4j.core.pipeline;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.model.VaeNetworks;

/**
 * Classifiers whose first layer is a trained VAE: DL4J's usual semi-supervised recipe. The VAE
 * layer, when not last, outputs the mean of q(z|x), so the classifier sees the latent code; a
 * softmax {@link OutputLayer} on top is trained with ordinary {@code fit}, which fine-tunes the
 * encoder and leaves the decoder (pretrain-only parameters in DL4J) untouched.
 */
public final class VaeClassifiers {

    /** Name of the softmax layer in the graph variant. */
    public static final String OUTPUT_LAYER = "output";

    private VaeClassifiers() {
    }

    /** [VAE encoder (initialised from {@code vae}), softmax output] as a MultiLayerNetwork. */
    public static MultiLayerNetwork multiLayer(VaeModel vae, int numClasses, IUpdater updater) {
        VaeConfig config = vae.config();
        MultiLayerConfiguration conf = VaeNetworks.globalSettings(config).updater(updater).list()
                .layer(0, VaeNetworks.layer(config))
                .layer(1, outputLayer(config, numClasses))
                .build();
        for (int i = 0; i < conf.getConfs().size(); i++) {
            VaeNetworks.applyRegularization((BaseLayer) conf.getConf(i).getLayer(), config);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.getLayer(0).setParams(vae.layer().params().dup());
        return net;
    }

    /** The same classifier as a ComputationGraph: input -> "vae" -> "output". */
    public static ComputationGraph graph(VaeModel vae, int numClasses, IUpdater updater) {
        VaeConfig config = vae.config();
        ComputationGraphConfiguration conf = VaeNetworks.globalSettings(config).updater(updater).graphBuilder()
                .addInputs(VaeNetworks.GRAPH_INPUT)
                .addLayer(VaeNetworks.LAYER_NAME, VaeNetworks.layer(config), VaeNetworks.GRAPH_INPUT)
                .addLayer(OUTPUT_LAYER, outputLayer(config, numClasses), VaeNetworks.LAYER_NAME)
                .setOutputs(OUTPUT_LAYER)
                .build();
        for (String name : List.of(VaeNetworks.LAYER_NAME, OUTPUT_LAYER)) {
            VaeNetworks.applyRegularization((BaseLayer) ((LayerVertex) conf.getVertices().get(name)).getLayerConf()
                    .getLayer(), config);
        }
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        graph.getLayer(VaeNetworks.LAYER_NAME).setParams(vae.layer().params().dup());
        return graph;
    }

    private static OutputLayer outputLayer(VaeConfig config, int numClasses) {
        if (config.isConditional()) {
            // DL4J's layer would hand the classifier the means of the clamped condition units too,
            // and a classifier that needs the label as input is not one.
            throw new IllegalArgumentException("VaeClassifiers: a conditional VAE (conditionSize = "
                    + config.conditionSize() + ") cannot be a classifier's feature layer: its input needs the condition");
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
        }
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(config.latentSize()).nOut(numClasses).activation(Activation.SOFTMAX).build();
    }
}
