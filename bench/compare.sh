#!/usr/bin/env bash
# The fair speed comparison of vae4j and PyTorch (issue 13): each side run the way its users run it, in
# alternating rounds, each run watched for other load; a ratio is printed only when the machine was quiet.
#
#   bench/compare.sh CONFIG [ROUNDS=3] [EPOCHS] [NAME=VALUE ...]
#
# CONFIG: bench | kingma-welling | iwae (training) | eval | tabular (training, then evaluation) | all (the five in turn).
#   vae4j side:   ./vae4j benchmark train --model CONFIG --epochs E --seed S [--limit N]
#                 ./vae4j benchmark eval --model EVAL_MODEL --examples N -k K --work WORK
#                 tabular: ./vae4j benchmark train --model tabular --data CSV ... (train --data CSV --likelihood
#                 gaussian's default model, split, scaling and batch 64), then
#                 ./vae4j benchmark eval --model tabular --data CSV --examples TABULAR_EXAMPLES -k TABULAR_K --work TWORK
#                 through the launcher with its defaults: its JVM options, OMP_WAIT_POLICY=passive (set by
#                 ./vae4j; OPENBLAS_THREAD_TIMEOUT left to OpenBLAS since 2026-12-07), ND4J's default threads (OMP_NUM_THREADS=1 on 1-2 CPUs).
#   PyTorch side: /usr/bin/python3 bench/pytorch_train.py --model CONFIG --epochs E --seed S [--limit N]
#                 /usr/bin/python3 bench/pytorch_eval.py WORK MNIST N K
#                 tabular: bench/pytorch_train.py --model tabular --data CSV ..., bench/pytorch_eval.py TWORK - N K
#                 with PyTorch's defaults: no thread settings, no OMP_WAIT_POLICY, no OPENBLAS_THREAD_TIMEOUT.
#   Both sides start from an environment without OMP_WAIT_POLICY, OMP_NUM_THREADS, OMP_PROC_BIND, OMP_PLACES,
#   GOMP_SPINCOUNT, OPENBLAS_NUM_THREADS, OPENBLAS_THREAD_TIMEOUT, MKL_NUM_THREADS and VAE4J_JAVA_OPTS, whatever the
#   caller's shell holds; the RESULT lines record the thread settings each side ran with.
# Round r runs vae4j, then PyTorch (then the best settings, with BEST=1), each from seed FIRST_SEED + r, each through
# bench/loadwatch.py, which first waits until the 1-minute load average is <= 0.5 (at most SETTLE_TIMEOUT s) and
# appends load1 (just before the run) and other_cpu_pct (CPU used by other processes during the run) to the RESULT
# line. bench/compare_summary.py prints the medians, and the ratio vae4j / PyTorch only if every run had
# load1 <= 0.5 and other_cpu_pct <= 5; otherwise it says why there is no ratio.
#
# Settings (NAME=VALUE arguments or environment variables; arguments win):
#   ROUNDS=3        rounds (also the first bare number)
#   EPOCHS          training epochs (also the second bare number); default bench 3, kingma-welling 3, iwae 2
#   LIMIT           train on the first N examples only (smoke tests; unset = all)
#   FIRST_SEED=12344
#   EVAL_MODEL=bench  bench (784-400-20 ReLU) or iwae (784-200-200-50 tanh): the model eval times
#   EXAMPLES=1000 K=5000   eval: first N test images, k importance samples each
#   MODEL_EPOCHS=5  eval: epochs of the model `./vae4j benchmark export` trains (once, kept in WORK) when WORK has no
#                   model.zip, and exports for PyTorch
#   WORK=bench/work/eval-EVAL_MODEL   eval: the model, its weights for PyTorch, both sides' per-example estimates
#   TABULAR_ROWS=1000000 TABULAR_COLUMNS=20 TABULAR_SEED=1   tabular: the CSV bench/make_tabular.py makes once (not timed)
#                   as bench/work/tabular/tabular-ROWSxCOLUMNS-seedSEED.csv; both sides read that file
#   TABULAR_EXAMPLES=every test row (the 10% CsvDataRecipe holds out: 100,000 of 1M) TABULAR_K=200 (train --data's
#                   own k)   tabular evaluation: the first N test rows, k importance samples each; the defaults are the
#                   evaluation `train --data` itself runs after training
#   TABULAR_MODEL_EPOCHS=1   tabular evaluation: epochs of the model `./vae4j benchmark export` trains (once, kept in
#                   TWORK = bench/work/tabular/eval-ROWSxCOLUMNS-seedSEED) and exports for PyTorch with its test rows
#   BEST=1          also run each side's best setting, labelled vae4j-best / pytorch-best: VAE4J_BEST_ENV and
#                   PYTORCH_BEST_ENV hold the variables to set, as `env -S` reads them, e.g.
#                   VAE4J_BEST_ENV='OMP_NUM_THREADS=1 VAE4J_JAVA_OPTS="-Xmx1g -XX:+UseParallelGC"'; a side without
#                   one has no best run (its defaults are its best)
#   SCALING=1       bench config: also run vae4j-1core and pytorch-1core (each side's defaults under taskset -c 0)
#                   for the scaling row, all cores / one core; 0 = skip
#   SETTLE_TIMEOUT=300  seconds to wait for the load average before each run
#   BUILD=1         build first (./mvnw -B -o -q -pl vae-examples -am -DskipTests package); 0 = use the last build
#   RESULTS=bench/results   raw RESULT lines and summaries are appended to RESULTS/compare-CONFIG.txt
#   VAE4J_DATA      data root as vae4j reads it (default ~/.vae4j/data); PyTorch reads VAE4J_DATA/mnist (not needed
#                   for tabular alone)
#   PYTHON=/usr/bin/python3 (Debian's python3-torch with libopenblas0-openmp)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command_line="bench/compare.sh $*"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] || usage
config="$1"; shift
case "$config" in bench|kingma-welling|iwae|eval|tabular|all) ;; -h|--help) usage ;; *) echo "compare.sh: unknown CONFIG '$config'" >&2; usage ;; esac
bare=0
for arg in "$@"; do
  case "$arg" in
    ROUNDS=*|EPOCHS=*|LIMIT=*|FIRST_SEED=*|EVAL_MODEL=*|EXAMPLES=*|K=*|MODEL_EPOCHS=*|WORK=*|BEST=*|SETTLE_TIMEOUT=*|BUILD=*|RESULTS=*\
    |TABULAR_ROWS=*|TABULAR_COLUMNS=*|TABULAR_SEED=*|TABULAR_EXAMPLES=*|TABULAR_K=*|TABULAR_MODEL_EPOCHS=*)
      printf -v "${arg%%=*}" '%s' "${arg#*=}" ;;
    *[!0-9]*|'') echo "compare.sh: unknown argument '$arg'" >&2; usage ;;
    *) bare=$((bare + 1))
       case $bare in 1) ROUNDS="$arg" ;; 2) EPOCHS="$arg" ;; *) echo "compare.sh: too many numbers" >&2; usage ;; esac ;;
  esac
done
rounds="${ROUNDS:-3}"
first_seed="${FIRST_SEED:-12344}"
eval_model="${EVAL_MODEL:-bench}"
examples="${EXAMPLES:-1000}"; k="${K:-5000}"
settle_timeout="${SETTLE_TIMEOUT:-300}"
results="${RESULTS:-bench/results}"
python="${PYTHON:-/usr/bin/python3}"
data_root="${VAE4J_DATA:-$HOME/.vae4j/data}"
mnist="$data_root/mnist"
[ "$rounds" -ge 1 ] || { echo "compare.sh: ROUNDS must be >= 1, got $rounds" >&2; exit 2; }
case "$eval_model" in bench|iwae) ;; *) echo "compare.sh: EVAL_MODEL must be bench or iwae, got '$eval_model'" >&2; exit 2 ;; esac
tabular_rows="${TABULAR_ROWS:-1000000}"; tabular_columns="${TABULAR_COLUMNS:-20}"; tabular_seed="${TABULAR_SEED:-1}"
for v in "$tabular_rows" "$tabular_columns" "$tabular_seed" ${TABULAR_EXAMPLES:+"$TABULAR_EXAMPLES"} ${TABULAR_K:+"$TABULAR_K"} \
         ${TABULAR_MODEL_EPOCHS:+"$TABULAR_MODEL_EPOCHS"}; do
  case "$v" in ''|*[!0-9]*) echo "compare.sh: TABULAR_* settings are whole numbers, got '$v'" >&2; exit 2 ;; esac
done
[ "$tabular_rows" -ge 100 ] || { echo "compare.sh: TABULAR_ROWS must be >= 100, got $tabular_rows" >&2; exit 2; }
tabular_name="${tabular_rows}x${tabular_columns}-seed${tabular_seed}"
tabular_csv="bench/work/tabular/tabular-$tabular_name.csv"
# CsvDataRecipe holds out Math.round(0.1 x rows) test rows; `train --data` evaluates all of them. (Until 2026-12-08
# the default was the first 10,000: a 1-2 s run from a cold JVM, half of it JIT compilation, see bench/README.md.)
tabular_examples="${TABULAR_EXAMPLES:-$(( (tabular_rows + 5) / 10 ))}"
tabular_k="${TABULAR_K:-200}"
if [ "$config" != tabular ]; then
  [ -f "$mnist/train-images-idx3-ubyte" ] && [ -f "$mnist/t10k-images-idx3-ubyte" ] \
    || { echo "compare.sh: no raw MNIST IDX files in $mnist (scripts/fetch-data.sh mnist, or set VAE4J_DATA)" >&2; exit 1; }
fi
export VAE4J_DATA="$data_root"   # both sides read the same files

# Whatever tuning the caller's shell holds must not reach either side's default run.
clean=(env -u OMP_WAIT_POLICY -u OMP_NUM_THREADS -u OMP_PROC_BIND -u OMP_PLACES -u GOMP_SPINCOUNT
       -u OPENBLAS_NUM_THREADS -u OPENBLAS_THREAD_TIMEOUT -u MKL_NUM_THREADS -u VAE4J_JAVA_OPTS)
impls=(vae4j pytorch)
if [ "${BEST:-0}" = 1 ]; then
  [ -n "${VAE4J_BEST_ENV:-}" ] && impls+=(vae4j-best)
  [ -n "${PYTORCH_BEST_ENV:-}" ] && impls+=(pytorch-best)
  [ ${#impls[@]} -gt 2 ] || { echo "compare.sh: BEST=1 needs VAE4J_BEST_ENV and/or PYTORCH_BEST_ENV" >&2; exit 2; }
fi

if [ "${BUILD:-1}" = 1 ]; then
  echo "compare.sh: building (./mvnw -B -o -q -pl vae-examples -am -DskipTests package) ..." >&2
  # shellcheck disable=SC2086
  ./mvnw -B -o -q -pl vae-examples -am -DskipTests ${VAE4J_MAVEN_ARGS:-} package >&2
  # The launcher rebuilds when a source is newer than the jar; that must not happen inside a timed run.
  touch vae-examples/target/vae4j.jar
fi
# Untimed: with BUILD=0 and sources newer than the jar, the launcher builds here rather than inside the first timed
# run; and both sides' files (jars, natives, torch's libraries) are read once before round 1.
echo "compare.sh: warming up both sides (untimed) ..." >&2
"${clean[@]}" ./vae4j --version >&2
"${clean[@]}" "$python" -c 'import torch' >&2
if [ "$config" = tabular ] || [ "$config" = all ]; then
  if [ ! -f "$tabular_csv" ]; then
    echo "compare.sh: making $tabular_csv (bench/make_tabular.py $tabular_rows $tabular_columns $tabular_seed; untimed) ..." >&2
    mkdir -p "$(dirname "$tabular_csv")"
    "$python" bench/make_tabular.py "$tabular_rows" "$tabular_columns" "$tabular_seed" "$tabular_csv"
  fi
  cat "$tabular_csv" > /dev/null   # into the page cache for both sides, before round 1
fi

# The CPU as the ratios depend on it: model name, family/model and the widest vector extension. A 2-vCPU VM of the
# same name has been an AVX-512 part on one day and an AVX2-only one (family 25 model 1) on another, and the two
# sides' GEMMs did not move alike (bench/README.md, 2026-12-08).
cpu_description() {
  local flags vec
  flags=$(grep -m1 '^flags' /proc/cpuinfo)
  case " $flags " in *" avx512f "*) vec=avx512 ;; *" avx2 "*) vec=avx2 ;; *) vec=no-avx2 ;; esac
  printf '%s (family %s model %s, %s)' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" \
    "$(grep -m1 '^cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' ')" \
    "$(grep -m1 '^model[[:space:]]*:' /proc/cpuinfo | cut -d: -f2 | tr -d ' ')" "$vec"
}

run_config() {
  # cfg: bench | kingma-welling | iwae | eval | tabular (its training) | tabular-eval (its evaluation)
  local cfg="$1" kind epochs out lines work="" seed round impl what
  kind=train; case "$cfg" in eval|tabular-eval) kind=eval ;; esac
  case "$cfg" in bench|kingma-welling) epochs="${EPOCHS:-3}" ;; iwae) epochs="${EPOCHS:-2}" ;; tabular) epochs="${EPOCHS:-1}" ;;
                 *) epochs="" ;; esac
  mkdir -p "$results"
  out="$results/compare-$cfg.txt"
  lines="$(mktemp)"
  case "$cfg" in
    eval) what="model=$eval_model examples=$examples k=$k " ;;
    tabular) what="data=$tabular_csv " ;;
    tabular-eval) what="model=tabular data=$tabular_csv examples=$tabular_examples k=$tabular_k " ;;
    *) what="" ;;
  esac
  if [ "$cfg" = tabular-eval ]; then
    work="bench/work/tabular/eval-$tabular_name"
    echo "compare.sh: model $work/model.zip (trained for ${TABULAR_MODEL_EPOCHS:-1} epoch(s) when missing), its weights and test rows for PyTorch ..." >&2
    # Not timed. Through the launcher, as benchmark train runs.
    "${clean[@]}" ./vae4j benchmark export --model tabular --data "$tabular_csv" --work "$work" \
      --epochs "${TABULAR_MODEL_EPOCHS:-1}" >&2
  elif [ "$kind" = eval ]; then
    work="${WORK:-bench/work/eval-$eval_model}"
    echo "compare.sh: model $work/model.zip (trained for ${MODEL_EPOCHS:-5} epochs when missing) and its weights for PyTorch ..." >&2
    # Not timed. Through the launcher, as benchmark train runs (the model as `benchmark train --model` trains it).
    "${clean[@]}" ./vae4j benchmark export --model "$eval_model" --work "$work" --epochs "${MODEL_EPOCHS:-5}" >&2
  fi
  {
    echo "# $(date -u +%FT%TZ) $command_line -> config=$cfg rounds=$rounds ${epochs:+epochs=$epochs }$([ "$kind" = train ] && echo "${LIMIT:+limit=$LIMIT }")${what}impls=${impls[*]}"
    echo "# git $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench/results' 2>/dev/null || echo -dirty); cpu: $(cpu_description); nproc $(nproc); $(uname -sr); load now $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# $(java -version 2>&1 | head -1); torch $("$python" -c 'import torch; print(torch.__version__)' 2>/dev/null || echo '?')"
    echo "# vae4j: ./vae4j with its defaults (env cleaned of ${clean[*]:1}); pytorch: $python with torch's defaults (same cleaning)${VAE4J_BEST_ENV:+; vae4j-best adds: $VAE4J_BEST_ENV}${PYTORCH_BEST_ENV:+; pytorch-best adds: $PYTORCH_BEST_ENV}"
  } | tee -a "$out"

  # The scaling row (issue 21): on the bench config each side also runs on one core (taskset -c 0), with its
  # defaults there; compare_summary.py prints all cores / one core for vae4j and for PyTorch's best setting.
  local run_impls=("${impls[@]}")
  if [ "$cfg" = bench ] && [ "${SCALING:-1}" = 1 ]; then
    command -v taskset >/dev/null || { echo "compare.sh: SCALING=1 needs taskset (util-linux)" >&2; exit 1; }
    run_impls+=(vae4j-1core pytorch-1core)
  fi
  for round in $(seq 1 "$rounds"); do
    seed=$((first_seed + round))
    for impl in "${run_impls[@]}"; do
      local best_env=()
      case "$impl" in
        vae4j-best) best_env=(env -S "$VAE4J_BEST_ENV") ;;
        pytorch-best) best_env=(env -S "$PYTORCH_BEST_ENV") ;;
        *-1core) best_env=(taskset -c 0) ;;
      esac
      local cmd
      if [ "$cfg" = tabular ]; then
        case "$impl" in
          vae4j*) cmd=(./vae4j benchmark train --model tabular --data "$tabular_csv" --epochs "$epochs" --seed "$seed" ${LIMIT:+--limit "$LIMIT"}) ;;
          pytorch*) cmd=("$python" bench/pytorch_train.py --model tabular --data "$tabular_csv" --epochs "$epochs" --seed "$seed" ${LIMIT:+--limit "$LIMIT"}) ;;
        esac
      elif [ "$cfg" = tabular-eval ]; then
        case "$impl" in
          vae4j*) cmd=(./vae4j benchmark eval --model tabular --data "$tabular_csv" --examples "$tabular_examples" -k "$tabular_k" --work "$work") ;;
          pytorch*) cmd=("$python" bench/pytorch_eval.py "$work" - "$tabular_examples" "$tabular_k") ;;
        esac
      elif [ "$kind" = train ]; then
        case "$impl" in
          vae4j*) cmd=(./vae4j benchmark train --model "$cfg" --epochs "$epochs" --seed "$seed" ${LIMIT:+--limit "$LIMIT"}) ;;
          pytorch*) cmd=("$python" bench/pytorch_train.py --model "$cfg" --epochs "$epochs" --seed "$seed" --mnist "$mnist" ${LIMIT:+--limit "$LIMIT"}) ;;
        esac
      else
        case "$impl" in
          vae4j*) cmd=(./vae4j benchmark eval --model "$eval_model" --examples "$examples" -k "$k" --work "$work") ;;
          pytorch*) cmd=("$python" bench/pytorch_eval.py "$work" "$mnist" "$examples" "$k") ;;
        esac
      fi
      echo "compare.sh: round $round/$rounds $impl: ${best_env[*]} ${cmd[*]}" >&2
      bench/loadwatch.py --settle 0.5 --settle-timeout "$settle_timeout" --impl "$impl" -- \
          "${clean[@]}" "${best_env[@]}" "${cmd[@]}" | grep '^RESULT' | sed "s/\$/ round=$round/" | tee -a "$out" "$lines" \
        || { echo "compare.sh: the $impl run of round $round failed (see above)" >&2; exit 1; }
      [ -s "$lines" ] && tail -1 "$lines" | grep -q "impl=$impl .* round=$round\$" \
        || { echo "compare.sh: the $impl run of round $round printed no RESULT line" >&2; exit 1; }
    done
  done
  "$python" bench/compare_summary.py "$kind" $work < "$lines" | tee -a "$out"
  rm -f "$lines"
}

if [ "$config" = all ]; then
  for cfg in bench kingma-welling iwae eval tabular tabular-eval; do run_config "$cfg"; done
elif [ "$config" = tabular ]; then
  run_config tabular
  run_config tabular-eval
else
  run_config "$config"
fi
