/**
 * Data for variational autoencoders: verified readers (IDX, MAT, CSV), DL4J
 * {@link org.nd4j.linalg.dataset.api.iterator.DataSetIterator}s whose epochs are reproducible from
 * (seed, epoch), and fetching with pinned SHA-256 checksums. Every iterator describes its data with
 * {@link org.vae4j.core.provenance.DataDescription} so that trained models and evaluation reports
 * can name exactly what they saw.
 */
package org.vae4j.datasets;
