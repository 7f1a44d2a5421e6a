#!/usr/bin/env bash
# Retired: the evaluation comparison is now `bench/compare.sh eval` (issue 13). This script used to export
# OMP_WAIT_POLICY=passive and OPENBLAS_THREAD_TIMEOUT=4, vae4j's tuning, to PyTorch as well, and printed a ratio
# whatever the machine's load. It now runs compare.sh eval with the same arguments:
#
#   bench/run-eval.sh [ARCH=mnist|iwae] [EXAMPLES=200] [K=5000] [ROUNDS=3]
#     = bench/compare.sh eval ROUNDS EVAL_MODEL=bench|iwae EXAMPLES=... K=...   (mnist is compare.sh's bench)
#
# EPOCHS (the model's training epochs when there is none yet) becomes compare.sh's MODEL_EPOCHS. Results go to
# bench/results/compare-eval.txt; the model to bench/work/eval-bench (was eval-mnist: copy it there to reuse it).
set -euo pipefail
arch="${1:-mnist}"; [ "$arch" = mnist ] && arch=bench
echo "run-eval.sh: retired, running bench/compare.sh eval (see bench/README.md)" >&2
exec "$(dirname "${BASH_SOURCE[0]}")/compare.sh" eval "${4:-3}" EVAL_MODEL="$arch" EXAMPLES="${2:-200}" K="${3:-5000}" \
  ${EPOCHS:+MODEL_EPOCHS="$EPOCHS"}
