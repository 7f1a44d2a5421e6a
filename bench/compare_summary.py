#!/usr/bin/env python3
"""Summary of one bench/compare.sh configuration: medians per implementation, and the ratio vae4j / PyTorch only
when every run was measured on a quiet machine (bench/loadwatch.py's verdict); otherwise the medians and why no
ratio is printed.

    bench/compare_summary.py train|eval [WORK_DIR] < RESULT lines

(train: the bench, kingma-welling, iwae and tabular training rows; eval: eval and tabular-eval.)

WORK_DIR (eval): the folder with loglik-vae4j.txt and loglik-pytorch.txt, for the paired NLL comparison.
"""
import math
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from loadwatch import MAX_LOAD1, MAX_OTHER_CPU_PCT, MAX_STEAL_PCT, verdict  # noqa: E402

# Issue 13 item 6 and issue 21 item 4, for vae4j: peak RSS <= 1.2 GB (in MB of 1024 * 1024 bytes), start-up to the
# first iteration < 1.5 s.
RSS_LIMIT_MB = 1.2 * 1024
STARTUP_LIMIT_S = 1.5
# Issue 21 item 2: vae4j on every core is >= 1.6x vae4j on one core (bench config).
SCALING_GOAL = 1.6

COLUMNS = {
    "train": (("ex_per_s", "ex/s", "%.0f"), ("startup_first_iter_s", "start s", "%.2f"),
              ("startup_init_first_iter_s", "init s", "%.2f"), ("train_s", "train s", "%.1f"),
              ("peak_rss_mb", "RSS MB", "%.0f"), ("peak_rss_after_test_mb", "+test MB", "%.0f"),
              ("test_neg_elbo", "test -ELBO", "%.2f"), ("threads", "threads", "%.0f")),
    "eval": (("samples_per_s", "samples/s", "%.0f"), ("wall_s", "wall s", "%.2f"), ("cpu_s", "cpu s", "%.2f"),
             ("startup_first_pass_s", "start s", "%.2f"), ("peak_rss_mb", "RSS MB", "%.0f"),
             ("nll", "NLL", "%.3f"), ("nll_se", "SE", "%.3f"), ("threads", "threads", "%.0f")),
}
SPEED = {"train": "ex_per_s", "eval": "samples_per_s"}
STARTUP = {"train": "startup_first_iter_s", "eval": "startup_first_pass_s"}


def parse(lines):
    """RESULT lines as dicts.

    >>> parse(["noise", "RESULT impl=vae4j ex_per_s=100 load1=0.1"])
    [{'impl': 'vae4j', 'ex_per_s': '100', 'load1': '0.1'}]
    """
    return [dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv) for line in lines
            if line.startswith("RESULT")]


def medians(rows, keys):
    """Median of each key over the rows that have it (NaN when none do).

    >>> medians([{"a": "1"}, {"a": "3"}, {"a": "2", "b": "5"}], ["a", "b", "c"])
    {'a': 2.0, 'b': 5.0, 'c': nan}
    """
    out = {}
    for key in keys:
        values = [float(r[key]) for r in rows if key in r]
        out[key] = statistics.median(values) if values else float("nan")
    return out


def pairs(impls):
    """The ratios to print: defaults against defaults, then each side's best against the other's best, or against
    its defaults when that side has no best setting.

    >>> pairs(["vae4j", "pytorch"])
    [('vae4j', 'pytorch')]
    >>> pairs(["vae4j", "pytorch", "vae4j-best"])
    [('vae4j', 'pytorch'), ('vae4j-best', 'pytorch')]
    >>> pairs(["vae4j", "pytorch", "vae4j-best", "pytorch-best"])
    [('vae4j', 'pytorch'), ('vae4j-best', 'pytorch-best')]
    """
    out = [("vae4j", "pytorch")] if "vae4j" in impls and "pytorch" in impls else []
    best_a = "vae4j-best" if "vae4j-best" in impls else "vae4j"
    best_b = "pytorch-best" if "pytorch-best" in impls else "pytorch"
    if (best_a, best_b) not in out and best_a in impls and best_b in impls:
        out.append((best_a, best_b))
    return out


def scaling(impls, med, speed):
    """The scaling row: each side on every core over the same side on one core (taskset -c 0).

    >>> scaling(["vae4j", "pytorch", "pytorch-best", "vae4j-1core", "pytorch-1core"],
    ...         {"vae4j": {"s": 16.0}, "vae4j-1core": {"s": 8.0}, "pytorch-best": {"s": 15.0},
    ...          "pytorch-1core": {"s": 10.0}, "pytorch": {"s": 10.0}}, "s")
    ['scaling vae4j / vae4j-1core: 2.00 (goal >= 1.6: met)', 'scaling pytorch-best / pytorch-1core: 1.50']
    >>> scaling(["vae4j", "pytorch"], {}, "s")
    []
    """
    out = []
    for side, mark in (("vae4j", True), ("pytorch", False)):
        one = side + "-1core"
        every = side + "-best" if side + "-best" in impls else side
        if one in impls and every in impls:
            ratio = med[every][speed] / med[one][speed]
            out.append("scaling %s / %s: %.2f%s" % (every, one, ratio, " (goal >= %g: %s)" % (
                SCALING_GOAL, "met" if ratio >= SCALING_GOAL else "NOT MET") if mark else ""))
    return out


def summarize(kind, rows, work=None, out=print):
    impls = list(dict.fromkeys(r["impl"] for r in rows))
    columns = COLUMNS[kind]
    keys = [c[0] for c in columns] + ["load1", "other_cpu_pct"]
    med = {i: medians([r for r in rows if r["impl"] == i], keys) for i in impls}
    worst = {i: (max(float(r.get("load1", "nan")) for r in rows if r["impl"] == i),
                 max(float(r.get("other_cpu_pct", "nan")) for r in rows if r["impl"] == i),
                 max(float(r.get("steal_pct", "nan")) for r in rows if r["impl"] == i)) for i in impls}
    out("medians over %s:" % ", ".join("%d run(s) of %s" % (sum(r["impl"] == i for r in rows), i) for i in impls))
    out("%-13s" % "impl" + "".join("%11s" % c[1] for c in columns) + "%11s%11s%11s" % ("max load1", "max other%", "max steal%"))
    for i in impls:
        out("%-13s" % i + "".join("%11s" % (c[2] % med[i][c[0]]) for c in columns)
            + "%11.2f%11.1f%11.1f" % worst[i])
    if kind == "train":
        elbos = {i: [float(r["test_neg_elbo"]) for r in rows if r["impl"] == i] for i in impls}
        out("test -ELBO sd over runs (seeds): " + ", ".join(
            "%s %.2f" % (i, statistics.stdev(v)) if len(v) > 1 else "%s -" % i for i, v in elbos.items()))
    else:
        ones = {r.get("data_ones") for r in rows}
        # data_ones counts the one-pixels of MNIST images, or the values > 0 of a table's scaled rows.
        what = "values > 0" if {r.get("model") for r in rows} == {"tabular"} else "one-pixels"
        out("data: " + ("identical (%s %s)" % (ones.pop(), what) if len(ones) == 1
                        else "DIFFERENT counts of %s %s: the sides did not read the same examples" % (what, sorted(ones))))
        paired(work, out)

    reasons = verdict(rows)
    speed = SPEED[kind]
    if reasons:
        out("NO RATIO: the machine was not quiet enough to compare the two sides (rule: every run starts at a "
            "1-minute load average <= %g, other processes use <= %g%% of the CPU during it and the hypervisor "
            "steals <= %g%% of it):" % (MAX_LOAD1, MAX_OTHER_CPU_PCT, MAX_STEAL_PCT))
        for reason in reasons:
            out("  " + reason)
    else:
        for a, b in pairs(impls):
            line = "ratio %s / %s: %.2f (%s medians)" % (a, b, med[a][speed] / med[b][speed], speed)
            if kind == "eval":
                line += "; CPU seconds %s / %s: %.2f" % (b, a, med[b]["cpu_s"] / med[a]["cpu_s"])
            out(line)
        for line in scaling(impls, med, speed):
            out(line)
    for i in (i for i in impls if i.startswith("vae4j")):
        rss, start = med[i]["peak_rss_mb"], med[i][STARTUP[kind]]
        out("goals for %s (issues 13, 21): peak RSS %.0f MB <= %.0f MB: %s; start-up %.2f s < %g s: %s%s" % (
            i, rss, RSS_LIMIT_MB, "met" if rss <= RSS_LIMIT_MB else "NOT MET", start, STARTUP_LIMIT_S,
            "met" if start < STARTUP_LIMIT_S else "NOT MET", "" if not reasons else " (on a busy machine)"))
    return reasons


def paired(work, out):
    """The NLL difference vae4j - PyTorch against its paired Monte Carlo standard error (last round's files)."""
    if not work:
        return
    try:
        with open(os.path.join(work, "loglik-vae4j.txt")) as f:
            a = [float(v) for v in f]
        with open(os.path.join(work, "loglik-pytorch.txt")) as f:
            b = [float(v) for v in f]
    except OSError as e:
        out("paired NLL comparison skipped: %s" % e)
        return
    d = [x - y for x, y in zip(a, b)]
    if len(d) > 1 and len(a) == len(b):
        se = statistics.stdev(d) / math.sqrt(len(d))
        out("NLL vae4j - pytorch = %.4f nats, paired Monte Carlo SE %.4f (%.1f SE; last round, %d examples)" % (
            -statistics.mean(d), se, abs(statistics.mean(d)) / se if se > 0 else float("nan"), len(d)))


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in COLUMNS:
        sys.exit(__doc__)
    rows = parse(sys.stdin.read().splitlines())
    if not rows:
        sys.exit("compare_summary.py: no RESULT lines")
    summarize(sys.argv[1], rows, sys.argv[2] if len(sys.argv) > 2 else None)


if __name__ == "__main__":
    main()
