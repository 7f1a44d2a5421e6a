#!/usr/bin/env bash
# Runs vae-bench's org.vae4j.bench.data.MnistIterationBenchmark on real MNIST and prints epoch times.
# Needs the data: scripts/fetch-data.sh first. Usage: bench/run-iteration-benchmark.sh (MVN_FLAGS, default -o).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=bench/classpath.sh
source "$root/bench/classpath.sh"
CP="$(bench_classpath "$root")"
# shellcheck disable=SC2086
OMP_WAIT_POLICY=passive exec java -Xmx1g $BENCH_LOGGING -cp "$CP" org.vae4j.bench.data.MnistIterationBenchmark
