#!/usr/bin/env bash
# Side-by-side evaluation benchmark: vae4j's ImportanceSampledLikelihood vs the same estimate in
# PyTorch, on the same weights (exported from one vae4j model) and the same binarized MNIST test
# images. Runs alternate (A B A B ...) so both see the same machine load; prints the medians.
#
#   bench/run-eval.sh [ARCH=mnist|iwae] [EXAMPLES=200] [K=5000] [ROUNDS=3]
#
# The model is bench/work/eval-<arch>/model.zip; when missing it is trained first (EPOCHS, default 5,
# on the 60k training images, about a minute per epoch here) and kept for later runs.
# Environment: MNIST_DIR (default ~/.vae4j/data/mnist, raw IDX files), EPOCHS, JAVA_OPTS (default:
# bench/run.sh's), OMP_WAIT_POLICY (default passive), OMP_NUM_THREADS (unset = all cores),
# OPENBLAS_THREAD_TIMEOUT (default 4; empty = OpenBLAS's own 28), PYTHON (default /usr/bin/python3:
# Debian's python3-torch plus libopenblas0-openmp), PT_ROWS (PyTorch rows per decoder pass, default:
# pytorch_eval.py's).
#
# OPENBLAS_THREAD_TIMEOUT: ND4J's OpenBLAS is the pthreads build, whose idle worker threads spin on
# sched_yield for 2^28 cycles (~0.1 s) after every call before they sleep. Between two decoder
# GEMMs the evaluation runs ND4J's exp and Java for milliseconds, so on 2 cores a spinning worker
# takes a core from them: perf showed ~20% of the process's CPU time in sched_yield, and
# 2^4 cycles cut the CPU seconds of the same run by a third. It is read when OpenBLAS loads, hence an
# environment variable (the same kind of setting as OMP_WAIT_POLICY=passive for ND4J's libgomp).
# PyTorch's OpenBLAS is the OpenMP build and ignores it.
# Results are appended to bench/results/eval-<arch>.txt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arch="${1:-mnist}"; examples="${2:-200}"; k="${3:-5000}"; rounds="${4:-3}"
mnist="${MNIST_DIR:-$HOME/.vae4j/data/mnist}"
python="${PYTHON:-/usr/bin/python3}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
export OPENBLAS_THREAD_TIMEOUT="${OPENBLAS_THREAD_TIMEOUT-4}"
java_opts="${JAVA_OPTS:--Xmx1g -Dorg.bytedeco.javacpp.maxphysicalbytes=1500m -Dorg.bytedeco.javacpp.cachedir=$HOME/.javacpp/cache}"
work="$root/bench/work/eval-$arch"

[ -f "$mnist/t10k-images-idx3-ubyte" ] || { echo "No MNIST IDX files in $mnist (set MNIST_DIR)" >&2; exit 1; }
cd "$root"
# -am: vae-core and vae-datasets come from this checkout's target/classes, not from ~/.m2.
./mvnw -q -B -pl vae-eval -am test-compile dependency:build-classpath -Dmdep.outputFile=target/eval-classpath.txt >&2
cp="$root/vae-eval/target/classes:$root/vae-eval/target/test-classes:$(cat vae-eval/target/eval-classpath.txt)"
# shellcheck disable=SC2086
java $java_opts -cp "$cp" org.vae4j.eval.bench.EvalModelExport "$arch" "$mnist" "$work" "${EPOCHS:-5}" 2>/dev/null >&2

mkdir -p bench/results
out="bench/results/eval-$arch.txt"
echo "# $(date -u +%FT%TZ) arch=$arch examples=$examples k=$k rounds=$rounds OMP_WAIT_POLICY=$OMP_WAIT_POLICY OMP_NUM_THREADS=${OMP_NUM_THREADS:-unset} OPENBLAS_THREAD_TIMEOUT=${OPENBLAS_THREAD_TIMEOUT:-unset} load=$(cut -d' ' -f1-3 /proc/loadavg) git=$(git rev-parse --short HEAD)$(git diff --quiet || echo -dirty)" | tee -a "$out"

for round in $(seq 1 "$rounds"); do
  for impl in vae4j pytorch; do
    if [ "$impl" = pytorch ]; then
      line=$("$python" bench/pytorch_eval.py "$work" "$mnist" "$examples" "$k" ${PT_ROWS:+"$PT_ROWS"} | grep '^RESULT')
    else
      # shellcheck disable=SC2086
      line=$(java $java_opts -cp "$cp" org.vae4j.eval.bench.EvalBenchmark "$arch" "$work" "$mnist" "$examples" "$k" 2>/dev/null | grep '^RESULT')
    fi
    echo "$line round=$round" | tee -a "$out"
  done
done

# Medians over this invocation's rounds, the ratio vae4j / PyTorch, and the NLL agreement: the
# difference of the two means against its standard error from the per-example (paired) differences
# of the last round, which removes the spread between examples and leaves Monte Carlo error only.
tail -n $((rounds * 2)) "$out" | "$python" -c '
import sys, statistics, math
work = sys.argv[1]
rows = [dict(kv.split("=", 1) for kv in line.split()[1:]) for line in sys.stdin if line.startswith("RESULT")]
keys = ("samples_per_s", "wall_s", "cpu_s", "process_s", "peak_rss_mb", "nll", "nll_se", "neg_elbo", "mean_ess")
med = {i: {k: statistics.median(float(r[k]) for r in rows if r["impl"] == i) for k in keys} for i in ("vae4j", "pytorch")}
# "vs pytorch": samples/s ratio (wall); "cpu vs": the same from CPU seconds, which a shared machine disturbs less.
print("%-8s %10s %8s %8s %9s %7s %10s %7s %10s %8s %10s %7s" % ("impl", "samples/s", "wall s", "cpu s",
      "process s", "RSS MB", "NLL nats", "SE", "-ELBO", "mean ESS", "vs pytorch", "cpu vs"))
for i in ("vae4j", "pytorch"):
    m = med[i]
    print("%-8s %10.0f %8.2f %8.2f %9.1f %7.0f %10.4f %7.4f %10.4f %8.1f %10.2f %7.2f" % (i, m["samples_per_s"],
          m["wall_s"], m["cpu_s"], m["process_s"], m["peak_rss_mb"], m["nll"], m["nll_se"], m["neg_elbo"],
          m["mean_ess"], m["samples_per_s"] / med["pytorch"]["samples_per_s"], med["pytorch"]["cpu_s"] / m["cpu_s"]))
ones = {r["data_ones"] for r in rows}
print("data: %s" % ("identical (%s one-pixels)" % ones.pop() if len(ones) == 1 else "DIFFERENT one-pixel counts %s" % ones))
a = [float(v) for v in open(work + "/loglik-vae4j.txt")]
b = [float(v) for v in open(work + "/loglik-pytorch.txt")]
d = [x - y for x, y in zip(a, b)]
if len(d) > 1:
    se = statistics.stdev(d) / math.sqrt(len(d))
    print("NLL vae4j - pytorch = %.4f nats, paired Monte Carlo SE %.4f (%.1f SE)" % (-statistics.mean(d), se,
          abs(statistics.mean(d)) / se if se > 0 else float("nan")))
' "$work" | tee -a "$out"
