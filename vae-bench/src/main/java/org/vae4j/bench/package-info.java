/**
 * vae4j's benchmarks, in one module that nothing published depends on (bench/README.md says which script runs
 * what): {@code model}, the benchmark models of {@code bench/models.json}, shared with the PyTorch twins;
 * {@code speed}, the vae4j side of {@code bench/compare.sh} that {@code ./vae4j benchmark} runs; {@code engine},
 * {@code data} and {@code eval}, timing of the training engine, the MNIST iterators and the estimators for engine
 * work ({@code bench/run.sh}, {@code bench/engine-ab.sh}, ...); {@code fidelity}, the Java side of
 * {@code bench/fidelity.sh}; and in the test sources {@code spark}, Spark training's scaling (it runs on vae-spark's
 * test fixtures). Speed is measured here and printed, never asserted by a test.
 */
package org.vae4j.bench;
