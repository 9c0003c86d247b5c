#!/usr/bin/env bash
# The harness's overhead per framework, as in the report's "Harness overhead" table:
# a trial's median ms/step (the median of its timed steps, trials.csv step_ms_median; mnist-cnn, batch
# 64, 6,400 examples, EPOCHS epochs, default 3) divided by JMH's trainStep
# median for the same framework, model and threads; target <= 1.03. Every built adapter that can run
# here (FRAMEWORKS=a,b to choose), -Dthreads=2 (THREADS=n). JMH runs trainStep only (its inference
# benchmarks are excluded, so their jmh.csv rows say "JMH ran nothing"): 2 forks, warm-up 3 x 2 s,
# measurement 5 x 2 s per framework, about 1 minute each. Builds first; on a quiet machine about 8
# minutes for the six adapters. Extra -D options go to the run. Prints the run's harness-overhead.csv,
# which the report step writes (p99s beside the medians). "last_epoch" is the same with the median step of
# the trials' last epoch (the report's last two columns): JMH measures after its warm-up, a trial's first
# epoch holds the engine's.
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
# The report step wrote the table into the run folder (docs/results-schema-derived.md); this only prints it.
echo "run $run: harness overhead = trial median ms/step / JMH trainStep median (target <= 1.03)"
if [[ -f "$run/harness-overhead.csv" ]]; then
  column -s, -t < "$run/harness-overhead.csv"
else
  echo "no harness-overhead.csv: no framework has both an OK CPU trial and a JMH trainStep median;" \
    "see the reason column of $run/jmh.csv and the status column of $run/trials.csv"
fi
exit $status
