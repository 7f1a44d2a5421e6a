/**
 * The {@code vae4j} command line (picocli): train, eval, sample, reconstruct, manifold, recipes,
 * info. Commands parse and report; the work is done by {@code run} and {@code recipes}.
 */
package org.vae4j.examples.cli;
