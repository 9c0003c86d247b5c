#!/usr/bin/env bash
# Java vs Python on a quiet machine: ms/step of Python PyTorch (as the harness times it, and as the
# worker times its own forward+backward+update), of DJL PyTorch, and the transfer overhead
# (harness ms/step / worker ms/step - 1; target <= 3 %), at 1 and 2 threads, on mnist-cnn (batch 64)
# and fruit-cnn (batch 32). The two frameworks are interleaved within each repetition.
#
#   bash bench/python-reference.sh            # REPEATS=3 by default; PYTHON=/path/to/python to pick one
#
# Each run's rows stay in results/<run-id>/trials.csv (columns step_ms, worker_step_ms,
# transfer_overhead) and its report in reports/<run-id>/ (table "Java vs Python").
set -euo pipefail
cd "$(dirname "$0")/.."
REPEATS=${REPEATS:-3}
MNIST_SAMPLES=${MNIST_SAMPLES:-6400}
extra=()
[ -n "${PYTHON:-}" ] && extra+=("-Dpython=$PYTHON")
mvn -q -B -DskipTests install
runs=()
for threads in 1 2; do
  mvn -q -B exec:java -Dbench=mnist -Dmodels=mnist-cnn -Dbatch=64 -Dframeworks=python-pytorch,pytorch \
    -Dthreads="$threads" -Drepeats="$REPEATS" -Dsamples="$MNIST_SAMPLES" -Depochs=1 "${extra[@]}"
  runs+=("$(basename "$(readlink -f results/latest)")")
  mvn -q -B exec:java -Dbench=fruits -Dmodels=fruit-cnn -Dbatch=32 -Dframeworks=python-pytorch,pytorch \
    -Dthreads="$threads" -Drepeats="$REPEATS" -Depochs=1 "${extra[@]}"
  runs+=("$(basename "$(readlink -f results/latest)")")
done
printf '%-16s %-10s %-15s %7s %4s %12s %12s %10s\n' run model framework threads rep step_ms worker_ms overhead
for run in "${runs[@]}"; do
  awk -F, -v run="$run" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $col["status"] == "OK" {
      printf "%-16s %-10s %-15s %7s %4s %12s %12s %10s\n", run, $col["model"], $col["framework"],
        $col["threads"], $col["repetition"], $col["step_ms"], $col["worker_step_ms"], $col["transfer_overhead"]
    }' "results/$run/trials.csv"
done
