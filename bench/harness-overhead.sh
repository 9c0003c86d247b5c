#!/usr/bin/env bash
# The harness's overhead per framework, as in the report's "Harness overhead" table:
# a trial's median ms/step (the median of its timed steps, trials.csv step_ms_median; mnist-cnn, batch
# 64, 6,400 examples, EPOCHS epochs, default 3) divided by JMH's trainStep
# median for the same framework, model and threads; target <= 1.03. Every built adapter that can run
# here (FRAMEWORKS=a,b to choose), -Dthreads=2 (THREADS=n). JMH runs trainStep only (its inference
# benchmarks are excluded, so their jmh.csv rows say "JMH ran nothing"): 2 forks, warm-up 3 x 2 s,
# measurement 5 x 2 s per framework, about 1 minute each. Builds first; on a quiet machine about 8
# minutes for the six adapters. Extra -D options go to the run. Prints the table, and for every
# framework without a row, why. "last epoch" is the same with the median step of the trials' last epoch
# (the report's last two columns): JMH measures after its warm-up, a trial's first epoch holds the engine's.
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=${THREADS:-2}
EPOCHS=${EPOCHS:-3}
mvn -q -B -DskipTests install
fw=()
if [[ -n "${FRAMEWORKS:-}" ]]; then
  fw=("-Dframeworks=$FRAMEWORKS")
fi
status=0
mvn -q -B exec:java -Dbench=mnist,jmh "${fw[@]}" -Dthreads="$THREADS" -Depochs="$EPOCHS" -Dsamples=6400 \
  -Djmh.args="-e infer" "$@" || status=$?
run=$(readlink -f results/latest)
python3 - "$run" <<'PY'
import csv, statistics, sys
from pathlib import Path
run = Path(sys.argv[1])
trials = {r["trial_id"]: r for r in csv.DictReader(open(run / "trials.csv", newline=""))}
ok = {k: t for k, t in trials.items() if t["status"] == "OK" and t["device"] == "cpu"}
steps = {}   # the median of every timed step of each trial (warm-up step excluded)
p99s = {}
for t in ok.values():
    if t["step_ms_median"]:
        key = (t["framework"], t["model"], t["threads"])
        steps.setdefault(key, []).append(float(t["step_ms_median"]))
        p99s.setdefault(key, []).append(float(t["step_ms_p99"]))
last = {}    # trial_id -> (epoch, median step of that epoch)
for e in csv.DictReader(open(run / "epochs.csv", newline="")):
    if e["trial_id"] in ok and e.get("step_ms_median") and int(e["epoch"]) > last.get(e["trial_id"], (0, 0))[0]:
        last[e["trial_id"]] = (int(e["epoch"]), float(e["step_ms_median"]))
lasts = {}
for tid, (epoch, ms) in last.items():
    if epoch >= 2:
        t = ok[tid]
        lasts.setdefault((t["framework"], t["model"], t["threads"]), []).append(ms)
unit = {"ms/op": 1.0, "s/op": 1e3, "us/op": 1e-3, "ns/op": 1e-6}
print(f"run {run}: harness overhead = trial median ms/step / JMH trainStep median (target <= 1.03)")
print(f"{'framework':<15} {'model':<10} {'threads':>7} {'trial ms':>9} {'trial p99':>9} {'JMH ms':>9} "
      f"{'JMH p99':>9} {'ratio':>7} {'last epoch':>10} {'ratio':>7}")
seen = set()
for j in csv.DictReader(open(run / "jmh.csv", newline="")):
    if j["benchmark"] != "trainStep":
        continue
    fw = j["framework"]
    seen.add(fw)
    trial = steps.get((fw, j["model"], j["threads"]))
    if not j["median"] or trial is None:
        why = j["reason"] or "no OK trial of " + fw + " " + j["model"] + " at " + j["threads"] + " thread(s)"
        print(f"{fw:<15} {j['model']:<10} {j['threads']:>7}  no ratio: {why}")
        continue
    jmh = float(j["median"]) * unit.get(j["unit"], float("nan"))
    p99 = float(j["p99"]) * unit.get(j["unit"], float("nan")) if j["p99"] else float("nan")
    med = statistics.median(trial)
    tp99 = statistics.median(p99s[(fw, j["model"], j["threads"])])
    ratio = med / jmh
    le = lasts.get((fw, j["model"], j["threads"]))
    le = statistics.median(le) if le else float("nan")
    print(f"{fw:<15} {j['model']:<10} {j['threads']:>7} {med:>9.2f} {tp99:>9.2f} {jmh:>9.2f} {p99:>9.2f} "
          f"{ratio:>7.3f} {le:>10.2f} {le / jmh:>7.3f}"
          f"{'' if ratio <= 1.03 else '  above target'}")
for t in trials.values():
    if t["framework"] not in seen:
        seen.add(t["framework"])
        print(f"{t['framework']:<15} no JMH row (trial {t['status']})")
PY
exit $status
