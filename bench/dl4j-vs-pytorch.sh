#!/usr/bin/env bash
# DL4J vs PyTorch benchmark: ms/step of DL4J MultiLayerNetwork (dl4j), DL4J SameDiff (dl4j-samediff) and
# DJL-PyTorch (pytorch) at 2 threads, mnist-cnn (batch 64) and fruit-cnn (batch 32), frameworks
# interleaved in each repetition (REPEATS, default 2). Run on a quiet machine from the repository root.
# Long enough to get past the engines' warm-up (both DL4J APIs need a few hundred steps): mnist-cnn
# 3 epochs of 19,200 examples (900 steps), fruit-cnn 8 epochs of the sample's training split (240
# steps); about 8 minutes in all on 2 cores. step-ratio.py prints the whole-run medians and the last
# epoch's (steady state). Extra -D options are passed on, e.g. bench/dl4j-vs-pytorch.sh -Ddl4j.native=generic
# WITH_JMH=1 adds a mnist + JMH run (about 6 more minutes) whose report shows the harness overhead,
# with 3-epoch trials as bench/harness-overhead.sh, so the table has its last-epoch columns.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests install
FW=dl4j,dl4j-samediff,pytorch
REPEATS=${REPEATS:-2}
mvn -q -B exec:java -Dbench=mnist -Dframeworks=$FW -Dthreads=2 -Depochs=3 -Dsamples=19200 \
  -Daugment=false -Drepeats="$REPEATS" "$@"
python3 bench/step-ratio.py results/latest pytorch
mvn -q -B exec:java -Dbench=fruits -Dframeworks=$FW -Dthreads=2 -Depochs=8 \
  -Daugment=false -Drepeats="$REPEATS" "$@"
python3 bench/step-ratio.py results/latest pytorch
# Harness overhead (trial ms/step / JMH trainStep, target <= 1.03): the report's "Harness overhead" table.
if [[ "${WITH_JMH:-0}" == 1 ]]; then
  mvn -q -B exec:java -Dbench=mnist,jmh -Dframeworks=$FW -Dthreads=2 -Depochs=3 -Dsamples=6400 "$@"
fi
