#!/usr/bin/env bash
# Speed of annealed importance sampling vs importance sampling on the same trained model and the
# same binarized MNIST test images, alternating IS and AIS rounds in one JVM (see
# vae-bench's org.vae4j.bench.eval.AisBenchmark and docs/evaluation.md).
#
#   bench/run-ais.sh MODEL_ZIP [EXAMPLES=64] [K=5000] [STEPS=100] [CHAINS=16] [LEAPFROG=10] [ROUNDS=2]
#
# Environment: MNIST_DIR, JAVA_OPTS, OMP_WAIT_POLICY (passive), OPENBLAS_THREAD_TIMEOUT (4), MVN_FLAGS (default
# -o). Results are appended to bench/results/ais.txt with the load average.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
examples="${2:-64}"; k="${3:-5000}"; steps="${4:-100}"; chains="${5:-16}"; leapfrog="${6:-10}"; rounds="${7:-2}"
mnist="${MNIST_DIR:-$HOME/.vae4j/data/mnist}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
export OPENBLAS_THREAD_TIMEOUT="${OPENBLAS_THREAD_TIMEOUT-4}"
java_opts="${JAVA_OPTS:--Xmx1g -Dorg.bytedeco.javacpp.maxphysicalbytes=1500m -Dorg.bytedeco.javacpp.cachedir=$HOME/.javacpp/cache}"
cd "$root"
# shellcheck source=bench/classpath.sh
source "$root/bench/classpath.sh"
cp="$(bench_classpath "$root")"
mkdir -p bench/results
out="bench/results/ais.txt"
echo "# $(date -u +%FT%TZ) model=$1 examples=$examples k=$k steps=$steps chains=$chains leapfrog=$leapfrog rounds=$rounds OMP_WAIT_POLICY=$OMP_WAIT_POLICY OPENBLAS_THREAD_TIMEOUT=${OPENBLAS_THREAD_TIMEOUT:-unset} load=$(cut -d' ' -f1-3 /proc/loadavg) git=$(git rev-parse --short HEAD)$(git diff --quiet || echo -dirty)" | tee -a "$out"
# shellcheck disable=SC2086
java $java_opts $BENCH_LOGGING -cp "$cp" org.vae4j.bench.eval.AisBenchmark "$model" "$mnist" "$examples" "$k" "$steps" "$chains" "$leapfrog" "$rounds" 2>/dev/null \
  | grep '^RESULT' | tee -a "$out"
