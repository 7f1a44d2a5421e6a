#!/usr/bin/env python3
"""Runs one benchmark command and reports how quiet the machine was while it ran (bench/compare.sh).

    bench/loadwatch.py [--settle 0.5] [--settle-timeout 300] [--impl NAME] -- COMMAND [ARG ...]

Before the run, with --settle L, it waits (up to --settle-timeout seconds) until the 1-minute load average is at
most L: the previous benchmark's own load takes a minute or two to decay. Then it records the 1-minute load average
(/proc/loadavg) and the CPU counters of /proc/stat, runs COMMAND, and afterwards takes the command's own CPU time
from os.wait4 (user + system seconds of the process and of every descendant it waited for: a launcher that execs
java, all its threads). The rest of the busy CPU time the kernel counted meanwhile was used by OTHER processes:

    other_cpu_pct = (busy jiffies of all CPUs over the run / USER_HZ - own CPU seconds) / (wall s x CPUs) x 100

(busy = user + nice + system + irq + softirq; steal, the hypervisor giving the CPU to other machines, is reported
apart as steal_pct). COMMAND's stdout passes through; each line starting with "RESULT" is held until COMMAND exits
and then printed with these keys appended:

    load1=0.12 other_cpu_pct=0.8 steal_pct=0.0 run_wall_s=31.20 run_cpu_s=58.91 ncpu=2

--impl NAME replaces the impl= value of the RESULT lines (to label a side's best setting). Exits with COMMAND's
status. verdict() is the refusal rule bench/compare_summary.py applies to these keys.
"""
import argparse
import os
import subprocess
import sys
import time

MAX_LOAD1 = 0.5
MAX_OTHER_CPU_PCT = 5.0
# Hypervisor steal above this during a run also refuses a ratio: on a shared host the side that uses both
# cores loses more to steal than a one-thread side (measured here: 32% for a 2-thread run, 3% for a 1-thread one).
MAX_STEAL_PCT = 5.0
BUSY_FIELDS = (0, 1, 2, 5, 6)   # user nice system irq softirq of /proc/stat's cpu line (guest is inside user)
STEAL_FIELD = 7


def load1():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def cpu_counters():
    """(busy jiffies, steal jiffies, CPUs) from /proc/stat: all CPUs together."""
    with open("/proc/stat") as f:
        lines = f.read().splitlines()
    total = [int(v) for v in lines[0].split()[1:]]
    cpus = sum(1 for line in lines if line.startswith("cpu") and line[3:4].isdigit())
    return sum(total[i] for i in BUSY_FIELDS), total[STEAL_FIELD] if len(total) > STEAL_FIELD else 0, cpus


def other_cpu_pct(busy_seconds, own_cpu_seconds, wall_seconds, cpus):
    """CPU time the command did not use, as a percentage of the CPU time the machine had during the run.

    >>> other_cpu_pct(busy_seconds=60.5, own_cpu_seconds=60.0, wall_seconds=31.0, cpus=2)
    0.8
    >>> other_cpu_pct(busy_seconds=40.0, own_cpu_seconds=20.0, wall_seconds=20.0, cpus=2)
    50.0
    >>> other_cpu_pct(busy_seconds=10.0, own_cpu_seconds=10.02, wall_seconds=10.0, cpus=2)   # counting granularity
    0.0
    """
    if wall_seconds <= 0 or cpus <= 0:
        return float("nan")
    return round(max(0.0, busy_seconds - own_cpu_seconds) / (wall_seconds * cpus) * 100, 1)


def verdict(rows, max_load1=MAX_LOAD1, max_other_pct=MAX_OTHER_CPU_PCT, max_steal_pct=MAX_STEAL_PCT):
    """Why a ratio must not be printed for these runs (RESULT lines as dicts of strings); empty when every run
    started at a 1-minute load average <= max_load1, other processes used <= max_other_pct % of the CPU and the
    hypervisor stole <= max_steal_pct % of it (when the row has steal_pct).

    >>> verdict([{"impl": "vae4j", "load1": "0.20", "other_cpu_pct": "1.0"},
    ...          {"impl": "pytorch", "load1": "0.50", "other_cpu_pct": "5.0"}])
    []
    >>> verdict([{"impl": "vae4j", "load1": "0.20", "other_cpu_pct": "1.0"},
    ...          {"impl": "pytorch", "load1": "3.10", "other_cpu_pct": "47.5"}])
    ['run 2 (pytorch): load1 3.10 > 0.5', 'run 2 (pytorch): other processes used 47.5% of the CPU > 5%']
    >>> verdict([{"impl": "vae4j", "load1": "0.20", "other_cpu_pct": "0.0", "steal_pct": "32.1"}])
    ['run 1 (vae4j): the hypervisor stole 32.1% of the CPU (steal) > 5%']
    >>> verdict([{"impl": "vae4j"}])
    ['run 1 (vae4j): not run under bench/loadwatch.py (no load1/other_cpu_pct)']
    >>> verdict([])
    ['no runs']
    """
    if not rows:
        return ["no runs"]
    reasons = []
    for number, row in enumerate(rows, 1):
        name = f"run {number} ({row.get('impl', '?')})"
        if "load1" not in row or "other_cpu_pct" not in row:
            reasons.append(f"{name}: not run under bench/loadwatch.py (no load1/other_cpu_pct)")
            continue
        load, other = float(row["load1"]), float(row["other_cpu_pct"])
        if not load <= max_load1:
            reasons.append(f"{name}: load1 {row['load1']} > {max_load1:g}")
        if not other <= max_other_pct:
            reasons.append(f"{name}: other processes used {row['other_cpu_pct']}% of the CPU > {max_other_pct:g}%")
        if "steal_pct" in row and not float(row["steal_pct"]) <= max_steal_pct:
            reasons.append(f"{name}: the hypervisor stole {row['steal_pct']}% of the CPU (steal) > {max_steal_pct:g}%")
    return reasons


def relabel(line, impl):
    """The RESULT line with its impl= value replaced.

    >>> relabel("RESULT impl=vae4j model=bench", "vae4j-best")
    'RESULT impl=vae4j-best model=bench'
    """
    return " ".join(f"impl={impl}" if field.startswith("impl=") else field for field in line.split(" "))


def settle(max_load1, timeout):
    """Waits until the 1-minute load average is <= max_load1, at most timeout seconds; returns the last value."""
    deadline = time.monotonic() + timeout
    current = load1()
    if current > max_load1:
        print(f"loadwatch: load1 {current:.2f} > {max_load1:g}, waiting up to {timeout:.0f} s for it to settle",
              file=sys.stderr, flush=True)
    while current > max_load1 and time.monotonic() < deadline:
        time.sleep(5)   # the kernel updates the load average every 5 s
        current = load1()
    return current


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settle", type=float, metavar="L", help="first wait until the 1-minute load average <= L")
    parser.add_argument("--settle-timeout", type=float, default=300, metavar="S")
    parser.add_argument("--impl", help="replace impl= in the RESULT lines")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no COMMAND given")
    if args.settle is not None:
        settle(args.settle, args.settle_timeout)

    load_before = load1()
    busy_before, steal_before, cpus = cpu_counters()
    start = time.monotonic()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, bufsize=1)
    held = []
    for line in child.stdout:
        if line.startswith("RESULT"):
            held.append(line.rstrip("\n"))
        else:
            sys.stdout.write(line)
            sys.stdout.flush()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - start
    busy_after, steal_after, _ = cpu_counters()
    child.returncode = os.waitstatus_to_exitcode(status)

    ticks = os.sysconf("SC_CLK_TCK")
    own = usage.ru_utime + usage.ru_stime
    other = other_cpu_pct((busy_after - busy_before) / ticks, own, wall, cpus)
    steal = round((steal_after - steal_before) / ticks / (wall * cpus) * 100, 1) if wall > 0 else float("nan")
    suffix = (f" load1={load_before:.2f} other_cpu_pct={other:.1f} steal_pct={steal:.1f} run_wall_s={wall:.2f} "
              f"run_cpu_s={own:.2f} ncpu={cpus}")
    for line in held:
        print((relabel(line, args.impl) if args.impl else line) + suffix, flush=True)
    if not held:
        print(f"loadwatch: {' '.join(command)} printed no RESULT line (exit status {child.returncode})",
              file=sys.stderr, flush=True)
    sys.exit(child.returncode if child.returncode >= 0 else 128 - child.returncode)


if __name__ == "__main__":
    main()
