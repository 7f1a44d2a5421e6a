/**
 * Timing of the training engine for engine work, not the user-facing comparison ({@code speed} is): whole training
 * epochs of vae4j's engine against DL4J's layer code and PyTorch ({@code TrainBenchmark}, {@code bench/run.sh}),
 * whole steps under engine settings ({@code StepBenchmark}, {@code bench/engine-ab.sh}) and the reconstruction
 * densities alone ({@code DistributionBenchmark}), on the models of bench/models.json.
 */
package org.vae4j.bench.engine;
