#!/usr/bin/env bash
# Issue #13 benchmark: ms/step of DL4J MultiLayerNetwork (dl4j), DL4J SameDiff (dl4j-samediff) and
# DJL-PyTorch (pytorch) at 2 threads, mnist-cnn (batch 64) and fruit-cnn (batch 32), frameworks
# interleaved in each of 3 repetitions. Run on a quiet machine from the repository root; a few minutes.
# Extra -D options are passed on, e.g. bench/dl4j-vs-pytorch.sh -Ddl4j.native=generic
# WITH_JMH=1 adds a mnist + JMH run (about 5 more minutes) whose report shows the harness overhead.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests install
FW=dl4j,dl4j-samediff,pytorch
mvn -q -B exec:java -Dbench=mnist,fruits -Dframeworks=$FW -Dthreads=2 -Depochs=1 -Dsamples=6400 \
  -Daugment=false -Drepeats=3 "$@"
python3 bench/step-ratio.py results/latest pytorch
# Harness overhead (trial ms/step / JMH trainStep, target <= 1.03): the report's "Harness overhead" table.
if [[ "${WITH_JMH:-0}" == 1 ]]; then
  mvn -q -B exec:java -Dbench=mnist,jmh -Dframeworks=$FW -Dthreads=2 -Depochs=1 -Dsamples=6400 "$@"
fi
