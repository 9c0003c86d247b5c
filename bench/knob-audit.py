#!/usr/bin/env python3
"""Summary of bench/knob-audit.sh: per model and framework, the median ms/step of the baseline and of
each setting over its runs (each run's ms/step from bench/step-ratio.py), the spread (max - min over the
runs, in % of the median) and the ratio to the baseline's median (< 1 = the setting is faster).

A run's setting for a framework is the run's -D options named after that framework
(-Dtensorflow.*, -Dmxnet.*, -Dpytorch.*); a run without any is that framework's baseline.

usage: python3 bench/knob-audit.py RUN_LIST
RUN_LIST: lines "round<TAB>results/<run-id><TAB>options" as knob-audit.sh writes them.
"""
import statistics
import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
ms = {}     # (model, framework, setting) -> [ms/step of each run]
order = []  # settings in the order first seen
for line in open(sys.argv[1]):
    if not line.strip():
        continue
    _round, run, opts = (line.rstrip("\n").split("\t") + [""])[:3]
    out = subprocess.run([sys.executable, str(here / "step-ratio.py"), run], capture_output=True,
                         text=True, check=True)
    for row in out.stdout.splitlines()[2:]:
        f = row.split()
        if len(f) < 7:
            continue
        model, fw, step = f[0], f[1], float(f[5])
        setting = " ".join(o for o in opts.split() if o.startswith(f"-D{fw}.")) or "baseline"
        if setting not in order:
            order.append(setting)
        ms.setdefault((model, fw, setting), []).append(step)
print(f"{'model':<10} {'framework':<11} {'setting':<34} {'runs':>4} {'ms/step':>8} {'spread':>7} "
      f"{'x baseline':>10}")
for model, fw in sorted({(m, f) for m, f, _ in ms}):
    base = ms.get((model, fw, "baseline"))
    base_med = statistics.median(base) if base else float("nan")
    for setting in order:
        v = ms.get((model, fw, setting))
        if not v:
            continue
        med = statistics.median(v)
        spread = 100.0 * (max(v) - min(v)) / med
        print(f"{model:<10} {fw:<11} {setting:<34} {len(v):>4} {med:>8.1f} {spread:>6.0f}% "
              f"{med / base_med:>10.3f}")
