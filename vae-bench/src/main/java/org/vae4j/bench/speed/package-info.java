/**
 * The vae4j side of the speed protocol of {@code bench/compare.sh} (issue 13): training and evaluation timed inside
 * the application that {@code ./vae4j benchmark} runs, so the figures are those of the launcher's JVM options and
 * environment. The models are {@code bench/models.json}'s; their data is a {@link org.vae4j.bench.speed.BenchmarkData}
 * (the application supplies its recipes' loaders and {@code train --data}'s CSV pipeline). The PyTorch sides are
 * {@code bench/pytorch_train.py} and {@code bench/pytorch_eval.py}; both print one {@code RESULT key=value ...} line
 * with the same keys.
 */
package org.vae4j.bench.speed;
