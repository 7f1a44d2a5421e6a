package org.vae4j.core.engine;

import org.deeplearning4j.nn.gradient.Gradient;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Computes the gradient of the training objective of a minibatch into the VAE layer's gradient
 * view: the mean over the minibatch rows, without regularisation terms. That is what DL4J's
 * updater hands to its {@code GradientUpdater} after dividing the layer's summed gradient by the
 * minibatch size; the trainer applies the updater blocks to it directly (regularisation included).
 *
 * <p>The Gaussian noise of the reparametrisation is drawn from ND4J's global generator as one
 * {@code Nd4j.randn(dataType, rows, latentSize)} right after the encoder's forward pass, as DL4J's
 * layer draws it: the caller seeds the generator and both engines then use the same noise.
 */
public interface ElboGradient extends AutoCloseable {

    /**
     * Writes the gradient for minibatch {@code x} ([rows, inputSize], the layer's data type) at
     * 0-based training iteration {@code iteration} into the layer's gradient view and returns the
     * minibatch's mean negative ELBO per example in nats (the plain ELBO, whatever the KL
     * weighting); when training the importance-weighted bound, the mean negative bound per
     * example (the replicated rows of an example counting once).
     */
    double computeGradient(INDArray x, long iteration);

    /** The gradient written by the last call, backed by the layer's gradient view, for the updater. */
    Gradient gradient();

    /** Frees the engine's own native buffers (the layer's arrays are the network's). */
    @Override
    default void close() {
    }
}
