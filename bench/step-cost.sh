#!/usr/bin/env bash
# Per-step CPU and wall time and peak RSS of one adapter's training step, or the RSS curve of many
# build/train/evaluate/close cycles (bench/StepCost.java), in a JVM started like a trial's (the
# adapter's class path, system properties and thread variables). For A/B comparisons of an adapter's
# settings; not part of the build or the tests. Run from anywhere after
# `mvn -o -q -B -pl adapters/MODULE -am -DskipTests install`:
#   bench/step-cost.sh dl4j-samediff steps=30 threads=1 models=mnist-cnn,fruit-cnn gc=false
#   bench/step-cost.sh dl4j-samediff mode=rss cycles=200 fruitFirst=true
#   bench/step-cost.sh dl4j steps=20 -Ddl4j.native=generic      (-D options go to the measuring JVM)
set -euo pipefail
cd "$(dirname "$0")/.."
framework=${1:?usage: bench/step-cost.sh FRAMEWORK [key=value...] [-Dname=value...]}
shift
list=$(ls adapters/*/target/classes/META-INF/cnn-bench/adapter-"$framework".classpath 2>/dev/null | head -1 || true)
if [[ -z $list ]]; then
  echo "no build of adapter '$framework' in adapters/*/target/classes; known: $(ls adapters/*/target/classes/META-INF/cnn-bench/ 2>/dev/null \
    | sed -n 's/^adapter-\(.*\)\.classpath$/\1/p' | tr '\n' ' ')(build with mvn -o -q -B -pl adapters/MODULE -am -DskipTests install)" >&2
  exit 2
fi
classes=${list%/META-INF/cnn-bench/*}
jvm=()
args=()
for a in "$@"; do
  if [[ $a == -D* ]]; then jvm+=("$a"); else args+=("$a"); fi
done
exec java -cp "harness/core/target/classes:$classes:$(cat "$list")" -Dcnnbench.root="$PWD" \
  -Dstepcost.source=bench/StepCost.java "${jvm[@]}" bench/StepCost.java launch "$framework" "${args[@]}"
