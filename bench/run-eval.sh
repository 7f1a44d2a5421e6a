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
# PYTHON (default /usr/bin/python3: Debian's python3-torch plus libopenblas0-openmp),
# PT_ROWS (PyTorch rows per decoder pass, default: pytorch_eval.py's).
# Results are appended to bench/results/eval-<arch>.txt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arch="${1:-mnist}"; examples="${2:-200}"; k="${3:-5000}"; rounds="${4:-3}"
mnist="${MNIST_DIR:-$HOME/.vae4j/data/mnist}"
python="${PYTHON:-/usr/bin/python3}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
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
echo "# $(date -u +%FT%TZ) arch=$arch examples=$examples k=$k rounds=$rounds OMP_WAIT_POLICY=$OMP_WAIT_POLICY OMP_NUM_THREADS=${OMP_NUM_THREADS:-unset} load=$(cut -d' ' -f1-3 /proc/loadavg) git=$(git rev-parse --short HEAD)$(git diff --quiet || echo -dirty)" | tee -a "$out"

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
keys = ("samples_per_s", "wall_s", "process_s", "peak_rss_mb", "nll", "nll_se", "neg_elbo", "mean_ess")
med = {i: {k: statistics.median(float(r[k]) for r in rows if r["impl"] == i) for k in keys} for i in ("vae4j", "pytorch")}
print("%-8s %12s %9s %10s %8s %11s %8s %11s %9s %10s" % ("impl", "samples/s", "wall s", "process s", "RSS MB",
      "NLL nats", "SE", "-ELBO", "mean ESS", "vs pytorch"))
for i in ("vae4j", "pytorch"):
    m = med[i]
    print("%-8s %12.0f %9.2f %10.1f %8.0f %11.4f %8.4f %11.4f %9.1f %10.2f" % (i, m["samples_per_s"], m["wall_s"],
          m["process_s"], m["peak_rss_mb"], m["nll"], m["nll_se"], m["neg_elbo"], m["mean_ess"],
          m["samples_per_s"] / med["pytorch"]["samples_per_s"]))
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
