/**
 * Training: vae4j's epoch loop around DL4J's VariationalAutoencoder layer, minimising the negative
 * ELBO with the reparametrisation trick (Kingma and Welling 2013, algorithm 1), with listeners,
 * validation, early stopping, atomic checkpoints and exact resume.
 */
package org.vae4j.core.train;
