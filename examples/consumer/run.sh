#!/usr/bin/env bash
# Builds this consumer project against the vae4j artifacts in the local Maven repository and runs
# its Main (the README's library snippet) in a fresh temporary folder, as a user's project would.
#
#   (cd ../.. && ./mvnw -B -q install -DskipTests)   # once: install vae4j's artifacts
#   examples/consumer/run.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# The wrapper's Maven; -f points it at this project, which is not a module of vae4j's build.
"$root/mvnw" -B -q -f "$here/pom.xml" package dependency:build-classpath \
  -Dmdep.outputFile="$here/target/classpath.txt"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}" java -Xmx1g -Dorg.bytedeco.javacpp.maxphysicalbytes=2g \
  -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" org.vae4j.consumer.Main
