package org.vae4j.core.config;

/**
 * Which code computes the ELBO gradient during training. Both write the same gradient (summed over
 * the minibatch) into the DL4J layer's gradient view, and DL4J's updater applies it.
 */
public enum TrainingEngine {
    /**
     * vae4j's engine: preallocated buffers, GEMMs written straight into the layer's gradient
     * views, no wasted input-gradient GEMM. Needed for {@link KlObjective} options other than the
     * standard ELBO.
     */
    VAE4J,
    /** DL4J's own {@code VariationalAutoencoder.computeGradientAndScore}: the reference. */
    DL4J
}
