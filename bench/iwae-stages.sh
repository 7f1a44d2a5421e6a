#!/usr/bin/env bash
# The iwae-vae-mnist recipe stage by stage (issue 14, part 3): trains vae4j through the product path
# (./vae4j train, then --resume with a larger budget for each next stage) and, optionally, its PyTorch
# twin (bench/vae_twin.py, exporting its weights at the same stage ends), and after every completed
# stage i = FIRST..LAST (3^i epochs each; stage i ends after (3^(i+1) - 1) / 2 epochs) scores both with
# vae4j's evaluator: -log p(x) at k = K (default 5000) on the EXAMPLES (default all 10,000) test images
# the recipe scores, with eval seed 1. One line per stage and side goes to RESULTS, with the stage's
# training wall time, the date and the load; the paper's figure after all 8 stages is 86.76 nats.
#
#   bench/iwae-stages.sh LAST_STAGE [SEED=1]          # e.g. 4: stages 0..4, 121 epochs
#
# Environment: K, EXAMPLES, TWIN (1 = also train and score the twin, default 1), RUN (an existing run
# folder to continue instead of starting one), WORK (default bench/work/iwae-stages-seed-S), RESULTS
# (default bench/results/iwae-stages.txt), PYTHON, MNIST_DIR, MVN_FLAGS (default -o).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
last="${1:?usage: bench/iwae-stages.sh LAST_STAGE [SEED=1]}"; seed="${2:-1}"
[[ "$last" =~ ^[0-7]$ ]] || { echo "LAST_STAGE must be 0..7, got '$last'" >&2; exit 2; }
k="${K:-5000}"; examples="${EXAMPLES:-10000}"; twin="${TWIN:-1}"
mnist="${MNIST_DIR:-$HOME/.vae4j/data/mnist}"; python="${PYTHON:-/usr/bin/python3}"
work="${WORK:-$root/bench/work/iwae-stages-seed-$seed}"; out="${RESULTS:-$root/bench/results/iwae-stages.txt}"
java_opts="${JAVA_OPTS:--Xmx1g -Dorg.bytedeco.javacpp.maxphysicalbytes=1500m -Dorg.bytedeco.javacpp.cachedir=$HOME/.javacpp/cache}"
cd "$root"
mkdir -p "$work" "$(dirname "$out")"
# shellcheck disable=SC2086
./mvnw -q -B ${MVN_FLAGS--o} -pl vae-examples -am -DskipTests package >&2
# shellcheck source=bench/classpath.sh
source "$root/bench/classpath.sh"
classpath="$(bench_classpath "$root")"
tool() {
  # shellcheck disable=SC2086
  OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}" OPENBLAS_THREAD_TIMEOUT="${OPENBLAS_THREAD_TIMEOUT:-4}" \
    java $java_opts $BENCH_LOGGING -cp "$classpath" org.vae4j.bench.fidelity.FidelityTool "$@"
}
step() { echo "[iwae-stages $(date +%T)] $*" >&2; }
stage_end() { echo $(( (3 ** ($1 + 1) - 1) / 2 )); }
echo "# $(date -u +%FT%TZ) command=\"bench/iwae-stages.sh $*\" seed=$seed k=$k examples=$examples twin=$twin uptime=\"$(uptime | sed 's/^ *//')\" git=$(git rev-parse --short HEAD)$(git diff --quiet || echo -dirty) cpu=\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')\" cores=$(nproc)" | tee -a "$out"

run="${RUN:-}"
for stage in $(seq 0 "$last"); do
  epochs=$(stage_end "$stage")
  started=$(date +%s)
  if [ -z "$run" ]; then
    step "stage $stage: vae4j train to $epochs epochs"
    ./vae4j train --recipe iwae-vae-mnist --budget "$epochs" --seed "$seed" --set evalImportanceSamples=0 \
      --set testLimit="$examples" --runs-dir "$work/runs" --no-progress >"$work/train-$stage.txt" 2>>"$work/train.log"
    run="$(sed -n 's/^Run folder: //p' "$work/train-$stage.txt")"
  else
    done_epochs=$(tail -n +2 "$run/metrics.csv" | wc -l)
    if [ "$done_epochs" -lt "$epochs" ]; then
      step "stage $stage: vae4j resume $run to $epochs epochs"
      ./vae4j train --resume "$run" --budget "$epochs" --no-progress >"$work/train-$stage.txt" 2>>"$work/train.log"
    fi
  fi
  train_seconds=$(( $(date +%s) - started ))
  step "stage $stage: vae4j eval (k = $k)"
  ./vae4j eval "$run" -k "$k" --eval-seed 1 --export-data "$work/test.npy" --out "$work/eval-stage-$stage" \
    --no-progress >"$work/eval-$stage.txt" 2>>"$work/eval.log"
  nll=$(sed -n 's/^-log p(x) = \([0-9.]*\) +- \([0-9.]*\).*-ELBO = \([0-9.]*\).*/\1 \2 \3/p' "$work/eval-$stage.txt")
  echo "RESULT impl=vae4j stage=$stage epochs=$epochs neg_log_px=$(echo "$nll" | cut -d' ' -f1) se=$(echo "$nll" | cut -d' ' -f2) neg_elbo=$(echo "$nll" | cut -d' ' -f3) k=$k examples=$examples stage_train_s=$train_seconds load=$(cut -d' ' -f1 /proc/loadavg) run=$run" | tee -a "$out"
done

if [ "$twin" = 1 ]; then
  tool train-ids "$run" "$work/train-ids.npy" 2>/dev/null | grep '^RESULT' >&2
  ends=$(for s in $(seq 0 "$last"); do stage_end "$s"; done | paste -sd,)
  step "twin: train $(stage_end "$last") epochs, exporting at $ends"
  started=$(date +%s)
  "$python" bench/vae_twin.py --recipe iwae-vae-mnist --epochs "$(stage_end "$last")" --seed "$seed" --mnist "$mnist" \
    --train-ids "$work/train-ids.npy" --out "$work/twin" --export-epochs "$ends" 2>"$work/twin.log" | grep '^RESULT' >&2
  twin_seconds=$(( $(date +%s) - started ))
  for stage in $(seq 0 "$last"); do
    epochs=$(stage_end "$stage")
    step "twin stage $stage: scored by vae4j's evaluator"
    line=$(tool score --data "$work/test.npy" --config-from "$run/model.zip" --params "$work/twin/epochs-$epochs/params" \
      --k "$k" --eval-seed 1 --out "$work/eval-twin-stage-$stage" --name twin 2>>"$work/twin-eval.log" | grep '^RESULT')
    echo "$line impl=twin stage=$stage epochs=$epochs twin_total_train_s=$twin_seconds load=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$out"
  done
fi
