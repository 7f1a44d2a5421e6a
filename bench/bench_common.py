#!/usr/bin/env python3
"""What the PyTorch benchmark scripts share (pytorch_train.py, pytorch_vae.py, pytorch_eval.py, vae_twin.py): the
benchmark models of bench/models.json, the file vae4j reads too (org.vae4j.bench.model.BenchmarkModels, from
vae-bench's jar); the one reader of MNIST's IDX image files; the one learning-rate schedule rule; and the torch.optim
optimiser the models' training describes, written the way PyTorch users write it.

A model of the file is a dict: {"network": {...}, "training": {...}, "recipe": ...} as the file holds it (see its
"about"). vae-examples' BenchmarkModelTest runs bench/describe_models.py and checks that the networks and optimisers
built here from the file have the parameters, rates and regularisation of vae4j's, built from the same file."""
import json
import os
import sys

import numpy as np

BENCH = os.path.dirname(os.path.abspath(__file__))
MODELS_FILE = os.path.join(BENCH, "models.json")


def load_models(path=MODELS_FILE):
    """The models of a models.json file, by name, in the file's order."""
    with open(path) as f:
        return json.load(f)["models"]


MODELS = load_models()


def model(name):
    """The model called `name`.

    >>> model("bench")["network"]["hidden"]
    [400]
    """
    if name not in MODELS:
        raise KeyError(f"no benchmark model '{name}' in {MODELS_FILE} (one of {', '.join(MODELS)})")
    return MODELS[name]


def model_for(recipe_or_name):
    """The model of the vae4j recipe `recipe_or_name` (the fidelity twin is named after the recipe it mirrors), else
    the model called that.

    >>> model_for("iwae-vae-mnist") is model("iwae"), model_for("bench") is model("bench")
    (True, True)
    """
    for spec in MODELS.values():
        if spec.get("recipe") == recipe_or_name:
            return spec
    return model(recipe_or_name)


def network_sizes(spec, columns=None):
    """(inputs, encoder hidden sizes, latent size) of a model; a model sized from its data needs its `columns`: one
    hidden layer of max(hiddenMin, min(hiddenMax, hiddenPerColumn x F)), latent max(latentMin, min(latentMax,
    F // columnsPerLatent)), as vae4j's train --data sizes its default model.

    >>> network_sizes(model("iwae"))
    (784, [200, 200], 50)
    >>> [network_sizes(model("tabular"), f) for f in (20, 4, 300)]
    [(20, [40], 5), (4, [16], 2), (300, [256], 16)]
    """
    network = spec["network"]
    rule = network.get("sizedFromColumns")
    if rule is None:
        return network["inputs"], list(network["hidden"]), network["latent"]
    if columns is None:
        raise ValueError("the model is sized from its data: give its number of columns")
    hidden = max(rule["hiddenMin"], min(rule["hiddenMax"], rule["hiddenPerColumn"] * columns))
    latent = max(rule["latentMin"], min(rule["latentMax"], columns // rule["columnsPerLatent"]))
    return columns, [hidden], latent


def learning_rate(training, epoch):
    """The learning rate at `epoch` (0-based): DL4J's MapSchedule by epoch, the rate of the largest listed epoch <=
    `epoch`; the constant learningRate without a schedule. iwae's is Burda et al.'s: stage i = 0..7 starts at epoch
    (3^i - 1) / 2 with rate 1e-3 x 10^(-i/7).

    >>> [round(learning_rate(model("iwae")["training"], e) / 1e-3, 4) for e in (0, 1, 3, 4, 12, 13, 1093, 5000)]
    [1.0, 0.7197, 0.7197, 0.5179, 0.5179, 0.3728, 0.1, 0.1]
    >>> learning_rate(model("kingma-welling")["training"], 7)
    0.02
    """
    schedule = training.get("learningRateByEpoch")
    if not schedule:
        return training["learningRate"]
    return schedule[str(max(int(e) for e in schedule if int(e) <= epoch))]


def validation_held_out(spec):
    """MNIST training images a model holds out for validation (its recipe's split; 0 for bench)."""
    return spec["training"].get("validationHeldOut", 0)


def idx_images(path):
    """The pixel bytes of an IDX3 image file (MNIST's format) as a uint8 array [n, rows * cols]; exits with a message
    on another file."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 16 or int.from_bytes(data[0:4], "big") != 0x803:
        sys.exit(f"{os.path.basename(sys.argv[0])}: {path} is not an IDX3 image file")
    n, rows, cols = (int.from_bytes(data[i:i + 4], "big") for i in (4, 8, 12))
    return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, rows * cols)


def thresholded(pixels):
    """Static binarization of pixel bytes, as vae4j's: 1 where pixel / 255 > 0.5 (byte >= 128), else 0, float32.

    >>> thresholded(np.array([[0, 127, 128, 255]], dtype=np.uint8)).tolist()
    [[0.0, 0.0, 1.0, 1.0]]
    """
    return (pixels >= 128).astype(np.float32)


def torch_optimizer(training, module):
    """The torch.optim optimiser and per-epoch LambdaLR scheduler (or None) of a model's training, as PyTorch users
    write it: Adam or Adagrad at the learning rate; DL4J's L2, which adds l2 x w to the gradient of weights but not
    biases, as weight_decay on a parameter group of the weights (what torch's Adam and Adagrad do with it); the
    schedule as factors of the first rate. torch's epsilons are its own (not DL4J's): not matched, irrelevant to
    speed."""
    import torch

    optimizers = {"adam": torch.optim.Adam, "adagrad": torch.optim.Adagrad}
    if training["updater"] not in optimizers:
        raise ValueError(f"updater {training['updater']}: one of {', '.join(optimizers)}")
    l2 = training.get("l2", 0.0)
    if l2:
        named = list(module.named_parameters())
        params = [{"params": [p for n, p in named if n.endswith("weight")], "weight_decay": l2},
                  {"params": [p for n, p in named if n.endswith("bias")], "weight_decay": 0.0}]
    else:
        params = module.parameters()
    rate = training["learningRate"]
    optimizer = optimizers[training["updater"]](params, lr=rate)
    if training.get("learningRateByEpoch"):
        return optimizer, torch.optim.lr_scheduler.LambdaLR(optimizer, lambda e: learning_rate(training, e) / rate)
    return optimizer, None


if __name__ == "__main__":
    import doctest
    sys.exit(doctest.testmod().failed)
