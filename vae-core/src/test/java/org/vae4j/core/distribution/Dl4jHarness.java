package org.vae4j.core.distribution;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.deeplearning4j.nn.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** Puts a reconstruction distribution inside DL4J's own VariationalAutoencoder layer. */
final class Dl4jHarness {

    private Dl4jHarness() {
    }

    static MultiLayerConfiguration vaeConfiguration(ReconstructionDistribution dist, int dataSize, long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.DOUBLE)
                .updater(new Adam(1e-2))
                .list()
                .layer(0, new org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder.Builder()
                        .nIn(dataSize).nOut(2)
                        .encoderLayerSizes(16).decoderLayerSizes(16)
                        .activation(Activation.TANH)
                        .reconstructionDistribution(dist)
                        .build())
                .build();
    }

    static ReconstructionDistribution distributionOf(MultiLayerConfiguration conf) {
        return ((org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder) conf.getConf(0).getLayer())
                .getOutputDistribution();
    }

    /** Negative ELBO in nats per example, averaged over {@code repeats} draws of z (fixed seed). */
    static double negativeElbo(MultiLayerNetwork net, INDArray data, int repeats) {
        VariationalAutoencoder vae = (VariationalAutoencoder) net.getLayer(0);
        if (net.getGradientsViewArray() == null) {
            net.initGradientsView(); // the layer computes into views that init() does not create
        }
        Nd4j.getRandom().setSeed(1234);
        double total = 0;
        for (int r = 0; r < repeats; r++) {
            vae.setInput(data, LayerWorkspaceMgr.noWorkspaces());
            vae.computeGradientAndScore(LayerWorkspaceMgr.noWorkspaces());
            total += vae.score();
        }
        return total / repeats;
    }

    /** Negative ELBO before and after a short pretrain on {@code data}. */
    static double[] pretrain(ReconstructionDistribution dist, INDArray data, int epochs) {
        MultiLayerNetwork net = new MultiLayerNetwork(vaeConfiguration(dist, (int) data.columns(), 42));
        net.init();
        double before = negativeElbo(net, data, 5);
        ListDataSetIterator<DataSet> iterator = new ListDataSetIterator<>(new DataSet(data, data).asList(), 32);
        net.pretrain(iterator, epochs);
        double after = negativeElbo(net, data, 5);
        return new double[] {before, after};
    }

    static MultiLayerNetwork serializeRoundTrip(MultiLayerNetwork net) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, false);
        return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()));
    }
}
