/**
 * {@link org.vae4j.core.config.VaeConfig}: the immutable, validated, JSON-serialisable description
 * of a VAE (Kingma and Welling 2013, "Auto-Encoding Variational Bayes"), kept apart from the
 * runtime objects built from it, as DL4J keeps layer configurations apart from layers.
 */
package org.vae4j.core.config;
