#!/usr/bin/env bash
# Fidelity comparison (issue 14): trains vae4j and its PyTorch twin (bench/vae_twin.py: the same model,
# initialisation, data, minibatches and DL4J's exact update rules) under one protocol, scores both with
# vae4j's evaluator on the same test images with the same importance-sampling seed, and prints per seed
# each side's -log p(x), -ELBO, active units and the paired difference, then the mean difference
# vae4j - twin over seeds with its standard error (bench/fidelity_summary.py).
#
#   bench/fidelity.sh PROTOCOL [SEEDS=3]
#
# PROTOCOL:
#   iwae-stages-0-2  the iwae-vae-mnist recipe truncated to stages i = 0..2 (1 + 3 + 9 = 13 epochs,
#                    batch 20, Adam with the recipe's MapSchedule), vae4j through the product path:
#                    ./vae4j train --recipe iwae-vae-mnist --budget 13 --seed S, then
#                    ./vae4j eval RUN -k K --export-data test.npy (the recipe's own test binarization)
#   bench-20         bench/models.json's bench model (784-400-20 ReLU, Adam 1e-3, batch 128, static pixel/255 > 0.5,
#                    all 60,000 training images) for 20 epochs, vae4j through VaeTrainer (FidelityTool train-bench)
# Seeds are FIRST_SEED .. FIRST_SEED + SEEDS - 1; both sides get the same seed number (their random
# streams differ: compare across seeds).
#
# Environment: EXAMPLES (test images scored, default 10000: the first EXAMPLES), K (importance samples,
# default 1000), EVAL_SEED (default 1, vae4j's default), EPOCHS (default 13 or 20: shorten for a quick
# check), FIRST_SEED (default 1), ELBO_SAMPLES (twin's own -ELBO check, default 100), TWIN_ARGS (extra
# vae_twin.py arguments, e.g. --torch-adam), MNIST_DIR (default ~/.vae4j/data/mnist), PYTHON (default
# /usr/bin/python3), JAVA_OPTS, MVN_FLAGS (default -o), WORK (default bench/work/fidelity-PROTOCOL),
# RESULTS (default bench/results/fidelity-PROTOCOL.txt). Per-seed files stay in WORK/seed-S; RESULT lines
# and the summary are appended to RESULTS after a header with the date, the command, the settings and the load.
#
# Time on this project's shared 2-core machine (1-epoch trial runs at load 5-8): vae4j ~45-70 s and the twin
# ~25-45 s per iwae epoch, ~10-25 s each per bench epoch; k = 1000 on 10,000 images ~5 min per model.
# So roughly 35 min per seed for iwae-stages-0-2 and 25 min for bench-20, the load permitting.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage="usage: bench/fidelity.sh iwae-stages-0-2|bench-20 [SEEDS=3]"
protocol="${1:?$usage}"; seeds="${2:-3}"
case "$protocol" in
  iwae-stages-0-2) epochs="${EPOCHS:-13}" ;;
  bench-20) epochs="${EPOCHS:-20}" ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
[[ "$seeds" =~ ^[1-9][0-9]*$ ]] || { echo "SEEDS must be a positive integer, got '$seeds'" >&2; exit 2; }
examples="${EXAMPLES:-10000}"; k="${K:-1000}"; eval_seed="${EVAL_SEED:-1}"; first="${FIRST_SEED:-1}"
elbo_samples="${ELBO_SAMPLES:-100}"
mnist="${MNIST_DIR:-$HOME/.vae4j/data/mnist}"
python="${PYTHON:-/usr/bin/python3}"
java_opts="${JAVA_OPTS:--Xmx1g -Dorg.bytedeco.javacpp.maxphysicalbytes=1500m -Dorg.bytedeco.javacpp.cachedir=$HOME/.javacpp/cache}"
work="${WORK:-$root/bench/work/fidelity-$protocol}"
[ -f "$mnist/train-images-idx3-ubyte" ] || { echo "No MNIST IDX files in $mnist (set MNIST_DIR)" >&2; exit 1; }
command_line="bench/fidelity.sh $*"
cd "$root"

# Offline builds: the application jar the ./vae4j launcher runs (so it does not rebuild), and vae-bench with
# FidelityTool on its test class path (bench/classpath.sh).
# shellcheck disable=SC2086
./mvnw -q -B ${MVN_FLAGS--o} -pl vae-examples -am -DskipTests package >&2
# shellcheck source=bench/classpath.sh
source "$root/bench/classpath.sh"
classpath="$(bench_classpath "$root")"
tool() {
  # ND4J's runtime settings, as the ./vae4j launcher sets them; PyTorch runs with the caller's environment.
  # shellcheck disable=SC2086
  OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}" \
    java $java_opts $BENCH_LOGGING -cp "$classpath" org.vae4j.bench.fidelity.FidelityTool "$@"
}
step() { echo "[fidelity $(date +%T)] $*" >&2; }

out="${RESULTS:-bench/results/fidelity-$protocol.txt}"
mkdir -p "$(dirname "$out")" "$work"
echo "# $(date -u +%FT%TZ) command=\"$command_line\" protocol=$protocol seeds=$seeds first_seed=$first epochs=$epochs examples=$examples k=$k eval_seed=$eval_seed twin_args=\"${TWIN_ARGS:-}\" uptime=\"$(uptime | sed 's/^ *//')\" git=$(git rev-parse --short HEAD)$(git diff --quiet || echo -dirty)" | tee -a "$out"

# The twin's method against vae4j's, free of random numbers: vae4j's initial weights, one minibatch and the
# exact noise vae4j draws, a gradient and a few updates on both sides (relative differences ~1e-7 for the
# gradient and ~1e-3 after the updates are float rounding, Adam's normalisation amplifying it).
case "$protocol" in iwae-stages-0-2) twin_recipe=iwae-vae-mnist ;; *) twin_recipe=bench ;; esac
tool step-check --recipe "$twin_recipe" --mnist "$mnist" --steps 5 --out "$work/step-check" 2>/dev/null | grep '^RESULT' >&2
"$python" bench/vae_twin.py --step-check "$twin_recipe" "$work/step-check" | grep '^RESULT' | tee -a "$out"

lines=0
for seed in $(seq "$first" $((first + seeds - 1))); do
  dir="$work/seed-$seed"
  rm -rf "$dir"; mkdir -p "$dir"
  if [ "$protocol" = iwae-stages-0-2 ]; then
    step "seed $seed: vae4j train (iwae-vae-mnist, $epochs epochs)"
    ./vae4j train --recipe iwae-vae-mnist --budget "$epochs" --seed "$seed" --set evalImportanceSamples=0 \
      --set testLimit="$examples" --runs-dir "$dir/runs" --no-progress >"$dir/vae4j-train.txt" 2>"$dir/vae4j-train.log"
    run="$(sed -n 's/^Run folder: //p' "$dir/vae4j-train.txt")"
    cp "$run/metrics.csv" "$dir/vae4j-metrics.csv"
    step "seed $seed: vae4j eval (k = $k, $examples examples, eval seed $eval_seed) and export of the scored images"
    ./vae4j eval "$run" -k "$k" --eval-seed "$eval_seed" --export-data "$dir/test.npy" --out "$dir/eval-vae4j" \
      --no-progress >"$dir/vae4j-eval.txt" 2>"$dir/vae4j-eval.log"
    tool train-ids "$run" "$dir/train-ids.npy" 2>/dev/null | grep '^RESULT' >&2
    step "seed $seed: twin train"
    # shellcheck disable=SC2086
    "$python" bench/vae_twin.py --recipe iwae-vae-mnist --epochs "$epochs" --seed "$seed" --mnist "$mnist" \
      --train-ids "$dir/train-ids.npy" --test "$dir/test.npy" --elbo-samples "$elbo_samples" --out "$dir/twin" \
      ${TWIN_ARGS:-} 2>"$dir/twin.log" | grep '^RESULT' >"$dir/twin-result.txt"
    config_from="$run/model.zip"
  else
    step "seed $seed: vae4j train (bench model, $epochs epochs)"
    tool train-bench --epochs "$epochs" --seed "$seed" --mnist "$mnist" --examples "$examples" --out "$dir/vae4j" \
      2>"$dir/vae4j-train.log" | grep '^RESULT' >"$dir/vae4j-result.txt"
    cp "$dir/vae4j/test.npy" "$dir/test.npy"
    cp "$dir/vae4j/metrics.csv" "$dir/vae4j-metrics.csv"
    step "seed $seed: vae4j score (k = $k, $examples examples, eval seed $eval_seed)"
    tool score --data "$dir/test.npy" --model "$dir/vae4j/model.zip" --k "$k" --eval-seed "$eval_seed" \
      --out "$dir/eval-vae4j" --name vae4j 2>"$dir/vae4j-eval.log" | grep '^RESULT' >&2
    step "seed $seed: twin train"
    # shellcheck disable=SC2086
    "$python" bench/vae_twin.py --recipe bench --epochs "$epochs" --seed "$seed" --mnist "$mnist" \
      --test "$dir/test.npy" --elbo-samples "$elbo_samples" --out "$dir/twin" ${TWIN_ARGS:-} 2>"$dir/twin.log" \
      | grep '^RESULT' >"$dir/twin-result.txt"
    config_from="$dir/vae4j/model.zip"
  fi
  step "seed $seed: twin scored by vae4j's evaluator (same images, k, seed)"
  tool score --data "$dir/test.npy" --config-from "$config_from" --params "$dir/twin/params" --k "$k" \
    --eval-seed "$eval_seed" --out "$dir/eval-twin" --name twin 2>"$dir/twin-eval.log" | grep '^RESULT' >&2
  "$python" bench/fidelity_summary.py seed "$dir" "$protocol" "$seed" | tee -a "$out"
  lines=$((lines + 1))
done

tail -n "$lines" "$out" | "$python" bench/fidelity_summary.py summary | tee -a "$out"
