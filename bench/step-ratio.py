#!/usr/bin/env python3
"""Median ms per training step per (model, framework) of a cnn-bench run, and each framework's ratio
to a reference framework (default pytorch).

ms/step of an epoch = 1000 * batch_size / images_per_second (the epoch's mean step time, warm-up step
excluded); the median is taken over all epochs and repetitions of a (model, framework).

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
for e in csv.DictReader(open(run / "epochs.csv", newline="")):
    t = trials.get(e["trial_id"])
    if t is None or not e["images_per_second"]:
        continue
    ms = 1000.0 * float(t["batch_size"]) / float(e["images_per_second"])
    steps.setdefault((t["model"], t["framework"], t["threads"], t["batch_size"]), []).append(ms)
print(f"run {run}")
print(f"{'model':<10} {'framework':<14} {'threads':>7} {'batch':>5} {'epochs':>6} {'ms/step':>9} "
      f"{'x ' + reference:>10}")
for key in sorted(steps):
    model, fw, threads, batch = key
    med = statistics.median(steps[key])
    ref = steps.get((model, reference, threads, batch))
    ratio = med / statistics.median(ref) if ref else float("nan")
    print(f"{model:<10} {fw:<14} {threads:>7} {batch:>5} {len(steps[key]):>6} {med:>9.1f} {ratio:>10.2f}")
