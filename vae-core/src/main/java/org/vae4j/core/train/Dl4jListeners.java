package org.vae4j.core.train;

import java.util.Collection;
import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * Calls the DL4J {@link TrainingListener}s set on the network ({@code net.setListeners(...)}:
 * ScoreIterationListener, PerformanceListener, CheckpointListener, StatsListener, ...) as DL4J's
 * own {@code fit} would: {@code onEpochStart}, {@code iterationDone} after each update with the
 * network's score set to the minibatch's -ELBO per example and DL4J's 0-based iteration index,
 * {@code onEpochEnd}. vae4j's loop replaces DL4J's {@code fit}/{@code pretrain}, so without this
 * they would never be called.
 */
final class Dl4jListeners {

    private final Model network;

    Dl4jListeners(Model network) {
        this.network = network;
    }

    void onEpochStart() {
        for (TrainingListener l : listeners()) {
            l.onEpochStart(network);
        }
    }

    void iterationDone(long iterationsSoFar, int epoch, double negativeElbo) {
        Collection<TrainingListener> listeners = listeners();
        if (listeners.isEmpty()) {
            return;
        }
        if (network instanceof MultiLayerNetwork net) {
            net.setScore(negativeElbo);
        } else if (network instanceof ComputationGraph graph) {
            graph.setScore(negativeElbo);
        }
        for (TrainingListener l : listeners) {
            l.iterationDone(network, Math.toIntExact(iterationsSoFar - 1), epoch);
        }
    }

    void onEpochEnd() {
        for (TrainingListener l : listeners()) {
            l.onEpochEnd(network);
        }
    }

    private Collection<TrainingListener> listeners() {
        Collection<TrainingListener> listeners = null;
        if (network instanceof MultiLayerNetwork net) {
            listeners = net.getListeners();
        } else if (network instanceof ComputationGraph graph) {
            listeners = graph.getListeners();
        }
        return listeners == null ? List.of() : listeners;
    }
}
