#!/usr/bin/env python3
"""Checks of the benchmark scripts (seconds; needs torch and the MNIST files, like the scripts themselves):

    /usr/bin/python3 bench/test_bench.py

- the doctests of loadwatch.py (the refusal rule), compare_summary.py and pytorch_train.py (the iwae schedule);
- loadwatch.py counts the command's own CPU time (a launcher's children included) and sees another process's;
- pytorch_train.py and pytorch_eval.py print the RESULT keys `vae4j benchmark train|eval` prints, read from
  BenchmarkRealDataIT.java, which checks the Java side against the same lists.
"""
import doctest
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

import numpy as np

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, BENCH)
import compare_summary  # noqa: E402
import loadwatch  # noqa: E402
import pytorch_train  # noqa: E402

PYTHON = sys.executable
JAVA_KEYS = os.path.join(ROOT, "vae-examples/src/test/java/org/vae4j/examples/cli/BenchmarkRealDataIT.java")
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
        # A random 784-8-2 model in EvalModelExport's layout.
        sizes = {"e0": (784, 8), "pZXMean": (8, 2), "pZXLogStd2": (8, 2), "d0": (2, 8), "pXZ": (8, 784)}
        with tempfile.TemporaryDirectory() as work:
            os.makedirs(os.path.join(work, "params"))
            keys = []
            for name, (n_in, n_out) in sizes.items():
                np.save(os.path.join(work, "params", name + "W.npy"), np.random.randn(n_in, n_out).astype(np.float32) * 0.1)
                np.save(os.path.join(work, "params", name + "b.npy"), np.zeros((1, n_out), np.float32))
                keys += [name + "W", name + "b"]
            with open(os.path.join(work, "model.json"), "w") as f:
                json.dump(dict(arch="mnist", inputSize=784, encoderLayerSizes=[8], decoderLayerSizes=[8], latentSize=2,
                               hiddenActivation="tanh", reconstructionDistribution="LogitBernoulliReconstructionDistribution",
                               dataType="FLOAT", keys=keys), f)
            run = subprocess.run([PYTHON, os.path.join(BENCH, "pytorch_eval.py"), work, MNIST, "3", "10"],
                                 capture_output=True, text=True, check=True)
        self.assertEqual(java_keys("EVAL_KEYS"), result_keys(run.stdout))
        self.assertIn(" model=bench ", run.stdout)


def load_tests(loader, tests, ignore):
    for module in (loadwatch, compare_summary, pytorch_train):
        tests.addTests(doctest.DocTestSuite(module))
    return tests


if __name__ == "__main__":
    unittest.main()
