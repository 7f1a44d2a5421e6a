/**
 * Engines that compute the gradient of the (negative) ELBO of DL4J's VariationalAutoencoder layer
 * with the reparametrisation trick (Kingma and Welling 2013, eq. 10, one z per example): DL4J's
 * own layer code ({@link org.vae4j.core.engine.Dl4jLayerGradient}, the reference) and vae4j's
 * engine ({@link org.vae4j.core.engine.FusedElboGradient}), which computes the same gradient into
 * the same gradient views without DL4J's per-step allocations and supports beta weighting, KL
 * warm-up and free bits.
 */
package org.vae4j.core.engine;
