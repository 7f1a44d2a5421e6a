/**
 * The VAE model facade over DL4J's {@code VariationalAutoencoder} layer: q(z|x) mean and
 * log-variance, decoding, sampling, the per-example ELBO (Kingma and Welling 2013, eq. 10 with the
 * analytic Gaussian KL of appendix B) and saving/loading as DL4J model zips with vae4j metadata.
 */
package org.vae4j.core.model;
