/**
 * NumPy's {@code .npy} array files, read and written without a dependency: how data, exported
 * examples and weights move between vae4j and Python tools ({@code vae4j eval --export-data}, the
 * benchmarks' PyTorch twins).
 */
package org.vae4j.datasets.npy;
