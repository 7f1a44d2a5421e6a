/**
 * Spark training against single-machine training on vae-spark's synthetic test data ({@code SparkScalingBenchmark},
 * {@code scripts/spark-benchmark.sh}; the figures of docs/spark.md).
 */
package org.vae4j.bench.spark;
