#!/usr/bin/env bash
# The engine settings worth an A/B, each measured against today's defaults.
# A "slot" is one run holding at most one changed setting per framework (each framework trains in its
# own process, so a TensorFlow option cannot touch an MXNet trial); a slot runs only the frameworks it
# changes, the baseline runs all three. Each run: mnist-cnn (batch 64, 6,400 examples) and fruit-cnn
# (batch 32, no augmentation), 1 epoch, -Dthreads=2. The REPEATED slots are interleaved (baseline,
# slot 1, ...), the order rotated each round, ROUNDS times (default 3); the ONCE slots, settings
# measured several times slower than the default (adapters/*/README.md, docs/options.md), run in the
# first round only (SKIP_ONCE=1 skips them). Then the harness's KnobAudit (org.cnnbench.report) writes,
# per model and framework, the median ms/step of the baseline and of each setting (epoch_mean_step_ms of
# each run's step-ratios.csv), the spread over the runs and the ratio to the baseline (< 1 = faster)
# into a CSV beside the run list, and this script prints it. About 12-14 minutes on a quiet 2-core
# machine (estimated: the XLA fruit-cnn trial alone takes minutes), after it builds (mvn install):
#   bench/knob-audit.sh
#   ROUNDS=5 bench/knob-audit.sh -Dfruits.dir=/data/fruits   # extra -D options go to every run
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
mvn -q -B -DskipTests install
# One slot a line; options named -Dtensorflow.*, -Dmxnet.*, -Dpytorch.* (adapters/*/README.md, docs/options.md).
REPEATED=(
  ""
  "-Dtensorflow.feed=reuse -Dmxnet.engine=ThreadedEngine -Dpytorch.interop_threads=2"
  "-Dtensorflow.grappler=off -Dmxnet.engine=NaiveEngine"
)
ONCE=(
  "-Dtensorflow.onednn=off -Dmxnet.mkldnn=off"
  "-Dtensorflow.xla=on"
)
if [[ "${SKIP_ONCE:-0}" == 1 ]]; then
  ONCE=()
fi
list=$(mktemp "${TMPDIR:-/tmp}/knob-audit.XXXXXX")
echo "knob-audit: $ROUNDS round(s) of ${#REPEATED[@]} runs, ${#ONCE[@]} more in the first; run list in $list" >&2
start=$(date +%s)
for round in $(seq 1 "$ROUNDS"); do
  slots=()
  for i in $(seq 0 $(( ${#REPEATED[@]} - 1 ))); do
    slots+=("${REPEATED[$(( (i + round - 1) % ${#REPEATED[@]} ))]}")
  done
  if [[ "$round" == 1 ]]; then
    slots+=("${ONCE[@]}")
  fi
  for opts in "${slots[@]}"; do
    frameworks=tensorflow,mxnet,pytorch
    if [[ -n "$opts" ]]; then
      frameworks=$(tr ' ' '\n' <<<"$opts" | sed -n 's/^-D\([a-z]*\)\..*/\1/p' | sort -u | paste -sd, -)
    fi
    echo "knob-audit: round $round/$ROUNDS, $frameworks: ${opts:-baseline}" >&2
    before=$(readlink -f results/latest 2>/dev/null || true)
    # shellcheck disable=SC2086
    if ! mvn -q -B exec:java -Dbench=mnist,fruits -Dframeworks="$frameworks" -Dthreads=2 -Depochs=1 \
        -Dsamples=6400 -Daugment=false $opts "$@" >"$list.log" 2>&1; then
      echo "knob-audit: the run did not end with every trial OK (missing rows are left out); last lines:" >&2
      tail -3 "$list.log" >&2
    fi
    run=$(readlink -f results/latest 2>/dev/null || true)
    if [[ -n "$run" && "$run" != "$before" ]]; then
      printf '%s\t%s\t%s\n' "$round" "$run" "$opts" >>"$list"
    fi
  done
done
echo "knob-audit: $(( ($(date +%s) - start + 30) / 60 )) min" >&2
# The summary is computed by the harness (KnobAudit) from each run's step-ratios.csv; this only prints it.
# This checkout's own build output comes first on the class path, before what ~/.m2 holds.
mvn -q -B -pl harness/report dependency:build-classpath -Dmdep.outputFile="$list.classpath"
java -cp "harness/report/target/classes:harness/core/target/classes:$(cat "$list.classpath")" \
  org.cnnbench.report.KnobAudit "$list" "$list.csv"
echo "knob-audit: $list.csv" >&2
column -s, -t < "$list.csv"
