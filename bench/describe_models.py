#!/usr/bin/env python3
"""What the PyTorch side builds from bench/models.json, as JSON on stdout, for vae4j's BenchmarkModelTest (vae-examples),
which builds vae4j's networks from the same file and checks that both sides agree:

    /usr/bin/python3 bench/describe_models.py [COLUMNS ...]

For each model of the file (a model sized from its data: once per number of COLUMNS, as "tabular@20"):
  networks   per builder, the parameters in DL4J's order and layout: key (e0W, e0b, ..., pZXMeanW, pZXLogStd2W, d0W,
             ..., pXZW, pXZb), shape (weights [nIn, nOut], biases [nOut]), and the hidden activation and likelihood
             it computes. Builders: pytorch_vae.Vae (pytorch_train.py, pytorch_vae.py; torch.nn.Linear weights
             [nOut, nIn] are transposed here) and vae_twin.TwinVae (MNIST models: the fidelity twin).
  torch      bench_common.torch_optimizer's optimiser (pytorch_train.py): class, the learning rate at each epoch of
             EPOCHS (through its LambdaLR), the weight decay of weights and of biases.
  twin       vae_twin's updater: kind, L2, the learning rate at each epoch of EPOCHS.
  batch, binarization, validationHeldOut   as pytorch_train.py and vae_twin.py read them.
"""
import json
import os
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_common  # noqa: E402
import vae_twin  # noqa: E402
from pytorch_vae import ACTIVATIONS, Vae  # noqa: E402

# Epochs at which the learning rates are compared: the iwae schedule's stage starts and the epochs before them.
EPOCHS = [0, 1, 2, 3, 4, 12, 13, 39, 40, 120, 121, 363, 364, 1092, 1093, 3279]
TORCH_KEYS = {"mean": "pZXMean", "log_var": "pZXLogStd2", "out": "pXZ"}


def torch_parameters(module):
    """[key, shape] of a pytorch_vae.Vae's parameters in DL4J's order and layout."""
    described = []
    for name, p in module.named_parameters():
        parts = name.split(".")
        layer = TORCH_KEYS.get(parts[0]) or {"enc": "e", "dec": "d"}[parts[0]] + parts[1]
        if parts[-1] == "weight":
            described.append([layer + "W", [p.shape[1], p.shape[0]]])
        else:
            described.append([layer + "b", list(p.shape)])
    return described


def describe(name, spec, columns=None):
    inputs, hidden, latent = bench_common.network_sizes(spec, columns)
    network = spec["network"]
    training = spec["training"]
    torch.manual_seed(0)
    module = Vae(hidden, latent, ACTIVATIONS[network["activation"]], inputs, network["likelihood"])
    networks = {"pytorch_vae.Vae": dict(parameters=torch_parameters(module), activation=module.act.__name__,
                                        likelihood=module.likelihood)}
    optimizer, scheduler = bench_common.torch_optimizer(training, module)
    rates = []
    for epoch in range(EPOCHS[-1] + 1):
        if epoch in EPOCHS:
            rates.append(optimizer.param_groups[0]["lr"])
        if scheduler is not None:
            scheduler.step()
    decay = {"weights": optimizer.param_groups[0].get("weight_decay", 0.0),
             "biases": optimizer.param_groups[-1].get("weight_decay", 0.0)}
    described = dict(networks=networks, batch=training["batch"], binarization=training.get("binarization", "none"),
                     validationHeldOut=bench_common.validation_held_out(spec),
                     torch=dict(optimizer=type(optimizer).__name__, rates=rates, weightDecay=decay))
    if training["data"] == "mnist":
        twin_spec = vae_twin.recipe(spec.get("recipe", name))
        twin = vae_twin.TwinVae(twin_spec["inputs"], twin_spec["encoder"], twin_spec["decoder"], twin_spec["latent"],
                                twin_spec["activation"])
        networks["vae_twin.TwinVae"] = dict(
            parameters=[[key, list(twin.p(key).shape)] for key in twin.keys], activation=twin.act.__name__,
            likelihood="bernoulli")
        described["twin"] = dict(updater=twin_spec["optimizer"], l2=twin_spec["l2"],
                                 rates=[twin_spec["rate"](e) for e in EPOCHS])
    return described


def main():
    # Stepping a scheduler without training steps is what this does on purpose: the rates, not a training run.
    warnings.filterwarnings("ignore", message="Detected call of `lr_scheduler.step()` before `optimizer.step()`")
    columns = [int(c) for c in sys.argv[1:]]
    models = {}
    for name, spec in bench_common.MODELS.items():
        if "sizedFromColumns" in spec["network"]:
            for c in columns:
                models[f"{name}@{c}"] = describe(name, spec, c)
        else:
            models[name] = describe(name, spec)
    json.dump(dict(epochs=EPOCHS, models=models), sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
