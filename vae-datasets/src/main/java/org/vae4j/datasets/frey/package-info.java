/**
 * The Frey Face dataset (Brendan Frey; 1965 grey images of 28x20 pixels of one face), used by
 * Kingma and Welling (2014), "Auto-Encoding Variational Bayes", section 5, with a Gaussian
 * decoder. Read from Sam Roweis' {@code frey_rawface.mat} by a small level-5 MAT-file reader that
 * checks every declared length against the bytes present.
 */
package org.vae4j.datasets.frey;
