#!/usr/bin/env python3
"""Checks of the benchmark scripts (seconds; needs torch and the MNIST files, like the scripts themselves):

    /usr/bin/python3 bench/test_bench.py

- the doctests of loadwatch.py (the refusal rule), compare_summary.py, bench_common.py (bench/models.json, the
  iwae schedule, the binarization), pytorch_train.py and vae_twin.py;
- describe_models.py: every model of bench/models.json builds the published networks in both PyTorch builders
  (vae4j's side of the same check is BenchmarkModelTest, which runs describe_models.py);
- loadwatch.py counts the command's own CPU time (a launcher's children included) and sees another process's;
- pytorch_train.py and pytorch_eval.py print the RESULT keys `vae4j benchmark train|eval` prints, read from
  BenchmarkRealDataIT.java, which checks the Java side against the same lists (MNIST and tabular models);
- the tabular config: make_tabular.py's file is deterministic, parses as vae4j's CSV reader parses numbers and
  has its 3-D structure; the twin's learned-scale Gaussian density against the normal log-density, its split
  proportions and train-only standardization, and pytorch_eval.py's log p(x) against the closed form of a
  linear-Gaussian model.
"""
import doctest
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import torch

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, BENCH)
import bench_common  # noqa: E402
import compare_summary  # noqa: E402
import loadwatch  # noqa: E402
import make_tabular  # noqa: E402
import pytorch_train  # noqa: E402
import pytorch_vae  # noqa: E402
import vae_twin  # noqa: E402

PYTHON = sys.executable
JAVA_KEYS = os.path.join(ROOT, "vae-examples/src/test/java/org/vae4j/examples/cli/BenchmarkRealDataIT.java")
JAVA_DECIMALS = os.path.join(ROOT, "vae-core/src/main/java/org/vae4j/core/io/DecimalLiterals.java")
MNIST = os.path.join(os.environ.get("VAE4J_DATA") or os.path.expanduser("~/.vae4j/data"), "mnist")
BUSY = "import time\nt = time.process_time()\nwhile time.process_time() - t < %s: pass\n"


def java_keys(name):
    with open(JAVA_KEYS) as f:
        source = f.read()
    body = re.search(name + r" = List\.of\((.*?)\);", source, re.S).group(1)
    return re.findall(r'"([^"]+)"', body)


def result_keys(output):
    lines = [line for line in output.splitlines() if line.startswith("RESULT ")]
    assert len(lines) == 1, output
    return [kv.split("=", 1)[0] for kv in lines[0].split()[1:]]


def java_decimal_pattern():
    """The language DecimalLiterals.isDecimal scans by hand (its javadoc states it as a regex): the numbers vae4j's CSV
    reader accepts."""
    with open(JAVA_DECIMALS) as f:
        literal = re.search(r"the language\s*\*?\s*\{@code (.*?)\}, scanned by hand", f.read()).group(1)
    return re.compile(literal)


def make_csv(directory, rows, columns, seed, name="t.csv"):
    path = os.path.join(directory, name)
    subprocess.run([PYTHON, os.path.join(BENCH, "make_tabular.py"), str(rows), str(columns), str(seed), path],
                   check=True)
    return path


def export_model(work, arch, sizes, meta, rng, scale=0.3):
    """A model in `vae4j benchmark export`'s (EvalExport's) layout: params/<key>.npy ([nIn, nOut], biases [1, nOut]) and
    model.json; sizes maps a layer prefix to (nIn, nOut), or to (W, b) arrays."""
    os.makedirs(os.path.join(work, "params"))
    keys = []
    for name, value in sizes.items():
        w, b = value if isinstance(value[0], np.ndarray) else (
            rng.standard_normal(value).astype(np.float32) * scale, np.zeros((1, value[1]), np.float32))
        np.save(os.path.join(work, "params", name + "W.npy"), w.astype(np.float32))
        np.save(os.path.join(work, "params", name + "b.npy"), b.reshape(1, -1).astype(np.float32))
        keys += [name + "W", name + "b"]
    with open(os.path.join(work, "model.json"), "w") as f:
        json.dump(dict(meta, arch=arch, dataType="FLOAT", keys=keys), f)


def run_eval(work, data, examples, k):
    run = subprocess.run([PYTHON, os.path.join(BENCH, "pytorch_eval.py"), work, data, str(examples), str(k)],
                         capture_output=True, text=True, check=True)
    return run.stdout, dict(kv.split("=", 1) for kv in
                            next(l for l in run.stdout.splitlines() if l.startswith("RESULT ")).split()[1:])


def watch(*command):
    run = subprocess.run([PYTHON, os.path.join(BENCH, "loadwatch.py"), "--", *command], capture_output=True,
                         text=True, check=True)
    return dict(kv.split("=", 1) for kv in run.stdout.split()[1:])


class LoadWatchTest(unittest.TestCase):

    def test_counts_the_commands_cpu_time_including_its_children(self):
        # A shell that runs a 1-CPU-second child, as ./vae4j runs find before it execs java.
        result = watch("sh", "-c", "%s -c '%s'; echo RESULT impl=x" % (PYTHON, BUSY % 1.0))
        self.assertEqual("x", result["impl"])
        self.assertGreaterEqual(float(result["run_cpu_s"]), 0.95)
        self.assertLess(float(result["run_cpu_s"]), 1.6)
        for key in ("load1", "other_cpu_pct", "steal_pct", "run_wall_s", "ncpu"):
            self.assertIn(key, result)

    def test_sees_another_process_using_the_cpu(self):
        # One busy process beside an idle command uses about 1 / CPUs of the machine: well above the 5% rule.
        other = subprocess.Popen([PYTHON, "-c", BUSY % 3.0])
        try:
            result = watch("sh", "-c", "sleep 1.5; echo RESULT impl=idle")
        finally:
            other.wait()
        self.assertGreater(float(result["other_cpu_pct"]), 100 / os.cpu_count() / 2, result)
        self.assertEqual(["run 1 (idle): other processes used %s%% of the CPU > 5%%" % result["other_cpu_pct"]],
                         [r for r in loadwatch.verdict([result]) if "other processes" in r])

    def test_passes_other_output_through_and_keeps_the_exit_status(self):
        run = subprocess.run([PYTHON, os.path.join(BENCH, "loadwatch.py"), "--impl", "b", "--", "sh", "-c",
                              "echo log line; echo RESULT impl=a k=1; exit 3"], capture_output=True, text=True)
        self.assertEqual(3, run.returncode)
        lines = run.stdout.splitlines()
        self.assertEqual("log line", lines[0])
        self.assertTrue(lines[1].startswith("RESULT impl=b k=1 load1="), lines[1])


class TwinKeysTest(unittest.TestCase):

    def test_pytorch_train_prints_the_keys_of_vae4j_benchmark_train(self):
        run = subprocess.run([PYTHON, os.path.join(BENCH, "pytorch_train.py"), "--model", "iwae", "--limit", "40",
                              "--mnist", MNIST], capture_output=True, text=True, check=True)
        self.assertEqual(java_keys("TRAIN_KEYS"), result_keys(run.stdout))

    def test_pytorch_eval_prints_the_keys_of_vae4j_benchmark_eval(self):
        # A random 784-8-2 model in `vae4j benchmark export`'s layout.
        sizes = {"e0": (784, 8), "pZXMean": (8, 2), "pZXLogStd2": (8, 2), "d0": (2, 8), "pXZ": (8, 784)}
        with tempfile.TemporaryDirectory() as work:
            os.makedirs(os.path.join(work, "params"))
            keys = []
            for name, (n_in, n_out) in sizes.items():
                np.save(os.path.join(work, "params", name + "W.npy"), np.random.randn(n_in, n_out).astype(np.float32) * 0.1)
                np.save(os.path.join(work, "params", name + "b.npy"), np.zeros((1, n_out), np.float32))
                keys += [name + "W", name + "b"]
            with open(os.path.join(work, "model.json"), "w") as f:
                json.dump(dict(arch="bench", inputSize=784, encoderLayerSizes=[8], decoderLayerSizes=[8], latentSize=2,
                               hiddenActivation="tanh", reconstructionDistribution="LogitBernoulliReconstructionDistribution",
                               dataType="FLOAT", keys=keys), f)
            run = subprocess.run([PYTHON, os.path.join(BENCH, "pytorch_eval.py"), work, MNIST, "3", "10"],
                                 capture_output=True, text=True, check=True)
        self.assertEqual(java_keys("EVAL_KEYS"), result_keys(run.stdout))
        self.assertIn(" model=bench ", run.stdout)

    def test_pytorch_train_tabular_prints_the_keys_of_vae4j_benchmark_train(self):
        with tempfile.TemporaryDirectory() as d:
            path = make_csv(d, 500, 8, 1)
            run = subprocess.run([PYTHON, os.path.join(BENCH, "pytorch_train.py"), "--model", "tabular", "--data",
                                  path, "--seed", "3"], capture_output=True, text=True, check=True)
            missing = subprocess.run([PYTHON, os.path.join(BENCH, "pytorch_train.py"), "--model", "tabular",
                                      "--data", os.path.join(d, "missing.csv")], capture_output=True, text=True)
        self.assertEqual(java_keys("TRAIN_KEYS"), result_keys(run.stdout))
        self.assertIn(" model=tabular epochs=1 seed=3 examples=400 batch=64 ", run.stdout)
        self.assertEqual(2, missing.returncode)
        self.assertIn("missing.csv: no such file", missing.stderr)

    def test_pytorch_eval_tabular_prints_the_keys_and_scores_the_exported_rows(self):
        # A random 8-16-2 tanh model in EvalExport's layout; the decoder has 2 x 8 outputs.
        rng = np.random.default_rng(2)
        sizes = {"e0": (8, 16), "pZXMean": (16, 2), "pZXLogStd2": (16, 2), "d0": (2, 16), "pXZ": (16, 16)}
        rows = rng.standard_normal((30, 8)).astype(np.float32)
        with tempfile.TemporaryDirectory() as work:
            export_model(work, "tabular", sizes, dict(
                inputSize=8, encoderLayerSizes=[16], decoderLayerSizes=[16], latentSize=2, hiddenActivation="tanh",
                reconstructionDistribution="LearnedScaleGaussianReconstructionDistribution", minScale=1e-3), rng)
            np.save(os.path.join(work, "test-rows.npy"), rows)
            out, result = run_eval(work, "-", 20, 50)
        self.assertEqual(java_keys("EVAL_KEYS"), result_keys(out))
        self.assertEqual(("tabular", "20", "50"), (result["model"], result["examples"], result["k"]))
        self.assertEqual(str(int((rows[:20] > 0).sum())), result["data_ones"])
        self.assertLessEqual(float(result["nll"]), float(result["neg_elbo"]), "log p(x) >= ELBO on average")


class ModelsTest(unittest.TestCase):

    def test_every_model_builds_its_published_network_in_both_pytorch_builders(self):
        # The counts bench/README.md publishes (and BenchmarkModelTest works by hand), e.g. bench:
        # (784 x 400 + 400) + 2 (400 x 20 + 20) + (20 x 400 + 400) + (400 x 784 + 784) = 652,824.
        run = subprocess.run([PYTHON, os.path.join(BENCH, "describe_models.py"), "20"], capture_output=True,
                             text=True, check=True)
        models = json.loads(run.stdout)["models"]
        published = {"bench": 652_824, "latent2": 631_188, "kingma-welling": 815_824, "iwae": 425_284,
                     "tabular@20": 3_130}
        self.assertEqual(sorted(published), sorted(models))
        for name, count in published.items():
            networks = models[name]["networks"]
            for builder, network in networks.items():
                self.assertEqual(count, sum(math.prod(shape) for _, shape in network["parameters"]), (name, builder))
            if len(networks) > 1:
                self.assertEqual(networks["pytorch_vae.Vae"], networks["vae_twin.TwinVae"], name)
        iwae = models["iwae"]
        self.assertEqual(iwae["torch"]["rates"], iwae["twin"]["rates"])
        self.assertEqual(1e-4, iwae["twin"]["rates"][-1])
        self.assertEqual({"weights": 1 / 60_000, "biases": 0.0}, models["kingma-welling"]["torch"]["weightDecay"])

    def test_an_unknown_model_names_the_models_of_the_file(self):
        with self.assertRaises(KeyError) as e:
            bench_common.model("mnist")
        self.assertIn("(one of bench, latent2, kingma-welling, iwae, tabular)", str(e.exception))
        run = subprocess.run([PYTHON, os.path.join(BENCH, "pytorch_train.py"), "--model", "mnist"],
                             capture_output=True, text=True)
        self.assertEqual(2, run.returncode)
        self.assertIn("choose from 'bench', 'latent2', 'kingma-welling', 'iwae', 'tabular'", run.stderr)


class TabularTest(unittest.TestCase):

    def test_generator_is_deterministic_parses_as_vae4j_reads_numbers_and_has_its_structure(self):
        with tempfile.TemporaryDirectory() as d:
            first = make_csv(d, 3000, 12, 5, "a.csv")
            second = make_csv(d, 3000, 12, 5, "b.csv")
            other = make_csv(d, 50, 12, 6, "c.csv")
            with open(first, "rb") as a, open(second, "rb") as b, open(other, "rb") as c:
                data = a.read()
                self.assertEqual(data, b.read())
                self.assertNotEqual(data[:2000], c.read()[:2000])
            self.assertFalse(os.path.exists(first + ".tmp"))
        lines = data.decode("ascii").splitlines()
        self.assertEqual(",".join("f%d" % j for j in range(1, 13)), lines[0])
        self.assertEqual(3001, len(lines))
        decimal = java_decimal_pattern()
        fields = [v for line in lines[1:] for v in line.split(",")]
        self.assertEqual(3000 * 12, len(fields))
        self.assertEqual([], [v for v in fields if not decimal.fullmatch(v)][:5])
        x = np.array(fields, dtype=np.float64).reshape(3000, 12)
        # Columns of different scales; after standardization three directions hold nearly all the variance.
        self.assertGreater(x.std(0).max() / x.std(0).min(), 10)
        eigen = np.sort(np.linalg.eigvalsh(np.corrcoef(x, rowvar=False)))[::-1]
        self.assertGreater(eigen[:3].sum() / eigen.sum(), 0.85, eigen)
        self.assertLess(eigen[3] / eigen.sum(), 0.05, eigen)

    def test_gaussian_nll_is_the_normal_log_density_with_vae4j_scale(self):
        g = torch.Generator().manual_seed(3)
        mu, r, x = (torch.randn(5, 7, generator=g, dtype=torch.float64) * 2 for _ in range(3))
        out = torch.cat([mu, r], 1)   # DL4J's layout: all means, then all scale pre-activations
        sigma = torch.log1p(torch.exp(r)) + 1e-3
        closed = (0.5 * math.log(2 * math.pi) + torch.log(sigma) + (x - mu) ** 2 / (2 * sigma ** 2)).sum(1)
        torch.testing.assert_close(pytorch_vae.gaussian_nll(out, x), closed)
        torch.testing.assert_close(pytorch_vae.gaussian_nll(out, x),
                                   -torch.distributions.Normal(mu, sigma).log_prob(x).sum(1))
        # x at the mean with sigma = 1: 0.5 log(2 pi) per value.
        unit = torch.full((1, 4), math.log(math.expm1(1 - 1e-3)), dtype=torch.float64)
        self.assertAlmostEqual(4 * 0.5 * math.log(2 * math.pi),
                               pytorch_vae.gaussian_nll(torch.cat([torch.zeros(1, 4, dtype=torch.float64), unit], 1),
                                                        torch.zeros(1, 4, dtype=torch.float64)).item(), places=12)

    def test_twin_splits_in_dataRecipes_proportions_and_standardizes_on_training_rows_only(self):
        with tempfile.TemporaryDirectory() as d:
            path = make_csv(d, 1000, 6, 2)
            train, test = pytorch_train.tabular_data(path, 7, None)
            limited, _ = pytorch_train.tabular_data(path, 7, 64)
        self.assertEqual((800, 6), tuple(train.shape))
        self.assertEqual((100, 6), tuple(test.shape))
        torch.testing.assert_close(limited, train[:64])
        torch.testing.assert_close(train.double().mean(0), torch.zeros(6, dtype=torch.float64), atol=1e-5, rtol=0)
        torch.testing.assert_close(train.double().std(0, unbiased=False), torch.ones(6, dtype=torch.float64),
                                   atol=1e-5, rtol=0)
        parts = pytorch_train.tabular_split(1000, 7)
        self.assertEqual([800, 100, 100], [len(p) for p in parts])
        self.assertEqual(list(range(1000)), sorted(np.concatenate(parts).tolist()))

    def test_pytorch_eval_finds_the_closed_form_log_likelihood_of_a_linear_gaussian_model(self):
        # Identity layers, the encoder's output 0 (q = the prior), constant scales: x ~ N(c, A A^T + s^2 I).
        rng = np.random.default_rng(4)
        d, latent, n = 3, 2, 4
        a = rng.standard_normal((latent, d)).astype(np.float32)
        c = rng.standard_normal(d).astype(np.float32)
        r = np.float32(0.2)
        s = math.log1p(math.exp(r)) + 1e-3
        zeros = lambda *shape: np.zeros(shape, np.float32)  # noqa: E731
        sizes = {"e0": (zeros(d, latent), zeros(latent)), "pZXMean": (zeros(latent, latent), zeros(latent)),
                 "pZXLogStd2": (zeros(latent, latent), zeros(latent)),
                 "d0": (np.eye(latent, dtype=np.float32), zeros(latent)),
                 "pXZ": (np.concatenate([a, zeros(latent, d)], 1), np.concatenate([c, np.full(d, r, np.float32)]))}
        # Rows drawn from the model itself: the prior is then a good enough proposal.
        x = (rng.standard_normal((n, latent)) @ a + c + s * rng.standard_normal((n, d))).astype(np.float32)
        with tempfile.TemporaryDirectory() as work:
            export_model(work, "tabular", sizes, dict(
                inputSize=d, encoderLayerSizes=[latent], decoderLayerSizes=[latent], latentSize=latent,
                hiddenActivation="identity", reconstructionDistribution="LearnedScaleGaussianReconstructionDistribution",
                minScale=1e-3), rng)
            np.save(os.path.join(work, "test-rows.npy"), x)
            _, result = run_eval(work, "-", n, 200_000)
            with open(os.path.join(work, "loglik-pytorch.txt")) as f:
                estimates = [float(v) for v in f]
        cov = a.astype(np.float64).T @ a.astype(np.float64) + s * s * np.eye(d)
        diff = x.astype(np.float64) - c
        exact = -0.5 * (d * math.log(2 * math.pi) + np.linalg.slogdet(cov)[1]
                        + np.einsum("ij,jk,ik->i", diff, np.linalg.inv(cov), diff))
        np.testing.assert_allclose(estimates, exact, atol=0.03)
        self.assertEqual(str(int((x > 0).sum())), result["data_ones"])


def load_tests(loader, tests, ignore):
    for module in (loadwatch, compare_summary, bench_common, pytorch_train, make_tabular, pytorch_vae, vae_twin):
        tests.addTests(doctest.DocTestSuite(module))
    return tests


if __name__ == "__main__":
    unittest.main()
