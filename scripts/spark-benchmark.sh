#!/usr/bin/env bash
# Prints the figures of docs/spark.md "Measured scaling": single-machine training vs Spark parameter
# averaging with 1 and 2 workers in local[2]. Arguments go to SparkScalingBenchmark
# (examples epochs minibatch averaging-frequency).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl vae-spark -am test-compile
./mvnw -q -B -pl vae-spark dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/vae-spark/target/test-classpath.txt"
# This checkout's own modules, not whatever SNAPSHOT the local repository holds.
cp=$(tr ':' '\n' < vae-spark/target/test-classpath.txt | grep -v '/org/vae4j/' | paste -sd: -)
for m in vae-core vae-datasets vae-eval vae-examples; do cp="$m/target/classes:$cp"; done
cp="vae-spark/target/test-classes:vae-spark/target/classes:$cp"
opens=$(sed -n 's:.*<spark.java17.opens>\(.*\)</spark.java17.opens>.*:\1:p' pom.xml)
OMP_WAIT_POLICY=passive exec java -Xmx1g -Dorg.bytedeco.javacpp.maxphysicalbytes=2g $opens \
  -Dlogback.configurationFile=vae-spark/src/test/resources/logback-test.xml \
  -cp "$cp" org.vae4j.spark.SparkScalingBenchmark "$@"
