package org.vae4j.core.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Calls DL4J {@link TrainingListener}s (ScoreIterationListener, PerformanceListener,
 * CheckpointListener, StatsListener, ...) as DL4J's own {@code fit} would: those set on the network
 * ({@code net.setListeners(...)}) and those given to the trainer. vae4j's loop replaces DL4J's
 * {@code fit}/{@code pretrain}, so without this they would never be called.
 *
 * <p>What they see, as in DL4J: {@code onEpochStart}; per minibatch {@code onBackwardPass} and
 * {@code onGradientCalculation} after the gradient and before the update, then
 * {@code iterationDone} after the update with DL4J's 0-based iteration index; {@code onEpochEnd}.
 * During these calls the network's score is the minibatch's -ELBO per example (nats, without
 * regularisation terms), its input is the minibatch (so {@code batchSize()} is right) and its
 * {@code gradient()} holds views of the VAE layer's gradient array, keyed like DL4J's
 * ("0_e0W" in a MultiLayerNetwork, "vae_e0W" in a graph): the minibatch-mean gradient before the
 * update; after it, what DL4J's updater left there (its "updates"), except under vae4j's fused
 * Adam, which leaves the gradient in place (so a StatsListener's "updates" are the gradients
 * then). {@code onForwardPass} (activation statistics) is not called: vae4j's engine does not
 * materialise DL4J's per-layer activations.
 */
final class Dl4jListeners {

    private final Model network;
    private final VariationalAutoencoder layer;
    private final List<TrainingListener> given;
    private Gradient networkGradient;

    /**
     * @param given listeners given to the trainer, called after those set on the network (a
     *              listener in both is called once)
     */
    Dl4jListeners(Model network, VariationalAutoencoder layer, List<TrainingListener> given) {
        this.network = network;
        this.layer = layer;
        this.given = List.copyOf(given);
    }

    boolean isEmpty() {
        return listeners().isEmpty();
    }

    void onEpochStart() {
        for (TrainingListener l : listeners()) {
            l.onEpochStart(network);
        }
    }

    /**
     * The minibatch a step is about to train on becomes the network's input (DL4J's fit sets it
     * too), and its labels: the data is its own target, and M2.1's {@code MultiLayerNetwork.batchSize()}
     * reads the labels.
     */
    void setInput(INDArray minibatch) {
        if (network instanceof MultiLayerNetwork net) {
            net.setInput(minibatch);
            net.setLabels(minibatch);
        } else if (network instanceof ComputationGraph graph) {
            graph.setInputs(minibatch);
        }
    }

    /** Drops the reference to the minibatch, which the runner frees. */
    void clearInput() {
        if (network instanceof MultiLayerNetwork net) {
            net.setInput(null);
            net.setLabels(null);
        } else if (network instanceof ComputationGraph graph) {
            graph.setInputs((INDArray[]) null);
        }
    }

    /** After the gradient of a minibatch, before the update. */
    void gradientCalculated(double negativeElbo) {
        Collection<TrainingListener> listeners = listeners();
        if (listeners.isEmpty()) {
            return;
        }
        exposeScoreAndGradient(negativeElbo);
        for (TrainingListener l : listeners) {
            l.onBackwardPass(network);
        }
        for (TrainingListener l : listeners) {
            l.onGradientCalculation(network);
        }
    }

    void iterationDone(long iterationsSoFar, int epoch, double negativeElbo) {
        Collection<TrainingListener> listeners = listeners();
        if (listeners.isEmpty()) {
            return;
        }
        exposeScoreAndGradient(negativeElbo);
        for (TrainingListener l : listeners) {
            l.iterationDone(network, Math.toIntExact(iterationsSoFar - 1), epoch);
        }
    }

    void onEpochEnd() {
        for (TrainingListener l : listeners()) {
            l.onEpochEnd(network);
        }
    }

    private void exposeScoreAndGradient(double negativeElbo) {
        if (networkGradient == null) {
            networkGradient = networkGradient();
        }
        if (network instanceof MultiLayerNetwork net) {
            net.setScore(negativeElbo);
            net.setGradient(networkGradient);
        } else if (network instanceof ComputationGraph graph) {
            graph.setScore(negativeElbo);
            graph.setGradient(networkGradient);
        }
    }

    /** Views of the layer's gradient array under the network's parameter names. */
    private Gradient networkGradient() {
        String prefix = network instanceof MultiLayerNetwork ? layer.getIndex() + "_"
                : layer.conf().getLayer().getLayerName() + "_";
        Map<String, INDArray> views = layer.conf().getLayer().initializer()
                .getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
        Gradient gradient = new DefaultGradient(layer.getGradientsViewArray());
        views.forEach((name, view) -> gradient.setGradientFor(prefix + name, view));
        return gradient;
    }

    private Collection<TrainingListener> listeners() {
        Collection<TrainingListener> onNetwork = null;
        if (network instanceof MultiLayerNetwork net) {
            onNetwork = net.getListeners();
        } else if (network instanceof ComputationGraph graph) {
            onNetwork = graph.getListeners();
        }
        if (given.isEmpty()) {
            return onNetwork == null ? List.of() : onNetwork;
        }
        List<TrainingListener> all = new ArrayList<>();
        if (onNetwork != null) {
            all.addAll(onNetwork);
        }
        for (TrainingListener l : given) {
            if (all.stream().noneMatch(existing -> existing == l)) {
                all.add(l);
            }
        }
        return all;
    }
}
