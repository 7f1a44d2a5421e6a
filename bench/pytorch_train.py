#!/usr/bin/env python3
"""PyTorch side of bench/compare.sh's training rows: the twin of `./vae4j benchmark train --model M`,
written the way PyTorch users write it and run with PyTorch's defaults.

    /usr/bin/python3 bench/pytorch_train.py --model bench|kingma-welling|iwae [--epochs 1] [--seed 12345]
        [--limit N] [--mnist DIR]
    /usr/bin/python3 bench/pytorch_train.py --model tabular --data FILE.csv [--epochs 1] [--seed 12345] [--limit N]

Models: those of bench/models.json, which vae4j reads too (`./vae4j benchmark train --model M`), built here by
bench_common.py and pytorch_vae.Vae; bench/describe_models.py prints what they build, and vae4j's BenchmarkModelTest
checks it against vae4j's networks of the same file. As compare.sh runs them:
  bench           784-400-20 ReLU, torch.optim.Adam(lr=1e-3), batch 128, all 60,000 training images binarized once
                  (pixel / 255 > 0.5)
  kingma-welling  the kingma-welling-mnist recipe: 784-500-20 tanh, torch.optim.Adagrad(lr=0.02) with
                  weight_decay = 1/60,000 on the weights only (a parameter group; DL4J's L2 adds l2 * w to the
                  gradient of weights, not biases, which is what Adagrad's weight_decay does), batch 100
  iwae            the iwae-vae-mnist recipe: 784-200-200-50 tanh, torch.optim.Adam(lr=1e-3) with Burda et al.'s
                  schedule by epoch as a LambdaLR (the file's learningRateByEpoch), batch 20
  tabular         `./vae4j train --data FILE.csv --likelihood gaussian`'s default model (vae4j's CsvDataRecipe):
                  every CSV column a feature; F columns -> one tanh hidden layer and a latent size by the file's
                  sizedFromColumns rule (F = 20: 20-40-5); vae4j's learned-scale Gaussian p(x|z) (the decoder outputs
                  all F means, then all F scale pre-activations r; sigma = softplus(r) + 1e-3;
                  pytorch_vae.gaussian_nll); torch.optim.Adam(lr=5e-3), batch 64. Data as CsvDataRecipe makes it: a
                  seeded permutation holds out round(0.1 n) test rows, then round(0.1 / 0.9 x the rest) validation
                  rows (the file's fractions; not the same permutation), each part in file order; columns
                  standardized with the training rows' mean and population standard deviation (1 where it is 0); the
                  test -ELBO is on the scaled test rows. The CSV is read with numpy.loadtxt (float32).
All: the decoder mirrors the encoder, one z per example, analytic KL (MNIST: Bernoulli decoder on logits), loss =
minibatch mean of -ELBO, float32, torch.nn.Linear layers with Xavier-normal weights (DL4J's WeightInit.XAVIER,
N(0, 2 / (fan_in + fan_out))) and zero biases, a new permutation per epoch with the last partial minibatch kept.
The recipes hold their validationHeldOut training images out as vae4j does (a fixed random 400 here: the speed does
not depend on which) and use dynamic binarization: every minibatch is drawn afresh as
torch.bernoulli(pixel / 255) from the uint8 images, so each epoch sees new binary images (vae4j draws per epoch
and example, also per minibatch). --limit N keeps the first N training examples (smoke tests).

PyTorch's defaults: no torch.set_num_threads, and the environment as given (bench/compare.sh removes
OMP_WAIT_POLICY, OMP_NUM_THREADS and OPENBLAS_THREAD_TIMEOUT for the default run); the RESULT line reports the
thread count and those variables. bench/vae_twin.py is the fidelity twin (DL4J's exact update rules, one thread
by default) and is not for timing.

Prints one RESULT line with the keys of `vae4j benchmark train`: ex_per_s counts the training examples after the
first minibatch over the wall time after the first iteration; startup_first_iter_s is process start (interpreter,
`import torch`, data loading) to the end of the first iteration, from /proc like the Java side;
startup_init_first_iter_s is model creation + first iteration (torch initialises at import, which the former
includes); peak_rss_mb is VmHWM at the end of training, peak_rss_after_test_mb after the test -ELBO (10,000 test
images binarized as bench, or the tabular test rows, 10 draws of z per example). Refuses to run on reference BLAS (bench/pytorch_vae.py)."""
import argparse
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_common  # noqa: E402  (the models of bench/models.json, the IDX reader, the optimiser)
from pytorch_vae import ACTIVATIONS, Vae, check_fast_blas  # noqa: E402  (one model for both scripts)

MODELS = bench_common.MODELS
TEST_ELBO_SAMPLES = 10
THREAD_VARIABLES = ("OMP_WAIT_POLICY", "OPENBLAS_THREAD_TIMEOUT", "OMP_NUM_THREADS")


def java_round(value):
    """Math.round: half up (Python's round() rounds half to even)."""
    return int(math.floor(value + 0.5))


def tabular_split(n, seed, validation_fraction=0.1, test_fraction=0.1):
    """(train, validation, test) row indices as CsvDataRecipe sizes them: round(0.1 n) test rows, then round(0.1 / 0.9
    of the rest) validation rows (with the tabular model's fractions, 0.1 and 0.1), drawn by a seeded permutation;
    each part sorted (file order).

    >>> [len(part) for part in tabular_split(5000, 1)]
    [4000, 500, 500]
    >>> [len(part) for part in tabular_split(1_000_000, 1)]
    [800000, 100000, 100000]
    >>> sorted(np.concatenate(tabular_split(25, 3)).tolist()) == list(range(25))
    True
    """
    test = java_round(n * test_fraction)
    validation = java_round((n - test) * (validation_fraction / (1 - test_fraction)))
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed)).numpy()
    parts = order[test + validation:], order[test:test + validation], order[:test]
    return tuple(np.sort(part) for part in parts)


def standardizer(train):
    """Mean and population standard deviation of each column of the training rows (float64; 1 where it is 0),
    as vae4j's FeatureScaler STANDARDIZE fits them.

    >>> mean, std = standardizer(np.array([[1.0, 5.0], [3.0, 5.0]], dtype=np.float32))
    >>> mean.tolist(), std.tolist()
    ([2.0, 5.0], [1.0, 1.0])
    """
    mean = train.mean(axis=0, dtype=np.float64)
    std = train.std(axis=0, dtype=np.float64)
    return mean, np.where(std > 0, std, 1.0)


def tabular_data(path, seed, limit, training=None):
    """(scaled training rows, scaled test rows) of a CSV file as float32 tensors, split (with the fractions of
    `training`, default the tabular model's) and standardized as CsvDataRecipe does; the training rows cut to the
    first `limit` (None = all)."""
    training = training or MODELS["tabular"]["training"]
    values = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32, ndmin=2)
    train_rows, _, test_rows = tabular_split(values.shape[0], seed, training["validationFraction"],
                                             training["testFraction"])
    mean, std = standardizer(values[train_rows])
    scale = lambda rows: torch.from_numpy(((values[rows] - mean) / std).astype(np.float32))  # noqa: E731
    train = scale(train_rows[:limit] if limit else train_rows)
    return train, scale(test_rows)


def seconds_since_process_start():
    """Seconds since this process started, from /proc as the Java side reads it (10 ms resolution)."""
    with open("/proc/self/stat") as f:
        start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


def peak_rss_mb():
    """VmHWM of this process in MB, as the Java side reads it."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024.0


def thread_environment():
    return " ".join(f"{name.lower()}={os.environ.get(name) or 'unset'}" for name in THREAD_VARIABLES)


def main():
    default_mnist = os.path.join(os.environ.get("VAE4J_DATA") or os.path.expanduser("~/.vae4j/data"), "mnist")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, choices=list(MODELS))
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=12345)
    parser.add_argument("--limit", type=int, help="first N training examples only (N >= 1)")
    parser.add_argument("--mnist", default=default_mnist, help="folder of the raw MNIST IDX files (default: %(default)s)")
    parser.add_argument("--data", metavar="FILE.csv", help="the CSV file of --model tabular")
    args = parser.parse_args()
    spec = MODELS[args.model]
    training = spec["training"]
    csv = training["data"] == "csv"
    if args.epochs < 1 or (args.limit is not None and args.limit < 1):
        parser.error("--epochs and --limit must be >= 1")
    if csv != (args.data is not None):
        parser.error("--data FILE.csv goes with a model trained on a CSV file (" + ", ".join(
            m for m, s in MODELS.items() if s["training"]["data"] == "csv") + "), and only with it")
    if args.data is not None and not os.path.isfile(args.data):
        parser.error(f"--data {args.data}: no such file")
    check_fast_blas()
    torch.manual_seed(args.seed)

    activation = ACTIVATIONS[spec["network"]["activation"]]
    dynamic = training.get("binarization") == "dynamic"
    if csv:
        train, test = tabular_data(args.data, args.seed, args.limit, training)
        inputs, hidden, latent = bench_common.network_sizes(spec, train.shape[1])
    else:
        pixels = torch.from_numpy(bench_common.idx_images(os.path.join(args.mnist, "train-images-idx3-ubyte")).copy())
        held_out = bench_common.validation_held_out(spec)
        if held_out:
            order = torch.randperm(pixels.shape[0], generator=torch.Generator().manual_seed(0))
            pixels = pixels[order[held_out:].sort().values]
        pixels = pixels[:args.limit] if args.limit else pixels
        train = pixels if dynamic else torch.from_numpy(bench_common.thresholded(pixels.numpy()))
        test = None
        inputs, hidden, latent = bench_common.network_sizes(spec)
    model_args = dict(hidden=hidden, latent=latent, activation=activation, inputs=inputs,
                      likelihood=spec["network"]["likelihood"])
    n, batch = train.shape[0], training["batch"]
    if args.epochs * -(-n // batch) < 2:
        parser.error(f"{args.epochs} epoch(s) of {n} examples in minibatches of {batch}: at least 2 iterations "
                     "are needed (the first one is start-up)")

    init_start = time.perf_counter()
    model = Vae(**model_args)
    optimizer, scheduler = bench_common.torch_optimizer(training, model)
    first_iteration_end, startup, examples_after_first = None, None, 0
    for _ in range(args.epochs):
        for idx in torch.randperm(n).split(batch):
            x = torch.bernoulli(train[idx].float().div_(255)) if dynamic else train[idx]
            loss = model.neg_elbo(x).mean()
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            if first_iteration_end is None:
                first_iteration_end = time.perf_counter()
                startup = seconds_since_process_start()
            else:
                examples_after_first += idx.shape[0]
        if scheduler is not None:
            scheduler.step()
    end = time.perf_counter()
    training_rss = peak_rss_mb()

    if test is None:
        test = torch.from_numpy(bench_common.thresholded(
            bench_common.idx_images(os.path.join(args.mnist, "t10k-images-idx3-ubyte"))))
    with torch.no_grad():
        test_neg_elbo = sum(model.neg_elbo(test).mean().item() for _ in range(TEST_ELBO_SAMPLES)) / TEST_ELBO_SAMPLES
    train_s = end - first_iteration_end
    print(f"RESULT impl=pytorch model={args.model} epochs={args.epochs} seed={args.seed} examples={n} batch={batch} "
          f"ex_per_s={examples_after_first / train_s:.0f} startup_first_iter_s={startup:.2f} "
          f"startup_init_first_iter_s={first_iteration_end - init_start:.2f} train_s={train_s:.2f} "
          f"peak_rss_mb={training_rss:.0f} peak_rss_after_test_mb={peak_rss_mb():.0f} test_neg_elbo={test_neg_elbo:.3f} "
          f"threads={torch.get_num_threads()} {thread_environment()}", flush=True)


if __name__ == "__main__":
    main()
