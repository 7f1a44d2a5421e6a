#!/usr/bin/env bash
# Side-by-side training benchmark for engine work: vae4j engine vs DL4J's layer gradient (vs PyTorch), same
# data, model, binarization (static, pixel/255 > 0.5), batch 128, Adam 1e-3, float32, through vae-bench's
# org.vae4j.bench.engine.TrainBenchmark (not the launcher). Runs alternate (A B C A B C ...) so all see the same
# load; prints the medians.
# NOT the vae4j-vs-PyTorch protocol: that is bench/compare.sh (launcher vs PyTorch defaults, load refusal).
#
#   bench/run.sh [ARCH=mnist|iwae|latent2] [EPOCHS=2] [ROUNDS=3] [IMPLS="VAE4J DL4J pytorch"]
#
# ARCH: the network of that model of bench/models.json (mnist is the model called bench), trained the way bench
# trains (its optimiser and minibatch, all 60,000 images binarized once) on both sides.
#
# Environment: MNIST_DIR (default ~/.vae4j/data/mnist, raw IDX files), JAVA_OPTS (default: the
# launcher's), OMP_NUM_THREADS (unset = all cores), PYTHON (default /usr/bin/python3: Debian's
# python3-torch plus libopenblas0-openmp). The Java runs get the launcher's OMP_WAIT_POLICY=passive unless
# set; PyTorch gets the caller's environment as it is (this script used to
# export OMP_WAIT_POLICY=passive to PyTorch too, which slowed it down: issue 13).
# MVN_FLAGS (default -o) goes to the build. Results are appended to bench/results/<arch>.txt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arch="${1:-mnist}"; epochs="${2:-2}"; rounds="${3:-3}"; impls="${4:-VAE4J DL4J pytorch}"
model="$arch"; [ "$arch" = mnist ] && model=bench
mnist="${MNIST_DIR:-$HOME/.vae4j/data/mnist}"
python="${PYTHON:-/usr/bin/python3}"
# The launcher's settings, for the Java runs only (./vae4j sets them the same way).
java_env=(env OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}")
java_opts="${JAVA_OPTS:--Xmx1g -Dorg.bytedeco.javacpp.maxphysicalbytes=1500m -Dorg.bytedeco.javacpp.cachedir=$HOME/.javacpp/cache}"

[ -f "$mnist/train-images-idx3-ubyte" ] || { echo "No MNIST IDX files in $mnist (set MNIST_DIR)" >&2; exit 1; }
cd "$root"
# shellcheck source=bench/classpath.sh
source "$root/bench/classpath.sh"
cp="$(bench_classpath "$root")"
mkdir -p bench/results
out="bench/results/$arch.txt"
echo "# $(date -u +%FT%TZ) arch=$arch epochs=$epochs rounds=$rounds java_env='${java_env[*]:1}' python_env='OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-unset} OPENBLAS_THREAD_TIMEOUT=${OPENBLAS_THREAD_TIMEOUT:-unset}' OMP_NUM_THREADS=${OMP_NUM_THREADS:-unset} load=$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"

for round in $(seq 1 "$rounds"); do
  # Each round trains from another seed (the same for every implementation), so the spread of
  # test -ELBO over rounds shows what "the same result within seed noise" means.
  seed=$((12344 + round))
  for impl in $impls; do
    if [ "$impl" = pytorch ]; then
      line=$("$python" bench/pytorch_vae.py "$model" "$epochs" "$mnist" "$seed" | grep '^RESULT')
    else
      # shellcheck disable=SC2086
      line=$("${java_env[@]}" java $java_opts $BENCH_LOGGING -cp "$cp" org.vae4j.bench.engine.TrainBenchmark "$impl" "$model" "$epochs" "$mnist" "$seed" 2>/dev/null | grep '^RESULT')
    fi
    echo "$line round=$round" | tee -a "$out"
  done
done

# Medians per implementation over this invocation's rounds, and the ratio to PyTorch.
tail -n $((rounds * $(wc -w <<<"$impls"))) "$out" | "$python" -c '
import sys, statistics
rows = [dict(kv.split("=", 1) for kv in line.split()[1:]) for line in sys.stdin if line.startswith("RESULT")]
impls = sorted({r["impl"] for r in rows})
med = {i: {k: statistics.median(float(r[k]) for r in rows if r["impl"] == i)
           for k in ("ex_per_s", "peak_rss_mb", "test_neg_elbo", "startup_first_iter_s")} for i in impls}
elbos = {i: [float(r["test_neg_elbo"]) for r in rows if r["impl"] == i] for i in impls}
spread = {i: statistics.stdev(v) if len(v) > 1 else float("nan") for i, v in elbos.items()}
print("%-12s %10s %10s %12s %12s %10s %12s" % ("impl", "ex/s", "RSS MB", "test -ELBO", "sd (seeds)", "start s",
                                               "vs pytorch"))
for i in impls:
    m = med[i]
    ratio = m["ex_per_s"] / med["pytorch"]["ex_per_s"] if "pytorch" in med else float("nan")
    print("%-12s %10.0f %10.0f %12.2f %12.2f %10.2f %12.2f" % (i, m["ex_per_s"], m["peak_rss_mb"], m["test_neg_elbo"],
          spread[i], m["startup_first_iter_s"], ratio))
if "pytorch" in med:
    print("(vs pytorch: not load-checked and not through the launcher; bench/compare.sh is the protocol for that ratio)")
' | tee -a "$out"
