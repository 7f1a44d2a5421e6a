#!/usr/bin/env bash
# GPU check: trains the smoke recipe with the same seed on the CUDA backend and on the CPU backend
# and compares the two results. Run it on a machine with an NVIDIA GPU and its driver (it cannot
# pass on a machine without one); it needs what ./vae4j needs, plus tar (and git, if present).
#
#   scripts/gpu-check.sh            (environment: VAE4J_GPU_CHECK_DIR, default runs/gpu-check)
#
# 1. Prints the GPU, driver and compute capability (nvidia-smi), or says there is none.
# 2. Fetches MNIST (scripts/fetch-data.sh mnist).
# 3. CPU: ./vae4j train --recipe smoke --seed 7 in this tree, with VAE4J_MAVEN_ARGS empty, so the
#    launcher (re)builds this tree's CPU application if needed (a build with other flags, -Pui
#    say, is rebuilt as the plain CPU one).
# 4. CUDA: copies the work tree (tracked and untracked, not ignored files) to
#    $VAE4J_GPU_CHECK_DIR/tree and runs the same command there with
#    VAE4J_MAVEN_ARGS="-Pcuda,cuda-redist": the CUDA build has its own target/ folders and never
#    replaces the CPU one. The first CUDA build downloads about 2.3 GB (nd4j-cuda-11.6's natives,
#    CUDA 11.6 + cuDNN 8.3 from Maven), copies it to target/lib, and the first run unpacks it
#    into ~/.javacpp/cache: allow several GB of disk.
# 5. Prints each run's backend line and "vae4j path" lines from its train.log, and the
#    Validation -ELBO, Test -log p(x) and test -ELBO of both runs side by side, with CUDA - CPU.
#
# The builds and runs are sequential (one Maven at a time on ~/.m2). Exits non-zero with a one-line
# message when a build or run fails, after printing what the failure said. DL4J 1.0.0-M2.1's CUDA
# binaries carry kernels for sm_37..sm_86 only: on Hopper (sm_90, H100/H200) and newer the CUDA run
# fails with "no kernel image is available for execution on the device".
# Outputs: $VAE4J_GPU_CHECK_DIR/<timestamp>-<pid>/ (cpu.out, cuda.out, cpu/ and cuda/ run folders).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Under runs/: ignored by git and skipped by the launcher's "sources changed" check.
base="${VAE4J_GPU_CHECK_DIR:-$root/runs/gpu-check}"
tree="$base/tree"
out="$base/$(date +%Y%m%d-%H%M%S)-$$"
mkdir -p "$out" "$tree"
train_args=(train --recipe smoke --seed 7)
cuda_flags="-Pcuda,cuda-redist"

say() { printf 'gpu-check: %s\n' "$*"; }
fail() { printf 'gpu-check: FAILED: %s\n' "$*" >&2; exit 1; }

# What a failed step said: the end of its output and the error lines of its train.log.
show_failure() { # output-file
  echo "---- last 25 lines of $1 ----"
  tr '\r' '\n' < "$1" | grep -v '^[[:space:]]*$' | tail -n 25 || true
  local log
  log="$(run_folder "$1")/train.log"
  if [ -f "$log" ]; then
    echo "---- error lines of $log ----"
    grep -iE 'error|exception|fail|kernel image' "$log" | head -n 20 || true
  fi
  echo "----"
}

# The run folder a train output names ("Run folder: DIR"), or nothing.
run_folder() {
  sed -n 's/^Run folder: //p' "$1" | tail -n 1
}

echo "== Device"
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,compute_cap --format=csv || say "nvidia-smi failed"
else
  say "no nvidia-smi on PATH: no NVIDIA GPU/driver found (the CUDA run will fail)"
fi

echo "== Data"
"$root/scripts/fetch-data.sh" mnist

echo "== CPU: build (if needed) and train in $root"
say "output: $out/cpu.out"
if ! (cd "$root" && VAE4J_MAVEN_ARGS="" ./vae4j "${train_args[@]}" --runs-dir "$out/cpu") \
    > "$out/cpu.out" 2>&1; then
  show_failure "$out/cpu.out"
  fail "the CPU run failed (see $out/cpu.out)"
fi

echo "== CUDA: copy the work tree to $tree"
# Sources only, with their times (the launcher rebuilds when a source is newer than its jar);
# target/ folders stay, so an unchanged tree is not rebuilt.
find "$tree" -mindepth 1 \( -name target -prune \) -o \( -type f -print0 \) | xargs -0 -r rm -f
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$root" && git ls-files -z -c -o --exclude-standard \
     | while IFS= read -r -d '' f; do [ -f "$f" ] && printf '%s\0' "$f"; done \
     | tar -c --null -T - -f -) | tar -x -f - -C "$tree"
else
  (cd "$root" && tar -c -f - --exclude=./.git --exclude=target --exclude=./runs --exclude=./data .) \
    | tar -x -f - -C "$tree"
fi

echo "== CUDA: build (if needed, $cuda_flags) and train in $tree"
say "output: $out/cuda.out"
# JavaCPP's physical-memory cap (1500m in the launcher's defaults) counts the CUDA and cuDNN
# libraries mapped into the process; 0 lifts it. VAE4J_JAVA_OPTS, when set, is used as it is.
cuda_java_opts="${VAE4J_JAVA_OPTS:--Xmx1g -Djava.awt.headless=true -Dorg.bytedeco.javacpp.maxphysicalbytes=0 -Dorg.bytedeco.javacpp.cachedir=$HOME/.javacpp/cache}"
cuda_rc=0
(cd "$tree" && VAE4J_MAVEN_ARGS="$cuda_flags" VAE4J_JAVA_OPTS="$cuda_java_opts" \
   ./vae4j "${train_args[@]}" --runs-dir "$out/cuda") > "$out/cuda.out" 2>&1 || cuda_rc=$?

echo "== Compute paths (\"vae4j path\" lines of train.log)"
for b in cpu cuda; do
  dir="$(run_folder "$out/$b.out")"
  if [ -z "$dir" ] || [ ! -f "$dir/train.log" ]; then
    say "$b: no run folder with a train.log"
    continue
  fi
  say "$b: $dir"
  grep -m 1 -E 'ND4J [A-Za-z]+Backend' "$dir/train.log" | sed "s/^/  $b backend: /" || true
  if grep -q 'vae4j path' "$dir/train.log"; then
    grep 'vae4j path' "$dir/train.log" | sed 's/^.*vae4j path/vae4j path/' | sort | uniq -c | sed "s/^/  $b: /"
  else
    say "$b: no \"vae4j path\" lines were logged"
  fi
done

echo "== Results (seed 7): CPU | CUDA"
for b in cpu cuda; do
  grep -E '^(Validation -ELBO|Test -log p\(x\))' "$out/$b.out" | sed "s/^/  $b: /" || say "$b: no result lines"
done
# Value of a result line: "Validation -ELBO X ...", "Test -log p(x) X +- SE ...; -ELBO Y."
value() { # file metric
  case "$2" in
    val) sed -n 's/^Validation -ELBO \([-0-9.eE+]*\) .*/\1/p' "$1" | tail -n 1 ;;
    nll) sed -n 's/^Test -log p(x) \([-0-9.eE+]*\) .*/\1/p' "$1" | tail -n 1 ;;
    elbo) sed -n 's/^Test -log p(x) .*; -ELBO \([-0-9.eE+]*\)\.$/\1/p' "$1" | tail -n 1 ;;
  esac
}
printf '\n  %-18s %14s %14s %14s\n' metric CPU CUDA CUDA-CPU
for m in val nll elbo; do
  case "$m" in val) name="Validation -ELBO" ;; nll) name="Test -log p(x)" ;; elbo) name="Test -ELBO" ;; esac
  c="$(value "$out/cpu.out" "$m")"
  g="$(value "$out/cuda.out" "$m")"
  if [ -n "$c" ] && [ -n "$g" ]; then
    awk -v n="$name" -v c="$c" -v g="$g" 'BEGIN { printf "  %-18s %14.3f %14.3f %+14.3f\n", n, c, g, g - c }'
  else
    printf '  %-18s %14s %14s %14s\n' "$name" "${c:-missing}" "${g:-missing}" "-"
  fi
done

if [ "$cuda_rc" -ne 0 ]; then
  show_failure "$out/cuda.out"
  fail "the CUDA run failed with exit status $cuda_rc (see $out/cuda.out)"
fi
say "done; outputs in $out"
