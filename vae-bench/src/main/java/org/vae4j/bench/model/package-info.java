/**
 * The benchmark models, read from {@code bench/models.json}: the file is the one definition of each model's
 * network and training, which vae4j builds here and the PyTorch twins build in {@code bench/bench_common.py}.
 * Models of a vae4j recipe (kingma-welling, iwae) must equal the recipe, and the tabular model's sizing rule
 * {@code train --data}'s default: vae-examples' {@code BenchmarkModelTest} checks both, and the twins' parameters.
 */
package org.vae4j.bench.model;
