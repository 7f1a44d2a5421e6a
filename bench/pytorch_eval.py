#!/usr/bin/env python3
"""PyTorch side of `bench/compare.sh eval` and of `bench/compare.sh tabular`'s evaluation (vae4j side:
`./vae4j benchmark eval`): the importance-sampled log p(x) estimate of
org.vae4j.eval.estimate.ImportanceSampledLikelihood, on the same weights and the same examples as
vae-bench's org.vae4j.bench.speed.EvalSpeed (binarized MNIST test images, or a CSV's scaled test rows), so the two can be
timed side by side. Runs with PyTorch's defaults (no torch.set_num_threads).

    /usr/bin/python3 bench/pytorch_eval.py WORK_DIR MNIST_DIR|- EXAMPLES K [ROWS_PER_PASS]

WORK_DIR holds model.json and params/<DL4J key>.npy written by `./vae4j benchmark export --model M`
(org.vae4j.bench.speed.EvalExport), W is [nIn, nOut], so a layer is
x @ W + b. The tabular model's examples are the first EXAMPLES rows of WORK_DIR/test-rows.npy, the test rows vae4j
evaluates, as it split and scaled them (MNIST_DIR is not read then: pass -); its decoder is vae4j's learned-scale
Gaussian (pytorch_vae.gaussian_nll, with model.json's minScale). For each example, k draws z ~ q(z|x) give
log-weights log p(x|z) + log p(z) - log q(z|x); log p(x) ~ logsumexp - log k. The decoder runs on many examples x
samples per GEMM (ROWS_PER_PASS rows, default 1250 x 784 / the decoder's output width: 1250 for MNIST, the same
floats per pass for narrower tables: all k samples of as many examples as fit, else chunks of one example's
samples), in float32; the k log-weights of an example are kept in float64 and reduced there. Like the Java side it also reports the ELBO (analytic KL), the effective sample
size and the IWAE-k bounds for k in {1, 5, 50, 500, 5000} that fit. Prints one RESULT line (data_ones:
the one-pixels of the images, or the values > 0 of the tabular rows, as vae4j counts them); writes per-example
estimates to WORK_DIR/loglik-pytorch.txt. Refuses to run on reference BLAS."""
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

import bench_common  # the IDX reader and its binarization, shared with the other scripts
from pytorch_train import peak_rss_mb, seconds_since_process_start, thread_environment
from pytorch_vae import check_fast_blas, gaussian_nll

ACTIVATIONS = {"relu": torch.relu, "tanh": torch.tanh, "identity": lambda h: h}
IWAE_SAMPLE_COUNTS = (1, 5, 50, 500, 5000)
SEED = 1
TEST_ROWS_FILE = "test-rows.npy"
LIKELIHOODS = {"LogitBernoulliReconstructionDistribution": "bernoulli",
               "LearnedScaleGaussianReconstructionDistribution": "gaussian"}


class Vae:
    """The DL4J VariationalAutoencoder layer's forward passes (org.vae4j.core.model.VaeForward)."""

    def __init__(self, work):
        with open(os.path.join(work, "model.json")) as f:
            self.meta = json.load(f)
        self.likelihood = LIKELIHOODS.get(self.meta["reconstructionDistribution"])
        if self.likelihood is None:
            sys.exit("pytorch_eval.py: only the logit-Bernoulli and learned-scale Gaussian decoders are implemented, "
                     "got " + self.meta["reconstructionDistribution"])
        self.min_scale = self.meta.get("minScale")
        self.p = {}
        for key in self.meta["keys"]:
            array = np.load(os.path.join(work, "params", key + ".npy"))
            # Biases are stored [1, nOut]; addmm broadcasts a vector.
            self.p[key] = torch.from_numpy(array.reshape(-1) if key.endswith("b") else array).contiguous()
        self.act = ACTIVATIONS[self.meta["hiddenActivation"]]
        self.latent = self.meta["latentSize"]

    def encode(self, x):
        h = x
        for i in range(len(self.meta["encoderLayerSizes"])):
            h = self.act(torch.addmm(self.p[f"e{i}b"], h, self.p[f"e{i}W"]))
        mean = torch.addmm(self.p["pZXMeanb"], h, self.p["pZXMeanW"])
        log_var = torch.addmm(self.p["pZXLogStd2b"], h, self.p["pZXLogStd2W"])
        return mean, log_var

    def decode(self, z):
        """The decoder's output: Bernoulli logits, or the Gaussian's [all means | all scale pre-activations]."""
        h = z
        for i in range(len(self.meta["decoderLayerSizes"])):
            h = self.act(torch.addmm(self.p[f"d{i}b"], h, self.p[f"d{i}W"]))
        return torch.addmm(self.p["pXZb"], h, self.p["pXZW"])

    def nll(self, out, x):
        """-log p(x|z) summed over the columns (the last axis)."""
        if self.likelihood == "gaussian":
            return gaussian_nll(out, x, self.min_scale)
        return F.binary_cross_entropy_with_logits(out, x, reduction="none").sum(-1)

    def output_width(self):
        return self.p["pXZW"].shape[1]


def evaluate(vae, x, k, rows_per_pass, generator):
    """Per-example log p(x), ELBO, ESS and IWAE bounds (float64 tensors) of the rows of x."""
    n, width = x.shape
    block = max(1, rows_per_pass // k)
    chunk = min(k, rows_per_pass)
    counts = [c for c in IWAE_SAMPLE_COUNTS if c <= k] + ([k] if k not in IWAE_SAMPLE_COUNTS else [])
    log_px, elbo, ess = (torch.empty(n, dtype=torch.float64) for _ in range(3))
    iwae = torch.empty(len(counts), n, dtype=torch.float64)
    for first in range(0, n, block):
        xb = x[first:first + block]
        b = xb.shape[0]
        mean, log_var = vae.encode(xb)
        std = torch.exp(0.5 * log_var)
        kl = 0.5 * (mean * mean + log_var.exp() - log_var - 1).sum(-1).double()
        log_w = torch.empty(b, k, dtype=torch.float64)
        log_lik = torch.empty(b, k, dtype=torch.float64)
        for done in range(0, k, chunk):
            s = min(chunk, k - done)
            eps = torch.randn(b, s, vae.latent, generator=generator)
            z = mean[:, None, :] + std[:, None, :] * eps
            # log p(z) - log q(z|x) for a diagonal Gaussian q: the 0.5 log(2 pi) terms cancel.
            log_ratio = 0.5 * (eps * eps - z * z + log_var[:, None, :]).sum(-1)
            out = vae.decode(z.view(b * s, vae.latent)).view(b, s, -1)
            nll = vae.nll(out, xb[:, None, :].expand(b, s, width))
            log_lik[:, done:done + s] = -nll
            log_w[:, done:done + s] = log_ratio - nll
        lse = torch.logsumexp(log_w, 1)
        log_px[first:first + b] = lse - math.log(k)
        elbo[first:first + b] = log_lik.mean(1) - kl
        ess[first:first + b] = torch.exp(2 * lse - torch.logsumexp(2 * log_w, 1))
        for j, c in enumerate(counts):
            groups = log_w[:, :k // c * c].view(b, k // c, c)
            iwae[j, first:first + b] = (torch.logsumexp(groups, 2) - math.log(c)).mean(1)
    return log_px, elbo, ess, iwae


def main():
    if len(sys.argv) not in (5, 6):
        sys.exit(__doc__)
    work, mnist, examples, k = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    check_fast_blas()
    # PyTorch's defaults: no torch.set_num_threads (OMP_NUM_THREADS, when set, is read by torch itself).
    vae = Vae(work)
    rows = int(sys.argv[5]) if len(sys.argv) > 5 else max(1, 1250 * 784 // vae.output_width())
    if vae.meta["arch"] == "tabular":
        x = torch.from_numpy(np.load(os.path.join(work, TEST_ROWS_FILE))[:examples].astype(np.float32)).contiguous()
        if x.shape[0] < examples:
            sys.exit(f"pytorch_eval.py: {work}/{TEST_ROWS_FILE} has {x.shape[0]} test rows, not {examples}")
    else:
        pixels = bench_common.idx_images(os.path.join(mnist, "t10k-images-idx3-ubyte"))[:examples]
        x = torch.from_numpy(bench_common.thresholded(pixels)).contiguous()
    with torch.inference_mode():
        evaluate(vae, x[:2], min(k, 1000), rows, torch.Generator().manual_seed(SEED + 1))   # warm-up
        startup = seconds_since_process_start()
        cpu_start = time.process_time()
        start = time.perf_counter()
        log_px, elbo, ess, _ = evaluate(vae, x, k, rows, torch.Generator().manual_seed(SEED))
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu_start
    with open(os.path.join(work, "loglik-pytorch.txt"), "w") as f:
        f.writelines(f"{v:.17g}\n" for v in log_px.tolist())
    n = x.shape[0]
    nll_se = log_px.std().item() / math.sqrt(n) if n > 1 else float("nan")
    # model.json files written before `benchmark export` exported MNIST models (by EvalModelExport) call bench "mnist".
    model = {"mnist": "bench"}.get(vae.meta["arch"], vae.meta["arch"])
    print(f"RESULT impl=pytorch model={model} examples={n} k={k} samples_per_s={n * k / seconds:.0f} "
          f"wall_s={seconds:.2f} cpu_s={cpu_seconds:.2f} startup_first_pass_s={startup:.2f} "
          f"process_s={seconds_since_process_start():.1f} peak_rss_mb={peak_rss_mb():.0f} nll={-log_px.mean().item():.4f} "
          f"nll_se={nll_se:.4f} neg_elbo={-elbo.mean().item():.4f} mean_ess={ess.mean().item():.1f} "
          f"data_ones={int((x > 0).sum().item())} rows_per_pass={max(1, rows // k) * min(k, rows)} "
          f"threads={torch.get_num_threads()} {thread_environment()}", flush=True)


if __name__ == "__main__":
    main()
