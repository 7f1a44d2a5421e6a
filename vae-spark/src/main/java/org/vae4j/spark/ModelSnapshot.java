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
record ModelSnapshot(String configJson, FlatArray parameters, FlatArray updaterState) implements Serializable {

    private static final long serialVersionUID = 1L;

    static ModelSnapshot of(VaeModel model) {
        return new ModelSnapshot(model.config().toJson(), FlatArray.of(model.layer().params()),
                FlatArray.of(updaterState(model.network())));
    }

    /**
     * A fresh model holding this snapshot's parameters and updater state, whose training noise is
     * drawn from {@code noiseSeed} (the config's own seed for worker 0, so that one worker repeats
     * single-machine training; other workers need their own noise).
     */
    VaeModel toModel(long noiseSeed) {
        VaeConfig config = VaeConfig.fromJson(configJson).toBuilder().seed(noiseSeed).build();
        VaeModel model = VaeModel.create(config);
        assign(model, parameters.toArray(), updaterState == null ? null : updaterState.toArray());
        return model;
    }

    /** Sets the model's parameters and updater state to these values (any shape of the same length). */
    static void assign(VaeModel model, INDArray parameters, INDArray updaterState) {
        INDArray target = model.layer().params();
        target.assign(parameters.reshape(target.shape()));
        INDArray state = updaterState(model.network());
        if (state != null && updaterState != null) {
            state.assign(updaterState.reshape(state.shape()));
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
