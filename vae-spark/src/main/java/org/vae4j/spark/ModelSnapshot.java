package org.vae4j.spark;

import java.io.Serializable;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;

/**
 * What the driver broadcasts to the workers at the start of a round: the config, the flattened
 * parameters and the flattened updater state (null for updaters without state, e.g. SGD).
 */
record ModelSnapshot(String configJson, INDArray parameters, INDArray updaterState) implements Serializable {

    private static final long serialVersionUID = 1L;

    static ModelSnapshot of(VaeModel model) {
        INDArray state = updaterState(model.network());
        return new ModelSnapshot(model.config().toJson(), model.layer().params().dup(),
                state == null ? null : state.dup());
    }

    /**
     * A fresh model holding this snapshot's parameters and updater state, whose training noise is
     * drawn from {@code noiseSeed} (the config's own seed for worker 0, so that one worker repeats
     * single-machine training; other workers need their own noise).
     */
    VaeModel toModel(long noiseSeed) {
        VaeConfig config = VaeConfig.fromJson(configJson).toBuilder().seed(noiseSeed).build();
        VaeModel model = VaeModel.create(config);
        assign(model, parameters, updaterState);
        return model;
    }

    static void assign(VaeModel model, INDArray parameters, INDArray updaterState) {
        model.layer().params().assign(parameters);
        INDArray state = updaterState(model.network());
        if (state != null && updaterState != null) {
            state.assign(updaterState);
        }
    }

    static INDArray updaterState(Model network) {
        if (network instanceof MultiLayerNetwork net) {
            return net.getUpdater(true).getStateViewArray();
        }
        if (network instanceof ComputationGraph graph) {
            return graph.getUpdater(true).getStateViewArray();
        }
        throw new IllegalArgumentException("Unsupported network type " + network.getClass());
    }
}
