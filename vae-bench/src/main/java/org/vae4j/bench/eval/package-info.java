/**
 * Timing of vae-eval's estimators: importance sampling against annealed importance sampling on one model
 * ({@code AisBenchmark}, {@code bench/run-ais.sh}), importance sampling on a trained model with a memory budget
 * ({@code EvalBenchmark}) or on an untrained one with a plan and GFLOP/s report ({@code LogLikelihoodBenchmark}).
 * The user-facing comparison with PyTorch is {@code speed}'s {@code EvalSpeed}.
 */
package org.vae4j.bench.eval;
