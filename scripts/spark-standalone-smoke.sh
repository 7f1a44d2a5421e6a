#!/usr/bin/env bash
# End-to-end check of the cluster path: a Spark standalone master and worker on this machine, and a
# spark-submit launch of org.vae4j.examples.spark.SparkTrain against them (client mode), as docs/spark.md
# describes. Spark's distribution is not on Maven Central, so a minimal SPARK_HOME is laid out from
# the spark-core jars (-Pspark-home: Spark's jars, the log4j 2 binding for slf4j 1.7 and
# conf/log4j2.properties) and the launcher classes (SparkSubmit, Master, Worker) are run with plain
# java and $SPARK_HOME/conf on the class path, which is what bin/spark-submit and sbin/start-*.sh do
# after setting up the classpath. Needs ports 7077 and 8080-8081 free on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl vae-examples -am package -DskipTests -Pspark-home

target=$PWD/vae-examples/target
export SPARK_HOME=$target/spark-home
export SPARK_SCALA_VERSION=2.12   # the launcher looks for a build tree otherwise
export SPARK_LOCAL_IP=127.0.0.1   # bind RPC and the web UIs to loopback only
export OMP_WAIT_POLICY=passive
classpath="$SPARK_HOME/conf:$SPARK_HOME/jars/*"
opens=$(sed -n 's:.*<spark.java17.opens>\(.*\)</spark.java17.opens>.*:\1:p' pom.xml)
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

java -Xmx256m $opens -cp "$classpath" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port 7077 --webui-port 8080 > "$work/master.log" 2>&1 &
pids+=($!)
java -Xmx256m $opens -cp "$classpath" org.apache.spark.deploy.worker.Worker \
  --host 127.0.0.1 --cores 2 --memory 3g --work-dir "$work/worker" --webui-port 8081 \
  spark://127.0.0.1:7077 > "$work/worker.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do grep -q "Successfully registered with master" "$work/worker.log" && break; sleep 1; done
grep -q "Successfully registered with master" "$work/worker.log" || { cat "$work/master.log" "$work/worker.log"; exit 1; }

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

jars=$(ls "$target"/lib/*.jar | paste -sd, -)
java -Xmx1g $opens -cp "$classpath" org.apache.spark.deploy.SparkSubmit \
  --master spark://127.0.0.1:7077 --deploy-mode client \
  --class org.vae4j.examples.spark.SparkTrain \
  --executor-memory 1g --total-executor-cores 2 --executor-cores 1 \
  --conf spark.executorEnv.OMP_WAIT_POLICY=passive \
  --conf "spark.executor.extraJavaOptions=-Dorg.bytedeco.javacpp.maxphysicalbytes=2g" \
  --conf spark.ui.enabled=false \
  --jars "$jars" \
  "$target/vae4j.jar" \
  --config vae-examples/spark/smoke-vae.json --train "$work/train.csv" --validation "$work/validation.csv" \
  --workers 2 --averaging-frequency 5 --batch-size 50 --epochs 3 --runs-dir "$work/runs" | tee "$work/submit.out"

run=$(sed -n 's/^Run folder: //p' "$work/submit.out")
test -f "$run/model.zip" && test -f "$run/config.json"
test "$(wc -l < "$run/metrics.csv")" -eq 4
grep -q "app-" "$work/worker.log"   # the executors ran on the standalone worker, not in the driver
echo "OK: standalone run folder $run"
cat "$run/metrics.csv"
