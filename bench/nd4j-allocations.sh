#!/usr/bin/env bash
# Per-allocation profile of ND4J's native buffers during a DL4J adapter's training steps
# (bench/Nd4jAllocations.java): per call site, the bytes allocated per step and how each buffer was
# freed (closed by its owner, or left to the garbage collector). Started like a trial's JVM through
# bench/step-cost.sh. Not part of the build or the tests. After
# `mvn -o -q -B -pl adapters/dl4j-samediff -am -DskipTests install`:
#   bench/nd4j-allocations.sh dl4j-samediff threads=2 steps=25 models=fruit-cnn,mnist-cnn
#   bench/nd4j-allocations.sh dl4j threads=2 steps=25 models=fruit-cnn
set -euo pipefail
cd "$(dirname "$0")/.."
framework=${1:?usage: bench/nd4j-allocations.sh dl4j-samediff|dl4j [threads=N] [steps=N] [models=a,b] [gc=true]}
shift
exec bench/step-cost.sh "$framework" -Dstepcost.source=bench/Nd4jAllocations.java "$@"
