#!/usr/bin/env bash
# End-to-end check of the cluster path, as docs/spark.md describes it: a Spark standalone master and
# worker on 127.0.0.1 and spark-submit launches of org.vae4j.examples.spark.SparkTrain against them
# (client mode, 2 executors of 1 core):
#
#   1. a --config run on a synthetic CSV (3 epochs): the Hadoop-path data reader;
#   2. the kingma-welling-mnist recipe on MNIST (59,600 training images) with 2 workers averaging every
#      20 steps: 1 epoch, then --resume to 2 epochs (run folder, checkpoints, metrics.csv continuing);
#   3. the same recipe on one machine (./vae4j train, same seed, 2 epochs), and `./vae4j eval` of
#      both models on the same test images and noise: the Spark model's test -ELBO may be at most
#      MAX_ELBO_GAP nats above it (the measured cost of parameter averaging, docs/spark.md).
#
# Spark's distribution is not on Maven Central: -Pspark-home lays out a minimal SPARK_HOME (Spark's
# jars, the log4j 2 binding for slf4j 1.7, conf/log4j2.properties), and the launcher classes
# (Master, Worker, SparkSubmit) run with plain java and $SPARK_HOME/conf on the class path, which
# is what sbin/start-*.sh and bin/spark-submit do after setting up the class path. Needs ports 7077
# and 8080-8081 free on 127.0.0.1 and MNIST in ~/.vae4j/data (scripts/fetch-data.sh mnist).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# Test -ELBO of the 2-worker Spark model minus that of single-machine training at the same examples
# seen (2 epochs), nats per example. Each run is reproducible, but the gap is not a constant of the
# code: it measured 5.59-7.85 with averaging every 5-150 steps, and a 3.7e-7 change in tanh moved
# single-machine training's test -ELBO by 1.5 nats (131.93 -> 130.40; the Spark model's by 0.007),
# so the gap from 5.91 to 7.44 (docs/spark.md, "Measured"). The bound sits above that spread and
# below what no averaging at all would give: one machine's model after a worker's 600 updates is
# about 12 nats worse than after 1,192 (validation -ELBO 144.1 against 132.4).
max_gap=${MAX_ELBO_GAP:-9.0}
k=20   # averaging frequency of the recipe run

start=$SECONDS
phase() { printf '\n== %s (%d s)\n' "$1" $((SECONDS - start)); }

for port in 7077 8080 8081; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "spark-standalone-smoke: port $port on 127.0.0.1 is in use; the standalone cluster needs it" >&2
    exit 1
  fi
done

phase "build (-Pspark-home)"
./mvnw -q -B -pl vae-examples -am package -DskipTests -Pspark-home

target=$root/vae-examples/target
export SPARK_HOME=$target/spark-home
export SPARK_SCALA_VERSION=2.12   # the launcher looks for a build tree otherwise
export SPARK_LOCAL_IP=127.0.0.1   # bind RPC and the web UIs to loopback only
export OMP_WAIT_POLICY=passive
classpath="$SPARK_HOME/conf:$SPARK_HOME/jars/*"
opens=$(sed -n 's:.*<spark.java17.opens>\(.*\)</spark.java17.opens>.*:\1:p' pom.xml)
work=$(mktemp -d)
pids=()
ok=0
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    # The worker's executors are its children: stopped by their ids before it.
    for child in $(pgrep -P "$pid" 2>/dev/null || true); do kill "$child" 2>/dev/null || true; done
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  if [ "$ok" = 1 ]; then
    rm -rf "$work"
  else
    echo "spark-standalone-smoke: FAILED after $((SECONDS - start)) s; logs in $work" >&2
    # The driver's output is above (tee); the cluster's processes logged to files.
    for log in "$work"/master.log "$work"/worker.log "$work"/worker/app-*/*/stdout "$work"/worker/app-*/*/stderr; do
      [ -s "$log" ] || continue
      printf '\n---- %s (last 80 lines)\n' "${log#"$work"/}" >&2
      tail -n 80 "$log" >&2
    done
  fi
}
trap cleanup EXIT

phase "standalone master and worker on 127.0.0.1"
java -Xmx256m $opens -cp "$classpath" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port 7077 --webui-port 8080 > "$work/master.log" 2>&1 &
pids+=($!)
java -Xmx256m $opens -cp "$classpath" org.apache.spark.deploy.worker.Worker \
  --host 127.0.0.1 --cores 2 --memory 4g --work-dir "$work/worker" --webui-port 8081 \
  spark://127.0.0.1:7077 > "$work/worker.log" 2>&1 &
pids+=($!)
for _ in $(seq 90); do grep -q "Successfully registered with master" "$work/worker.log" && break; sleep 1; done
grep -q "Successfully registered with master" "$work/worker.log"

jars=$(ls "$target"/lib/*.jar | paste -sd, -)
# spark-submit as docs/spark.md gives it: 2 executors of 1 core, each worker's ND4J and vae4j on one thread.
submit() {
  java -Xmx1g -Dorg.bytedeco.javacpp.maxphysicalbytes=2g $opens -cp "$classpath" org.apache.spark.deploy.SparkSubmit \
    --master spark://127.0.0.1:7077 --deploy-mode client \
    --class org.vae4j.examples.spark.SparkTrain \
    --executor-memory 1g --total-executor-cores 2 --executor-cores 1 \
    --conf spark.executorEnv.OMP_WAIT_POLICY=passive --conf spark.executorEnv.OMP_NUM_THREADS=1 \
    --conf spark.executorEnv.VAE4J_THREADS=1 \
    --conf "spark.executor.extraJavaOptions=-Dorg.bytedeco.javacpp.maxphysicalbytes=2g" \
    --conf spark.ui.enabled=false \
    --jars "$jars" \
    "$target/vae4j.jar" "$@"
}
column() {   # column NAME FILE: the values of a metrics.csv column, one per line
  awk -F, -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next } { print $c }' "$2"
}

phase "1. synthetic CSV, --config, 3 epochs"
# 1,000 training and 200 validation rows: noisy copies of 8 random 64-bit prototypes.
python3 - "$work" <<'PY'
import random, sys
r = random.Random(5)
protos = [[r.random() < 0.5 for _ in range(64)] for _ in range(8)]
for name, n in (("train.csv", 1000), ("validation.csv", 200)):
    with open(f"{sys.argv[1]}/{name}", "w") as f:
        for _ in range(n):
            p = r.choice(protos)
            f.write(",".join("1" if (r.random() < 0.05) != b else "0" for b in p) + "\n")
PY
submit --config vae-examples/spark/smoke-vae.json --train "$work/train.csv" --validation "$work/validation.csv" \
  --workers 2 --averaging-frequency 5 --batch-size 50 --epochs 3 --runs-dir "$work/runs" 2>&1 | tee "$work/csv.out"
run=$(sed -n 's/^Run folder: //p' "$work/csv.out")
test -f "$run/model.zip" && test -f "$run/config.json"
test "$(wc -l < "$run/metrics.csv")" -eq 4
grep -q "app-" "$work/worker.log"   # the executors ran on the standalone worker, not in the driver
grep -q "epoch 2 iteration 30: -ELBO" "$work/csv.out"   # a progress line per averaging round

phase "2a. kingma-welling-mnist on Spark, 2 workers, epoch 1 of 2"
submit --recipe kingma-welling-mnist --workers 2 --averaging-frequency $k --epochs 1 --runs-dir "$work/runs" \
  2>&1 | tee "$work/mnist-1.out"
spark_run=$(sed -n 's/^Run folder: //p' "$work/mnist-1.out")
test "$(ls "$spark_run"/checkpoints/*.zip | wc -l)" -ge 1
test "$(wc -l < "$spark_run/metrics.csv")" -eq 2

phase "2b. --resume to epoch 2"
submit --resume "$spark_run" --workers 2 --averaging-frequency $k --epochs 2 2>&1 | tee "$work/mnist-2.out"
test "$(sed -n 's/^Run folder: //p' "$work/mnist-2.out")" = "$spark_run"
# metrics.csv continues: epochs 0 and 1, the examples seen and the iteration count go on from the checkpoint.
test "$(column epoch "$spark_run/metrics.csv" | paste -sd,)" = "0,1"
test "$(column examples_seen "$spark_run/metrics.csv" | paste -sd,)" = "59600,119200"
# 596 minibatches of 100 an epoch, 40 a round: 14 rounds of 20 steps and a partial one of 20 and 16.
test "$(column iteration "$spark_run/metrics.csv" | paste -sd,)" = "300,600"
grep -q "epoch 1 iteration 600: -ELBO" "$work/mnist-2.out"

phase "3. the same recipe on one machine (./vae4j train), 2 epochs"
./vae4j train --recipe kingma-welling-mnist --epochs 2 --set evalImportanceSamples=0 --runs-dir "$work/runs" \
  2>&1 | tee "$work/single.out"
single_run=$(sed -n 's/^Run folder: //p' "$work/single.out")

phase "test -ELBO of both models: ./vae4j eval -k 100, the recipe's 1,000 test images, eval seed 1"
./vae4j eval "$spark_run" -k 100 2>&1 | tee "$work/eval-spark.out"
./vae4j eval "$single_run" -k 100 2>&1 | tee "$work/eval-single.out"
elbo() { sed -n 's/.*; -ELBO = \([0-9.]*\);.*/\1/p' "$1"; }
nll() { sed -n 's/^-log p(x) = \([0-9.]*\) .*/\1/p' "$1"; }
rate() { column examples_per_second "$1/metrics.csv" | paste -sd' '; }
spark_elbo=$(elbo "$work/eval-spark.out"); single_elbo=$(elbo "$work/eval-single.out")
printf '\n%-44s %12s %16s %s\n' "" "test -ELBO" "test -log p(x)" "examples/s (epochs 1, 2)"
printf '%-44s %12s %16s %s\n' "Spark standalone, 2 workers, k = $k" "$spark_elbo" "$(nll "$work/eval-spark.out")" \
  "$(rate "$spark_run")"
printf '%-44s %12s %16s %s\n' "single machine (./vae4j train)" "$single_elbo" "$(nll "$work/eval-single.out")" \
  "$(rate "$single_run")"
gap=$(awk -v a="$spark_elbo" -v b="$single_elbo" 'BEGIN { printf "%.3f", a - b }')
echo "Spark - single machine: $gap nats/example (the cost of averaging; bound: at most $max_gap)"
awk -v g="$gap" -v m="$max_gap" 'BEGIN { exit !(g <= m) }' || {
  echo "spark-standalone-smoke: the Spark model's test -ELBO is $gap nats above single-machine training's" \
    "(bound $max_gap)" >&2
  exit 1
}

ok=1
echo "OK: standalone cluster path in $((SECONDS - start)) s"
