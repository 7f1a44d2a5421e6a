#!/usr/bin/env bash
# Prints the figures of docs/spark.md "Measured scaling": single-machine training vs Spark parameter
# averaging with 1 and 2 workers in local[2]. Arguments go to vae-bench's
# org.vae4j.bench.spark.SparkScalingBenchmark (examples epochs minibatch averaging-frequency). MVN_FLAGS
# (default -o) goes to the build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# vae-bench's test class path: this checkout's modules (not whatever SNAPSHOT the local repository holds),
# Spark and vae-spark's test fixtures.
# shellcheck source=bench/classpath.sh
source "$root/bench/classpath.sh"
cp="$(bench_classpath "$root")"
opens=$(sed -n 's:.*<spark.java17.opens>\(.*\)</spark.java17.opens>.*:\1:p' pom.xml)
# shellcheck disable=SC2086
OMP_WAIT_POLICY=passive exec java -Xmx1g -Dorg.bytedeco.javacpp.maxphysicalbytes=2g $opens \
  $BENCH_LOGGING -cp "$cp" org.vae4j.bench.spark.SparkScalingBenchmark "$@"
