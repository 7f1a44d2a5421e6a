/**
 * Tabular data from CSV: declared numeric and one-hot categorical columns, rows with missing or
 * non-numeric values rejected (naming row and column) or dropped on request, and feature scaling
 * fitted on the training split only. The fitted {@link org.vae4j.datasets.tabular.FeatureScaler}
 * round-trips through JSON so it can be saved with a model and evaluation applies the very same
 * transform.
 */
package org.vae4j.datasets.tabular;
