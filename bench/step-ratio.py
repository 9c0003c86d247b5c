#!/usr/bin/env python3
"""Median ms per training step per (model, framework) of a cnn-bench run, and each framework's ratio
to a reference framework (default pytorch).

ms/step of an epoch = 1000 * batch_size / images_per_second (the epoch's mean step time, warm-up step
excluded: what throughput sees, long steps included); the median is taken over all epochs and repetitions
of a (model, framework). "median step" is the median over the epochs of each epoch's median step
(epochs.csv step_ms_median, empty for runs written before it existed), and "p99" likewise. "last
epoch" is the median over the repetitions of each trial's last epoch's median step: the closest to the
steady state (the first epochs include the engines' warm-up, long for both DL4J APIs).

usage: python3 bench/step-ratio.py [results/<run-id>] [reference-framework]
"""
import csv
import statistics
import sys
from pathlib import Path

run = Path(sys.argv[1] if len(sys.argv) > 1 else "results/latest")
reference = sys.argv[2] if len(sys.argv) > 2 else "pytorch"
trials = {r["trial_id"]: r for r in csv.DictReader(open(run / "trials.csv", newline=""))
          if r["status"] == "OK"}
steps = {}
medians = {}
p99s = {}
last = {}    # (key, trial_id) -> (epoch, median step of that epoch)
for e in csv.DictReader(open(run / "epochs.csv", newline="")):
    t = trials.get(e["trial_id"])
    if t is None or not e["images_per_second"]:
        continue
    ms = 1000.0 * float(t["batch_size"]) / float(e["images_per_second"])
    key = (t["model"], t["framework"], t["threads"], t["batch_size"])
    steps.setdefault(key, []).append(ms)
    if e.get("step_ms_median"):
        medians.setdefault(key, []).append(float(e["step_ms_median"]))
        p99s.setdefault(key, []).append(float(e["step_ms_p99"]))
        epoch = int(e["epoch"])
        if last.get((key, e["trial_id"]), (0, 0))[0] < epoch:
            last[(key, e["trial_id"])] = (epoch, float(e["step_ms_median"]))
last_by_key = {}
for (key, _), (_, ms) in last.items():
    last_by_key.setdefault(key, []).append(ms)
print(f"run {run}")
print(f"{'model':<10} {'framework':<14} {'threads':>7} {'batch':>5} {'epochs':>6} {'ms/step':>9} "
      f"{'x ' + reference:>10} {'median step':>11} {'x ' + reference:>10} {'p99':>8} {'last epoch':>10} "
      f"{'x ' + reference:>10}")
nan = float("nan")
for key in sorted(steps):
    model, fw, threads, batch = key
    med = statistics.median(steps[key])
    ref = steps.get((model, reference, threads, batch))
    ratio = med / statistics.median(ref) if ref else float("nan")
    mm = statistics.median(medians[key]) if key in medians else nan
    ref_mm = medians.get((model, reference, threads, batch))
    mratio = mm / statistics.median(ref_mm) if ref_mm else nan
    p99 = statistics.median(p99s[key]) if key in p99s else nan
    le = statistics.median(last_by_key[key]) if key in last_by_key else nan
    ref_le = last_by_key.get((model, reference, threads, batch))
    lratio = le / statistics.median(ref_le) if ref_le else nan
    print(f"{model:<10} {fw:<14} {threads:>7} {batch:>5} {len(steps[key]):>6} {med:>9.1f} {ratio:>10.2f}"
          f" {mm:>11.1f} {mratio:>10.2f} {p99:>8.1f} {le:>10.1f} {lratio:>10.2f}")
