#!/usr/bin/env bash
# Runs MnistIterationBenchmark (vae-datasets test sources) on real MNIST and prints epoch times.
# Needs the data: scripts/fetch-data.sh first. Usage: bench/run-iteration-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl vae-datasets -am test-compile
./mvnw -q -B -pl vae-datasets dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="vae-datasets/target/test-classes:vae-datasets/target/classes:$(cat vae-datasets/target/bench-classpath.txt)"
OMP_WAIT_POLICY=passive exec java -Xmx1g -cp "$CP" org.vae4j.datasets.bench.MnistIterationBenchmark
