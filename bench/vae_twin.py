#!/usr/bin/env python3
"""PyTorch twin of vae4j's training (issue 14): the same model, initialisation, data, minibatches,
binarization, objective and optimiser as a vae4j recipe, written from DL4J/ND4J's update rules rather
than torch.optim, so that a gap between the two is a bug to find and not a difference of method.
It exports its trained weights in DL4J's layout so vae4j's own evaluator scores both models on the
same images (bench/fidelity.sh, vae-bench's org.vae4j.bench.fidelity.FidelityTool score).

    /usr/bin/python3 bench/vae_twin.py --recipe R --epochs N --seed S --mnist DIR --out DIR
        [--train-ids IDS.npy] [--test TEST.npy] [--elbo-samples 100] [--threads 1] [--torch-adam]
        [--adagrad-initial-accumulator 0]
    /usr/bin/python3 bench/vae_twin.py --step-check R DIR     (DIR from FidelityTool step-check --recipe R)

R: a recipe, or a model, of bench/models.json (the file vae4j's benchmarks read; recipe(R) below):
  iwae-vae-mnist        784-200-200-50-200-200-784 tanh, Adam with the Burda et al. schedule
                        (rate 1e-3 * 10^(-i/7) from epoch (3^i - 1) / 2), batch 20, dynamic binarization
  kingma-welling-mnist  784-500-20-500-784 tanh, AdaGrad 0.02, L2 1/60000 on weights, batch 100,
                        dynamic binarization
  bench                 784-400-20-400-784 ReLU, Adam 1e-3, batch 128, static pixel/255 > 0.5 on all
                        60,000 training images (bench/run.sh, TrainBenchmark)

What is matched, and where vae4j/DL4J does it:
  * Weights N(0, 2 / (nIn + nOut)) (DL4J WeightInit.XAVIER: WeightInitXavier.init), biases 0, for
    every sub-layer of DL4J's VariationalAutoencoder; parameters kept in DL4J's layout
    (W [nIn, nOut], b [nOut]) under DL4J's keys.
  * Objective: mean over the minibatch of -ELBO with one z per example, z = mu + sqrt(exp(logVar)) *
    eps, analytic KL(q || N(0, I)), Bernoulli log-likelihood on logits (vae4j FusedElboGradient,
    LatentTerms, ReconstructionTerm). The gradient reaching the updater is the minibatch mean.
  * L2 (DL4J L2Regularization, BEFORE_UPDATER step of UpdaterBlock.update): g += l2 * w on weights
    only (biases have no regularisation), after the minibatch mean and before the updater.
  * Adam (ND4J AdamUpdater / libnd4j adam_updater; vae4j FusedUpdater): m = b1 m + (1 - b1) g,
    v = b2 v + (1 - b2) g^2, alpha_t = lr sqrt(1 - b2^t) / (1 - b1^t) with t = iteration + 1,
    w -= alpha_t m / (sqrt(v) + eps); b1 0.9, b2 0.999, eps 1e-8. torch.optim.Adam puts eps after
    the bias correction instead (--torch-adam switches to it, as a diagnostic).
  * AdaGrad (ND4J AdaGradUpdater / libnd4j adagrad_updater): h += g^2, w -= lr g / (sqrt(h) + eps),
    eps 1e-6. h starts at eps, as DL4J's own updater starts it (AdaGradUpdater.setStateViewArray assigns
    eps when the state is built) and as vae4j does since VaeNetworks initialises new networks' updater
    state that way (vae4j 0.1 zeroed it: --adagrad-initial-accumulator 0 repeats that).
  * Learning-rate schedule: DL4J MapSchedule by EPOCH (0-based), the rate of the largest key <= epoch
    (bench_common.learning_rate, from the file's learningRateByEpoch).
  * Data: the training-file ids vae4j trained on (--train-ids, written by FidelityTool train-ids:
    60,000 minus the recipe's validation split), a fresh permutation per epoch, the last partial
    minibatch kept; dynamic binarization draws x ~ Bernoulli(byte / 255) afresh for every example
    each time it is used (vae4j: per epoch and example, PixelBinarizer / ByteImageDataSetIterator).
  * float32 throughout, as vae4j's FLOAT models.
--step-check R DIR repeats the first steps of FidelityTool step-check (vae4j's initial weights, a
minibatch and the very noise vae4j's ElboStep draws) and prints the relative differences of the gradient
and of the parameters after those steps: float rounding, if the two compute the same thing.
Not matched (cannot be) in training: the random streams (permutations, Bernoulli draws, eps, initial weights)
come from torch's generator seeded with --seed, not ND4J's or vae4j's; compare across seeds.

Writes OUT/params/<key>.npy (float32), OUT/model.json and OUT/metrics.csv (per epoch: learning rate,
mean training -ELBO over the minibatches as vae4j's metrics.csv defines it); prints one RESULT line. With
--test, the twin's own -ELBO on those images (mean over --elbo-samples draws of z of log p(x|z), analytic
KL: the definition of vae4j's evaluator) and its mean KL (no sampling) are in the RESULT line, to check
the export against vae4j's -ELBO and KL of the same weights. Refuses to run on reference BLAS (like bench/pytorch_vae.py)."""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_common  # noqa: E402  (the models of bench/models.json, the IDX reader, the schedule)
from pytorch_vae import check_fast_blas  # noqa: E402


ACTIVATIONS = {"tanh": torch.tanh, "relu": torch.relu}
# The recipes and models the twin trains: vae4j's MNIST recipes (by recipe name) and the bench model (by name).
RECIPES = [spec.get("recipe", name) for name, spec in bench_common.MODELS.items()
           if spec["training"]["data"] == "mnist"]


def recipe(name):
    """What the twin needs of a recipe's (or a model's) entry in bench/models.json.

    >>> r = recipe("kingma-welling-mnist")
    >>> r["encoder"], r["decoder"], r["latent"], r["optimizer"], r["batch"], r["binarization"], r["data"]
    ([500], [500], 20, 'adagrad', 100, 'dynamic', 'ids')
    >>> recipe("bench")["data"], round(recipe("iwae-vae-mnist")["rate"](4) / 1e-3, 4)
    ('all', 0.5179)
    """
    spec = bench_common.model_for(name)
    inputs, hidden, latent = bench_common.network_sizes(spec)
    training = spec["training"]
    return dict(inputs=inputs, encoder=hidden, decoder=hidden[::-1], latent=latent,
                activation=spec["network"]["activation"], optimizer=training["updater"],
                rate=lambda epoch: bench_common.learning_rate(training, epoch), batch=training["batch"],
                binarization=training["binarization"], l2=training.get("l2", 0.0),
                data="ids" if bench_common.validation_held_out(spec) else "all")


class TwinVae(torch.nn.Module):
    """DL4J's VariationalAutoencoder layer: MLP encoder to (mean, log-variance), MLP decoder to logits."""

    def __init__(self, input_size, encoder, decoder, latent, activation):
        super().__init__()
        self.act = ACTIVATIONS[activation]
        self.encoder_count, self.decoder_count = len(encoder), len(decoder)
        self.latent = latent
        layers = [(f"e{i}", a, b) for i, (a, b) in enumerate(zip([input_size] + encoder, encoder))]
        layers += [("pZXMean", encoder[-1], latent), ("pZXLogStd2", encoder[-1], latent)]
        layers += [(f"d{i}", a, b) for i, (a, b) in enumerate(zip([latent] + decoder, decoder))]
        layers += [("pXZ", decoder[-1], input_size)]
        self.keys = []
        for name, n_in, n_out in layers:
            weight = torch.randn(n_in, n_out) * math.sqrt(2.0 / (n_in + n_out))
            self.register_parameter(name + "W", torch.nn.Parameter(weight))
            self.register_parameter(name + "b", torch.nn.Parameter(torch.zeros(n_out)))
            self.keys += [name + "W", name + "b"]

    def p(self, key):
        return getattr(self, key)

    def encode(self, x):
        h = x
        for i in range(self.encoder_count):
            h = self.act(torch.addmm(self.p(f"e{i}b"), h, self.p(f"e{i}W")))
        return (torch.addmm(self.pZXMeanb, h, self.pZXMeanW),
                torch.addmm(self.pZXLogStd2b, h, self.pZXLogStd2W))

    def logits(self, z):
        h = z
        for i in range(self.decoder_count):
            h = self.act(torch.addmm(self.p(f"d{i}b"), h, self.p(f"d{i}W")))
        return torch.addmm(self.pXZb, h, self.pXZW)

    def neg_elbo(self, x, noise=None):
        """Per-example -ELBO in nats: one z per example (from `noise`, default fresh N(0, 1)), analytic KL."""
        mean, log_var = self.encode(x)
        z = mean + torch.sqrt(torch.exp(log_var)) * (torch.randn_like(mean) if noise is None else noise)
        nll = F.binary_cross_entropy_with_logits(self.logits(z), x, reduction="none").sum(1)
        kl = 0.5 * (mean * mean + torch.exp(log_var) - 1 - log_var).sum(1)
        return nll + kl

    @torch.no_grad()
    def test_neg_elbo(self, x, samples, rows_per_pass=20_000):
        """Mean over examples of -(mean over `samples` z of log p(x|z) - KL), as vae4j's evaluator defines it,
        and the mean KL alone (no sampling: the same as the evaluator's up to float rounding)."""
        total, kl_total = 0.0, 0.0
        block = max(1, rows_per_pass // samples)
        for first in range(0, x.shape[0], block):
            xb = x[first:first + block]
            b = xb.shape[0]
            mean, log_var = self.encode(xb)
            kl = 0.5 * (mean * mean + torch.exp(log_var) - 1 - log_var).sum(1).double()
            z = mean[:, None, :] + torch.sqrt(torch.exp(log_var))[:, None, :] * torch.randn(b, samples, self.latent)
            logits = self.logits(z.reshape(b * samples, self.latent)).reshape(b, samples, -1)
            nll = F.binary_cross_entropy_with_logits(logits, xb[:, None, :].expand_as(logits),
                                                     reduction="none").sum(2).double()
            total += (nll.mean(1) + kl).sum().item()
            kl_total += kl.sum().item()
        return total / x.shape[0], kl_total / x.shape[0]


class Dl4jUpdater:
    """DL4J's update of one step, after the minibatch-mean gradient is in p.grad: L2 on weights
    (L2Regularization, before the updater), then ND4J's Adam or AdaGrad (see the module docstring)."""

    def __init__(self, model, kind, l2, torch_adam=False, adagrad_initial_accumulator=1e-6):
        self.params = [(key, model.p(key)) for key in model.keys]
        self.kind, self.l2, self.torch_adam = kind, l2, torch_adam
        self.state = [[torch.zeros_like(p) for _ in range(2 if kind == "adam" else 1)] for _, p in self.params]
        if kind == "adagrad":
            for (h,) in self.state:
                h.fill_(adagrad_initial_accumulator)

    @torch.no_grad()
    def step(self, iteration, learning_rate):
        t = iteration + 1
        if self.kind == "adam":
            beta1, beta2, eps = 0.9, 0.999, 1e-8
            alpha = learning_rate * math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
        for (key, p), state in zip(self.params, self.state):
            g = p.grad
            if self.l2 > 0 and key.endswith("W"):
                g = g.add(p, alpha=self.l2)
            if self.kind == "adam":
                m, v = state
                m.mul_(beta1).add_(g, alpha=1 - beta1)
                v.mul_(beta2).addcmul_(g, g, value=1 - beta2)
                if self.torch_adam:
                    denominator = (v / (1 - beta2 ** t)).sqrt_().add_(eps)
                    p.addcdiv_(m, denominator, value=-learning_rate / (1 - beta1 ** t))
                else:
                    p.addcdiv_(m, v.sqrt().add_(eps), value=-alpha)
            else:
                (h,) = state
                h.addcmul_(g, g)
                p.addcdiv_(g, h.sqrt().add_(1e-6), value=-learning_rate)


def export(model, directory):
    """The weights as DIRECTORY/params/<DL4J key>.npy, float32, DL4J's layout."""
    os.makedirs(os.path.join(directory, "params"), exist_ok=True)
    for key in model.keys:
        np.save(os.path.join(directory, "params", key + ".npy"), model.p(key).detach().numpy().astype(np.float32))


def step_check(recipe_name, directory):
    """Repeats FidelityTool step-check's first steps (same initial weights, minibatch and noise) and prints how
    far the twin's gradient and parameters are from vae4j's, per parameter, relative to their size."""
    spec = recipe(recipe_name)
    load = lambda path: torch.from_numpy(np.load(path))  # noqa: E731
    model = TwinVae(spec["inputs"], spec["encoder"], spec["decoder"], spec["latent"], spec["activation"])
    with torch.no_grad():
        for key in model.keys:
            model.p(key).copy_(load(os.path.join(directory, "params0", key + ".npy")))
    updater = Dl4jUpdater(model, spec["optimizer"], spec["l2"])
    x = load(os.path.join(directory, "x.npy"))
    steps = len([f for f in os.listdir(directory) if f.startswith("noise-")])
    worst = {}
    for t in range(steps):
        loss = model.neg_elbo(x, load(os.path.join(directory, f"noise-{t}.npy"))).mean()
        model.zero_grad(set_to_none=True)
        loss.backward()
        if t == 0:
            for key in model.keys:
                mine, theirs = model.p(key).grad, load(os.path.join(directory, "grad0", key + ".npy"))
                worst["gradient " + key] = ((mine - theirs).abs().max() / theirs.abs().max().clamp_min(1e-30)).item()
            print(f"step 0 loss: twin {loss.item():.6f}")
        updater.step(t, spec["rate"](0))
    for key in model.keys:
        start = load(os.path.join(directory, "params0", key + ".npy"))
        theirs = load(os.path.join(directory, f"params{steps}", key + ".npy"))
        moved = (theirs - start).abs().max().clamp_min(1e-30)
        worst["after %d steps %s" % (steps, key)] = ((model.p(key).detach() - theirs).abs().max() / moved).item()
    for name, value in worst.items():
        print(f"{name:32s} max |twin - vae4j| / max |vae4j| = {value:.2e}")
    overall = max(worst.values())
    print(f"RESULT step_check={recipe_name} steps={steps} worst_relative_difference={overall:.2e}")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--step-check":
        torch.set_num_threads(1)
        step_check(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipe", required=True, choices=RECIPES)
    parser.add_argument("--epochs", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--mnist", required=True, help="folder of the raw MNIST IDX files")
    parser.add_argument("--out", required=True)
    parser.add_argument("--train-ids", help="int .npy of training-file ids (FidelityTool train-ids); "
                                            "needed by the recipes that hold out a validation split")
    parser.add_argument("--test", help="float32 [n, 784] .npy of test images (vae4j eval --export-data)")
    parser.add_argument("--elbo-samples", type=int, default=100)
    parser.add_argument("--torch-adam", action="store_true", help="diagnostic: torch.optim.Adam's epsilon placement")
    parser.add_argument("--adagrad-initial-accumulator", type=float, default=1e-6,
                        help="AdaGrad's h at step 0 (default DL4J's and vae4j's: its epsilon, 1e-6)")
    parser.add_argument("--export-epochs", default="",
                        help="comma-separated epoch counts after which to also export the weights to OUT/epochs-N "
                             "(e.g. the ends of the iwae schedule's stages: 1,4,13,40)")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads (default 1: the minibatch GEMMs are small, and on a shared 2-core machine "
                             "under load two OpenMP threads were measured 20x slower per step than one)")
    args = parser.parse_args()
    spec = recipe(args.recipe)
    started = time.perf_counter()
    check_fast_blas()
    threads = args.threads
    torch.set_num_threads(threads)
    torch.manual_seed(args.seed)
    data_generator = torch.Generator().manual_seed(args.seed)

    pixels = bench_common.idx_images(os.path.join(args.mnist, "train-images-idx3-ubyte"))
    if spec["data"] == "ids":
        if not args.train_ids:
            sys.exit(f"vae_twin.py: --recipe {args.recipe} trains on the split vae4j trains on: give --train-ids")
        pixels = pixels[np.load(args.train_ids).astype(np.int64)]
    if spec["binarization"] == "threshold":
        data = torch.from_numpy(bench_common.thresholded(pixels))
    else:
        data = torch.from_numpy(pixels.astype(np.float32) / 255.0)
    dynamic = spec["binarization"] == "dynamic"
    n = data.shape[0]

    model = TwinVae(spec["inputs"], spec["encoder"], spec["decoder"], spec["latent"], spec["activation"])
    updater = Dl4jUpdater(model, spec["optimizer"], spec["l2"], args.torch_adam, args.adagrad_initial_accumulator)
    os.makedirs(os.path.join(args.out, "params"), exist_ok=True)
    metrics = open(os.path.join(args.out, "metrics.csv"), "w")
    metrics.write("epoch,iteration,learning_rate,train_neg_elbo_nats,wall_seconds\n")
    iteration = 0
    epoch_loss = float("nan")
    train_start = time.perf_counter()
    for epoch in range(args.epochs):
        rate = spec["rate"](epoch)
        epoch_start = time.perf_counter()
        loss_sum, batches = 0.0, 0
        for idx in torch.randperm(n, generator=data_generator).split(spec["batch"]):
            x = data[idx]
            if dynamic:
                x = torch.bernoulli(x, generator=data_generator)
            loss = model.neg_elbo(x).mean()
            model.zero_grad(set_to_none=True)
            loss.backward()
            updater.step(iteration, rate)
            iteration += 1
            loss_sum += loss.item()
            batches += 1
        epoch_loss = loss_sum / batches
        metrics.write(f"{epoch},{iteration},{rate!r},{epoch_loss!r},{time.perf_counter() - train_start:.3f}\n")
        metrics.flush()
        if str(epoch + 1) in args.export_epochs.split(","):
            export(model, os.path.join(args.out, f"epochs-{epoch + 1}"))
        print(f"twin epoch {epoch}: lr {rate:.6g}, train -ELBO {epoch_loss:.4f}, {time.perf_counter() - epoch_start:.1f} s",
              file=sys.stderr, flush=True)
    train_seconds = time.perf_counter() - train_start

    export(model, args.out)
    meta = dict(recipe=args.recipe, epochs=args.epochs, seed=args.seed, iterations=iteration, keys=model.keys,
                inputSize=spec["inputs"], encoderLayerSizes=spec["encoder"], decoderLayerSizes=spec["decoder"],
                latentSize=spec["latent"], hiddenActivation=spec["activation"], optimizer=spec["optimizer"],
                adamRule="torch" if args.torch_adam else "dl4j",
                adagradInitialAccumulator=args.adagrad_initial_accumulator, trainExamples=n, torch=torch.__version__)
    with open(os.path.join(args.out, "model.json"), "w") as f:
        json.dump(meta, f, indent=2)

    optimizer = (f"adam-{meta['adamRule']}" if spec["optimizer"] == "adam"
                 else f"adagrad-h0-{args.adagrad_initial_accumulator:g}")
    test_part = ""
    if args.test:
        test = torch.from_numpy(np.load(args.test).astype(np.float32))
        with torch.no_grad():
            test_neg_elbo, test_kl = model.test_neg_elbo(test, args.elbo_samples)
        test_part = (f" test_neg_elbo={test_neg_elbo:.4f} test_kl={test_kl:.6f} test_examples={test.shape[0]} "
                     f"elbo_samples={args.elbo_samples} data_ones={int(test.sum().item())}")
    print(f"RESULT impl=twin recipe={args.recipe} epochs={args.epochs} seed={args.seed} train_examples={n} "
          f"iterations={iteration} train_s={train_seconds:.1f} ex_per_s={n * args.epochs / train_seconds:.0f} "
          f"last_epoch_train_neg_elbo={epoch_loss:.4f} optimizer={optimizer} threads={threads}{test_part} "
          f"wall_s={time.perf_counter() - started:.1f}")


if __name__ == "__main__":
    main()
