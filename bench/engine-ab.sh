#!/usr/bin/env bash
# Engine tuning, not the user-facing comparison (that is bench/compare.sh): whole training steps of
# one model of bench/models.json at one batch size under several engine settings (vae-bench's
# org.vae4j.bench.engine.StepBenchmark), alternating JVMs A B A B so each setting sees the same machine
# state. Each SETTING is a quoted list of -D options, e.g.
#   bench/engine-ab.sh bench 128 3 "-Dvae4j.threads=1" "-Dvae4j.threads=2"
# Environment as the ./vae4j launcher (OMP_WAIT_POLICY=passive unless set); STEPS
# (steps per round, default 50), MVN_FLAGS (default -o).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="$1"; batch="$2"; rounds="$3"; shift 3
cd "$root"
# shellcheck source=bench/classpath.sh
source "$root/bench/classpath.sh"
cp="$(bench_classpath "$root")"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
for round in $(seq 1 "$rounds"); do
  for setting in "$@"; do
    # shellcheck disable=SC2086
    line=$(java -Xmx1g -Dorg.bytedeco.javacpp.maxphysicalbytes=1500m $BENCH_LOGGING $setting -cp "$cp" \
      org.vae4j.bench.engine.StepBenchmark "$model" "$batch" 5 "${STEPS:-50}" 2>/dev/null | grep '^RESULT')
    echo "$line setting=\"$setting\" round=$round"
  done
done
