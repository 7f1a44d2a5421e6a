#!/usr/bin/env python3
"""Numbers of bench/fidelity.sh: vae4j against its PyTorch twin, both scored by vae4j's evaluator on
the same images with the same seed.

    fidelity_summary.py seed SEED_DIR PROTOCOL SEED   one RESULT line for one seed (from the files below)
    fidelity_summary.py summary < RESULT_LINES        the table over seeds and the paired difference

SEED_DIR holds eval-vae4j/ and eval-twin/ (eval.json and eval-per-example.csv as vae4j eval writes
them), twin-result.txt (vae_twin.py's RESULT line), vae4j-metrics.csv and twin/metrics.csv (training
-ELBO per epoch). Per seed: each side's -log p(x) with its standard error across examples, -ELBO,
active units, and the paired difference vae4j - twin of -log p(x) and of -ELBO over the same examples
(mean and standard error of the per-example differences: it removes the spread between images and
leaves the two models' difference plus Monte Carlo error). Across seeds: the mean of the per-seed
paired differences with its standard error sd / sqrt(seeds), each side's seed-to-seed sd, and the
issue's goal (|difference| <= 0.15 nats, or within 2 standard errors). Standard library only."""
import csv
import json
import math
import os
import statistics
import sys

GOAL_NATS = 0.15
PROTOCOL_EPOCHS = {"iwae-stages-0-2": 13, "bench-20": 20}


def per_example(path, column):
    with open(path) as f:
        return [float(row[column]) for row in csv.DictReader(f)]


def mean_se(values):
    m = statistics.fmean(values)
    return m, (statistics.stdev(values) / math.sqrt(len(values)) if len(values) > 1 else float("nan"))


def last_train_elbo(path):
    """Training -ELBO (mean over the minibatches) of the last epoch in a metrics.csv, and the epochs."""
    if not os.path.exists(path):
        return float("nan"), 0
    with open(path) as f:
        rows = list(csv.DictReader(f))
    return (float(rows[-1]["train_neg_elbo_nats"]), len(rows)) if rows else (float("nan"), 0)


def result_fields(path):
    with open(path) as f:
        line = next(l for l in f if l.startswith("RESULT"))
    return dict(kv.split("=", 1) for kv in line.split()[1:])


def seed_line(seed_dir, protocol, seed):
    sides = {}
    for side in ("vae4j", "twin"):
        d = os.path.join(seed_dir, "eval-" + side)
        with open(os.path.join(d, "eval.json")) as f:
            report = json.load(f)
        csv_path = os.path.join(d, "eval-per-example.csv")
        sides[side] = dict(report=report, log_px=per_example(csv_path, "log_likelihood_nats"),
                           elbo=per_example(csv_path, "elbo_nats"))
    v, t = sides["vae4j"], sides["twin"]
    if len(v["log_px"]) != len(t["log_px"]):
        sys.exit(f"fidelity_summary.py: {seed_dir}: vae4j scored {len(v['log_px'])} examples, the twin "
                 f"{len(t['log_px'])}")
    for key in ("importanceSamples", "seed"):
        if v["report"]["provenance"][key] != t["report"]["provenance"][key]:
            sys.exit(f"fidelity_summary.py: {seed_dir}: the two evaluations differ in {key}")
    nll_diff = mean_se([-a + b for a, b in zip(v["log_px"], t["log_px"])])
    elbo_diff = mean_se([-a + b for a, b in zip(v["elbo"], t["elbo"])])
    twin = result_fields(os.path.join(seed_dir, "twin-result.txt"))
    kl_twin_by_vae4j = sum(t["report"]["klPerDimensionNats"])
    train_v, epochs_v = last_train_elbo(os.path.join(seed_dir, "vae4j-metrics.csv"))
    train_t, epochs_t = last_train_elbo(os.path.join(seed_dir, "twin", "metrics.csv"))
    fields = [("protocol", protocol), ("seed", seed), ("examples", len(v["log_px"])),
              ("k", v["report"]["provenance"]["importanceSamples"]), ("eval_seed", v["report"]["provenance"]["seed"])]
    for name, s in (("vae4j", v), ("twin", t)):
        summary = s["report"]["summary"]
        fields += [(name + "_nll", "%.4f" % summary["negativeLogLikelihoodNats"]),
                   (name + "_nll_se", "%.4f" % summary["standardErrorNats"]),
                   (name + "_neg_elbo", "%.4f" % summary["negativeElboNats"]),
                   (name + "_active_units", s["report"]["activeUnits"]["activeCount"])]
    fields += [("diff_nll", "%.4f" % nll_diff[0]), ("diff_nll_se", "%.4f" % nll_diff[1]),
               ("diff_neg_elbo", "%.4f" % elbo_diff[0]), ("diff_neg_elbo_se", "%.4f" % elbo_diff[1]),
               ("vae4j_train_neg_elbo", "%.4f" % train_v), ("twin_train_neg_elbo", "%.4f" % train_t),
               ("epochs_vae4j", epochs_v), ("epochs_twin", epochs_t),
               # Export check: the twin's own -ELBO (its own samples) and KL (no sampling) on the same images
               # against vae4j's evaluator on the exported weights.
               ("twin_own_neg_elbo", twin.get("test_neg_elbo", "nan")),
               ("twin_own_kl", twin.get("test_kl", "nan")),
               ("twin_kl_by_vae4j", "%.6f" % kl_twin_by_vae4j),
               ("twin_train_s", twin.get("train_s", "nan")), ("twin_optimizer", twin.get("optimizer", "-"))]
    print("RESULT " + " ".join(f"{k}={val}" for k, val in fields))


def summary(lines):
    rows = [dict(kv.split("=", 1) for kv in line.split()[1:]) for line in lines if line.startswith("RESULT")]
    if not rows:
        sys.exit("fidelity_summary.py: no RESULT lines")
    f = lambda r, k: float(r[k])
    print("%-5s %21s %21s %21s %10s %10s %11s %8s %9s" % ("seed", "vae4j -log p(x) (SE)", "twin -log p(x) (SE)",
          "vae4j - twin (paired)", "vae4j -ELBO", "twin -ELBO", "dELBO (SE)", "AU v/t", "twin exp."))
    for r in rows:
        # "twin exp.": vae4j's -ELBO of the twin's exported weights minus the twin's own (Monte Carlo only).
        print("%-5s %12.3f (%6.3f) %12.3f (%6.3f) %12.3f (%6.3f) %10.3f %10.3f %5.3f(%4.3f) %4s/%-3s %+9.3f" % (
            r["seed"], f(r, "vae4j_nll"), f(r, "vae4j_nll_se"), f(r, "twin_nll"), f(r, "twin_nll_se"),
            f(r, "diff_nll"), f(r, "diff_nll_se"), f(r, "vae4j_neg_elbo"), f(r, "twin_neg_elbo"),
            f(r, "diff_neg_elbo"), f(r, "diff_neg_elbo_se"), r["vae4j_active_units"], r["twin_active_units"],
            f(r, "twin_neg_elbo") - f(r, "twin_own_neg_elbo")))
    n = len(rows)
    diffs = [f(r, "diff_nll") for r in rows]
    mean = statistics.fmean(diffs)
    se = statistics.stdev(diffs) / math.sqrt(n) if n > 1 else float("nan")
    sd = {side: statistics.stdev([f(r, side + "_nll") for r in rows]) if n > 1 else float("nan")
          for side in ("vae4j", "twin")}
    elbo_diffs = [f(r, "diff_neg_elbo") for r in rows]
    print("-log p(x), mean over %d seeds: vae4j %.3f (seed-to-seed sd %.3f), twin %.3f (sd %.3f)" % (
        n, statistics.fmean(f(r, "vae4j_nll") for r in rows), sd["vae4j"],
        statistics.fmean(f(r, "twin_nll") for r in rows), sd["twin"]))
    print("paired difference vae4j - twin: -log p(x) %+.3f nats/example, SE over seeds %.3f; -ELBO %+.3f "
          "(SE %.3f)" % (mean, se, statistics.fmean(elbo_diffs),
                         statistics.stdev(elbo_diffs) / math.sqrt(n) if n > 1 else float("nan")))
    within_goal = abs(mean) <= GOAL_NATS
    within_se = n > 1 and abs(mean) <= 2 * se
    shortened = [why for why, short in (
        ("fewer than 3 seeds", n < 3),
        ("fewer than 10,000 test images", any(int(r["examples"]) < 10_000 for r in rows)),
        ("k < 1000", any(int(r["k"]) < 1000 for r in rows)),
        ("fewer epochs than the protocol's", any(int(r["epochs_vae4j"]) < PROTOCOL_EPOCHS.get(r["protocol"], 0)
                                                 or int(r["epochs_twin"]) < PROTOCOL_EPOCHS.get(r["protocol"], 0)
                                                 for r in rows)))
        if short]
    print("goal (issue 14): |difference| <= %.2f nats: %s; within 2 SE over seeds: %s%s" % (
        GOAL_NATS, "yes" if within_goal else "no", "yes" if within_se else "no",
        " (shortened run, not the issue's protocol: %s)" % ", ".join(shortened) if shortened else ""))
    exported = [abs(f(r, "twin_kl_by_vae4j") - f(r, "twin_own_kl")) for r in rows if r["twin_own_kl"] != "nan"]
    if exported:
        print("export check: mean KL of the twin's weights, vae4j's evaluator vs PyTorch, max |difference| %.1e "
              "nats (printed to 1e-6)" % max(exported))


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "seed" and len(sys.argv) == 5:
        seed_line(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 2 and sys.argv[1] == "summary":
        summary(sys.stdin.read().splitlines())
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
