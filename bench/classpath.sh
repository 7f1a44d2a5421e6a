# Sourced by the scripts that run vae-bench's mains with java (bench/run.sh, engine-ab.sh, run-ais.sh,
# run-iteration-benchmark.sh, fidelity.sh, iwae-stages.sh, scripts/spark-benchmark.sh): builds vae-bench and the modules
# it needs from this checkout (MVN_FLAGS, default -o: offline) and prints its test class path: vae-bench's logging
# configuration and classes (the models of bench/models.json inside), this checkout's modules, the ND4J backend of the
# Maven profile (VAE4J_MAVEN_ARGS, e.g. -Pcuda), Logback, and for the Spark benchmark (in vae-bench's test sources)
# Spark and vae-spark's test fixtures: all test scope. Progress goes to stderr.
#
#   source "$root/bench/classpath.sh"; cp="$(bench_classpath "$root")"; java $BENCH_LOGGING -cp "$cp" MAIN ...
#
# BENCH_LOGGING names vae-bench's logging configuration: vae-spark's test fixtures bring a second logback-test.xml,
# and Logback would print a warning about the two on stdout, among the RESULT lines.
BENCH_LOGGING="-Dlogback.configurationFile=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/vae-bench/src/test/resources/logback-test.xml"
bench_classpath() {
  local root="$1"
  # test-compile, not package: the sibling modules resolve to their target/classes (and vae-spark's test fixtures to
  # its target/test-classes) without jars or javadoc; every module's tests are compiled, none run.
  # shellcheck disable=SC2086
  (cd "$root" && ./mvnw -q -B ${MVN_FLAGS--o} ${VAE4J_MAVEN_ARGS:-} -pl vae-bench -am test-compile \
      dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >&2) || return 1
  echo "$root/vae-bench/target/test-classes:$root/vae-bench/target/classes:$(cat "$root/vae-bench/target/bench-classpath.txt")"
}
