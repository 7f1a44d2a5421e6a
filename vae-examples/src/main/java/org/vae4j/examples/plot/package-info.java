/**
 * The figures of a run, drawn with XChart and written headless as PNG: learning curves with the
 * axes of Kingma and Welling (2013) Fig. 2, image grids, the learned manifold over an
 * inverse-Gaussian-CDF grid (their Fig. 4) and the 2-D latent scatter.
 */
package org.vae4j.examples.plot;
