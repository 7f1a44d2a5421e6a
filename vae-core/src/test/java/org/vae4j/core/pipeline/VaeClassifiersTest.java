package org.vae4j.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.vae4j.core.SyntheticData;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.model.VaeNetworks;
import org.vae4j.core.train.InMemoryEpochIterator;
import org.vae4j.core.train.VaeTrainer;

class VaeClassifiersTest {

    private static INDArray features;
    private static INDArray labels;
    private static VaeModel vae;

    @BeforeAll
    static void trainVae() {
        INDArray[] blobs = SyntheticData.labelledBlobs(300, 24, 3, 9);
        features = blobs[0];
        labels = blobs[1];
        vae = VaeModel.create(VaeConfig.builder().inputSize(24).encoderLayerSizes(16).latentSize(4)
                .hiddenActivation(Activation.TANH).updater(new Adam(0.01)).seed(4).build());
        VaeTrainer.builder(vae).epochs(10).build().fit(new InMemoryEpochIterator(features, null, 30, true, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"MultiLayerNetwork", "ComputationGraph"})
    void encoderInitialisesAClassifierThatFitFineTunes(String kind) {
        Model net = kind.equals("MultiLayerNetwork")
                ? VaeClassifiers.multiLayer(vae, 3, new Adam(0.01))
                : VaeClassifiers.graph(vae, 3, new Adam(0.01));
        Layer vaeLayer = net instanceof MultiLayerNetwork m ? m.getLayer(0)
                : ((ComputationGraph) net).getLayer(VaeNetworks.LAYER_NAME);
        assertEquals(vae.layer().params(), vaeLayer.params(), "initialised from the trained VAE");
        // The classifier's first layer outputs the VAE's posterior mean, which the softmax reads.
        INDArray firstLayerOut = net instanceof MultiLayerNetwork m ? m.feedForwardToLayer(0, features).get(1)
                : ((ComputationGraph) net).feedForward(features, false).get(VaeNetworks.LAYER_NAME);
        assertTrue(vae.encode(features).mean().equalsWithEps(firstLayerOut, 1e-5), "encoder output = q(z|x) mean");
        INDArray encoderBefore = vaeLayer.getParam("e0W").dup();
        INDArray decoderBefore = vaeLayer.getParam("d0W").dup();

        for (int epoch = 0; epoch < 15; epoch++) {
            InMemoryEpochIterator data = new InMemoryEpochIterator(features, labels, 30, true, epoch);
            if (net instanceof MultiLayerNetwork m) {
                m.fit(data);
            } else {
                ((ComputationGraph) net).fit(data);
            }
        }
        Evaluation evaluation = net instanceof MultiLayerNetwork m
                ? m.evaluate(new InMemoryEpochIterator(features, labels, 300, false, 0))
                : ((ComputationGraph) net).evaluate(new InMemoryEpochIterator(features, labels, 300, false, 0));
        assertTrue(evaluation.accuracy() > 0.9, "accuracy " + evaluation.accuracy());
        assertFalse(encoderBefore.equalsWithEps(vaeLayer.getParam("e0W"), 1e-6), "fit fine-tunes the encoder");
        assertEquals(decoderBefore, vaeLayer.getParam("d0W"), "the decoder is not touched by supervised fit");
    }

    @Test
    void needsAtLeastTwoClasses() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VaeClassifiers.multiLayer(vae, 1, new Adam(0.01)));
        assertTrue(e.getMessage().contains("numClasses must be >= 2, got 1"), e.getMessage());
    }
}
