#!/usr/bin/env python3
"""PyTorch side of bench/run.sh (engine work; the vae4j-vs-PyTorch protocol is bench/compare.sh with
bench/pytorch_train.py): the model, data, binarization, batch and optimiser of vae-bench's
org.vae4j.bench.engine.TrainBenchmark, so the two can be compared side by side. Also the VAE module the other
scripts build (Vae) and its densities.

    /usr/bin/python3 bench/pytorch_vae.py MODEL EPOCHS MNIST_DIR [SEED=12345]

MODEL: an MNIST model of bench/models.json (bench: 784-400-20 ReLU, iwae: 784-200-200-50 tanh, latent2: 784-400-2
ReLU, ...), its network trained the way the bench model trains (its optimiser and minibatch: torch.optim.Adam 1e-3,
batch 128, shuffled): Bernoulli decoder (logits), static binarization pixel/255 > 0.5 of all 60,000 training
images, float32, Xavier-normal weights and zero biases (DL4J's WeightInit.XAVIER). Prints one RESULT line like the
Java side. Refuses to run on reference BLAS (23x slower; install libopenblas0-openmp)."""
import math
import os
import resource
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_common  # noqa: E402  (the models of bench/models.json, the IDX reader)


def check_fast_blas():
    config = torch.__config__.show()
    if "openblas" not in config.lower() and "mkl" not in config.lower():
        sys.exit("pytorch_vae.py: torch is not built with OpenBLAS or MKL:\n" + config)
    # Debian's torch links libblas.so.3, an alternative: it must resolve to OpenBLAS, not the reference BLAS.
    with open("/proc/self/maps") as maps:
        libs = maps.read()
    if "openblas" not in libs.lower():
        sys.exit("pytorch_vae.py: libblas.so.3 is the reference BLAS (apt-get install libopenblas0-openmp)")


def images(path):
    """An IDX3 image file statically binarized (pixel / 255 > 0.5), float32 [n, rows * cols]."""
    return torch.from_numpy(bench_common.thresholded(bench_common.idx_images(path)))


ACTIVATIONS = {"relu": torch.relu, "tanh": torch.tanh}


HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)
# vae4j's LearnedScaleGaussianReconstructionDistribution() (the `gaussian` likelihood): sigma = softplus(r) + 1e-3.
GAUSSIAN_MIN_SCALE = 1e-3


def gaussian_nll(out, x, min_scale=GAUSSIAN_MIN_SCALE):
    """-log p(x|z) summed over the last axis for vae4j's learned-scale Gaussian: the decoder's output holds all D
    means first, then all D scale pre-activations r (DL4J's [means | parameters] layout), sigma = softplus(r) +
    min_scale, and -log p = 0.5 log(2 pi) + log sigma + (x - mu)^2 / (2 sigma^2) per value.

    >>> out = torch.tensor([[0.5, -1.0, 0.0, 2.0]]); x = torch.tensor([[1.0, -1.0]])
    >>> s = torch.log1p(torch.exp(torch.tensor([0.0, 2.0]))) + 1e-3
    >>> expected = (HALF_LOG_2PI + torch.log(s) + 0.5 * ((x[0] - out[0, :2]) / s) ** 2).sum()
    >>> bool(torch.isclose(gaussian_nll(out, x)[0], expected))
    True
    """
    d = x.shape[-1]
    sigma = F.softplus(out[..., d:]) + min_scale
    z = (x - out[..., :d]) / sigma
    return (HALF_LOG_2PI + torch.log(sigma) + 0.5 * z * z).sum(-1)


def reconstruction_nll(likelihood, out, x):
    """-log p(x|z) per example from the decoder's output: Bernoulli on logits, or the learned-scale Gaussian."""
    if likelihood == "bernoulli":
        return F.binary_cross_entropy_with_logits(out, x, reduction="none").sum(-1)
    if likelihood == "gaussian":
        return gaussian_nll(out, x)
    raise ValueError("likelihood must be bernoulli or gaussian, got " + likelihood)


class Vae(torch.nn.Module):
    """Encoder and decoder of DL4J's VariationalAutoencoder layer (the decoder mirrors the encoder): inputs columns,
    Bernoulli decoder on logits (inputs outputs) or the learned-scale Gaussian (2 x inputs outputs)."""

    def __init__(self, hidden, latent, activation, inputs=784, likelihood="bernoulli"):
        super().__init__()
        self.act = activation
        self.likelihood = likelihood
        sizes = [inputs] + hidden
        self.enc = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))
        self.mean = torch.nn.Linear(hidden[-1], latent)
        self.log_var = torch.nn.Linear(hidden[-1], latent)
        dec = [latent] + hidden[::-1]
        self.dec = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(dec, dec[1:]))
        self.out = torch.nn.Linear(hidden[0], inputs * (2 if likelihood == "gaussian" else 1))
        for m in self.modules():
            if isinstance(m, torch.nn.Linear):
                torch.nn.init.xavier_normal_(m.weight)
                torch.nn.init.zeros_(m.bias)

    def neg_elbo(self, x):
        """Per-example negative ELBO in nats, one z per example, analytic KL."""
        h = x
        for layer in self.enc:
            h = self.act(layer(h))
        mu, log_var = self.mean(h), self.log_var(h)
        z = mu + torch.exp(0.5 * log_var) * torch.randn_like(mu)
        for layer in self.dec:
            z = self.act(layer(z))
        nll = reconstruction_nll(self.likelihood, self.out(z), x)
        kl = 0.5 * (mu * mu + log_var.exp() - 1 - log_var).sum(1)
        return nll + kl


def main():
    name, epochs, mnist = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 12345
    start = time.perf_counter()
    check_fast_blas()
    torch.manual_seed(seed)
    # PyTorch's defaults (OMP_NUM_THREADS, when set, is read by torch itself); this used to force os.cpu_count().
    train = images(os.path.join(mnist, "train-images-idx3-ubyte"))
    test = images(os.path.join(mnist, "t10k-images-idx3-ubyte"))
    spec = bench_common.model(name)
    inputs, hidden, latent = bench_common.network_sizes(spec)
    model = Vae(hidden, latent, ACTIVATIONS[spec["network"]["activation"]], inputs)
    # The bench model's training, whatever the network: bench/run.sh compares engines at one minibatch and optimiser.
    training = bench_common.model("bench")["training"]
    opt, scheduler = bench_common.torch_optimizer(training, model)
    batch = training["batch"]
    first_iteration_end = None
    for _ in range(epochs):
        for idx in torch.randperm(train.shape[0]).split(batch):
            loss = model.neg_elbo(train[idx]).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            if first_iteration_end is None:
                first_iteration_end = time.perf_counter()
        if scheduler is not None:
            scheduler.step()
    end = time.perf_counter()
    with torch.no_grad():
        test_neg_elbo = sum(model.neg_elbo(test).mean().item() for _ in range(10)) / 10
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    ex_per_s = (train.shape[0] * epochs - batch) / (end - first_iteration_end)
    print(f"RESULT impl=pytorch model={name} epochs={epochs} seed={seed} ex_per_s={ex_per_s:.0f} "
          f"startup_first_iter_s={first_iteration_end - start:.2f} train_s={end - first_iteration_end:.2f} "
          f"peak_rss_mb={peak_mb:.0f} test_neg_elbo={test_neg_elbo:.3f} "
          f"threads_env={os.environ.get('OMP_NUM_THREADS', 'unset')} threads={torch.get_num_threads()}")


if __name__ == "__main__":
    main()
