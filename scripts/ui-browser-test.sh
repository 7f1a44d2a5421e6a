#!/usr/bin/env bash
# DL4J's training UI in a real browser, during a real run: trains kingma-welling-mnist with --ui
# through the launcher (a -Pui build, as docs/dl4j.md shows it), then checks the live UI with plain
# HTTP/1.1 requests and headless Chromium (scripts/UiBrowserCheck.java says what it checks), writes
# screenshots of the overview, model and system tabs, and stops the run as Ctrl-C would.
# CI runs it in the -Pui step of .ci/run.
#
#   scripts/ui-browser-test.sh [OUT_DIR]   screenshots, logs and the run folder go to OUT_DIR
#                                          (default: a new temporary directory)
#
# UI_TEST_POINTS=N (default 3): score points the overview must show before the checks go on;
# docs/dl4j-training-ui.png was taken with 60.
#
# Needs MNIST in the data directory (scripts/fetch-data.sh mnist). Chromium is Debian's chromium
# package: installed here with apt-get (as root, or through sudo) when /usr/bin/chromium is missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$(mktemp -d -t vae4j-ui-browser.XXXXXX)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
started=$SECONDS
export CHROMIUM=/usr/bin/chromium

if [ ! -x "$CHROMIUM" ]; then
  echo "ui-browser-test: installing Debian's chromium (apt-get) ..." >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  # fonts-liberation is only recommended by chromium, but without it the pages render in fallback fonts.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
fi
# (stderr: Debian's wrapper script can print a harmless shell error from its /dev/shm check; the
# browser is started with --disable-dev-shm-usage anyway.)
"$CHROMIUM" --version 2>/dev/null

# 40 epochs: far longer than the checks take; the run is stopped once they are done.
# Port 0: a free port, so the test never collides with a UI already running on 9000.
VAE4J_MAVEN_ARGS=-Pui "$root/vae4j" train --recipe kingma-welling-mnist --epochs 40 --ui --ui-port 0 \
  --runs-dir "$out/runs" --no-progress > "$out/train.log" 2>&1 &
run=$!   # the launcher execs java: this is the JVM

stop_run() {
  if kill -0 "$run" 2>/dev/null; then
    # SIGTERM runs the JVM's shutdown hook, as Ctrl-C does: stop after the minibatch, checkpoint, exit.
    kill -TERM "$run" 2>/dev/null || true
    for _ in $(seq 1 120); do kill -0 "$run" 2>/dev/null || break; sleep 1; done
    kill -KILL "$run" 2>/dev/null || true
  fi
  wait "$run" 2>/dev/null || true
}
trap stop_run EXIT

# The launcher builds first when the last build was not a -Pui one (minutes); then the UI starts.
url=""
until [ -n "$url" ]; do
  url="$(grep -o -m1 'http://127\.0\.0\.1:[0-9]*/train/[^ ]*/overview' "$out/train.log" || true)"
  if [ -z "$url" ]; then
    if ! kill -0 "$run" 2>/dev/null; then
      echo "ui-browser-test: the run ended before its UI started; its output ($out/train.log) ends:" >&2
      tail -n 20 "$out/train.log" >&2
      exit 1
    fi
    if [ $((SECONDS - started)) -gt 1200 ]; then
      echo "ui-browser-test: no UI address after 20 minutes; see $out/train.log" >&2
      exit 1
    fi
    sleep 1
  fi
done
ui_up=$SECONDS
echo "ui-browser-test: $url ($((ui_up - started)) s to build and start)"

java -Dpoints="${UI_TEST_POINTS:-3}" -cp "$root/vae-examples/target/lib/*" "$root/scripts/UiBrowserCheck.java" \
  "$url" "$out"
checked=$SECONDS

if grep -q 'Unhandled exception' "$out/train.log"; then
  echo "ui-browser-test: the run logged an unhandled exception; see $out/train.log" >&2
  exit 1
fi
stop_run
trap - EXIT
echo "ui-browser-test: passed; checks $((checked - ui_up)) s, all $((SECONDS - started)) s; output in $out"
