#!/usr/bin/env python3
"""Prints a cnn-bench run's step-ratios.csv for one reference framework (default pytorch): per model,
framework, device, threads and batch, the median ms per training step and each figure's ratio to the
reference on the same model, device, threads and batch. The harness computes and writes the table when it
generates the run's report (docs/results-schema-derived.md); this script only selects and prints it.

Columns: epoch_mean_step_ms, the median over all epochs and repetitions of each epoch's mean step
(1000 * batch_size / images_per_second, warm-up step excluded: what throughput sees, long steps
included); step_ms_median and step_ms_p99, the medians over the epochs of each epoch's median and 99th
percentile step; last_epoch_step_ms, the median over the repetitions of each trial's last epoch's median
step, the closest to the steady state (the first epochs include the engines' warm-up, long for both DL4J
APIs); and the three *_ratio columns against the reference.

usage: python3 bench/step-ratio.py [results/<run-id>] [reference-framework]
A run whose report was generated before this table existed: regenerate it first,
  mvn -q exec:java -Dbench=report -Drun=<run-id>
"""
import csv
import sys
from pathlib import Path

run = Path(sys.argv[1] if len(sys.argv) > 1 else "results/latest")
reference = sys.argv[2] if len(sys.argv) > 2 else "pytorch"
table = run / "step-ratios.csv"
if not table.is_file():
    sys.exit(f"{table} does not exist: regenerate the run's report (mvn -q exec:java -Dbench=report"
             f" -Drun={run.resolve().name}), which writes it")
columns = ["model", "framework", "device", "threads", "batch_size", "epochs", "epoch_mean_step_ms",
           "epoch_mean_ratio", "step_ms_median", "step_ms_median_ratio", "step_ms_p99", "last_epoch_step_ms",
           "last_epoch_ratio"]
rows = [r for r in csv.DictReader(open(table, newline="")) if r["reference"] == reference]
print(f"run {run}, ratios to {reference}")
if not rows:
    sys.exit(f"no row of {table} has {reference} as its reference: it did not run these trials")
widths = [max(len(c), *(len(r[c]) for r in rows)) for c in columns]
print("  ".join(c.rjust(w) for c, w in zip(columns, widths)))
for r in rows:
    print("  ".join(r[c].rjust(w) for c, w in zip(columns, widths)))
