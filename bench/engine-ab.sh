#!/usr/bin/env bash
# Engine tuning, not the user-facing comparison (that is bench/compare.sh): whole training steps of
# one model at one batch size under several engine settings, alternating JVMs A B A B so each
# setting sees the same machine state. Each SETTING is a quoted list of -D options, e.g.
#   bench/engine-ab.sh bench 128 3 "-Dvae4j.threads=1" "-Dvae4j.threads=2"
# Environment as the ./vae4j launcher (OMP_WAIT_POLICY=passive, OPENBLAS_THREAD_TIMEOUT=4 unless set).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="$1"; batch="$2"; rounds="$3"; shift 3
cd "$root"
./mvnw -q -B -o -pl vae-core test-compile dependency:build-classpath -Dmdep.outputFile="$root/vae-core/target/bench-classpath.txt" >&2
cp="$root/vae-core/target/classes:$root/vae-core/target/test-classes:$(cat vae-core/target/bench-classpath.txt)"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}" OPENBLAS_THREAD_TIMEOUT="${OPENBLAS_THREAD_TIMEOUT:-4}"
for round in $(seq 1 "$rounds"); do
  for setting in "$@"; do
    # shellcheck disable=SC2086
    line=$(java -Xmx1g -Dorg.bytedeco.javacpp.maxphysicalbytes=1500m $setting -cp "$cp" \
      org.vae4j.core.bench.StepBenchmark "$model" "$batch" 5 "${STEPS:-50}" 2>/dev/null | grep '^RESULT')
    echo "$line setting=\"$setting\" round=$round"
  done
done
