#!/usr/bin/env bash
# Per-op profile of the two DL4J adapters: one short trial per adapter and model with
# oneDNN's trace on (DNNL_VERBOSE=1) and a JFR recording of the trial's JVM, aggregated by
# bench/dl4j-profile.py into shares of the training step. Run from the repository root after
# `mvn -q -B -DskipTests install`; a few minutes. Writes $OUT/profile.md (default
# results/dl4j-profile-<time>/) and prints it. Extra -D options are passed on to every trial, e.g.
# bench/dl4j-profile.sh -Ddl4j.native=generic
# FRAMEWORKS (default "dl4j dl4j-samediff"), BENCHES (default "mnist fruits"), MNIST_SAMPLES (1280),
# FRUIT_SAMPLES (400) and THREADS (2) choose what runs. On a busy machine repeat it: a jcmd that times
# out leaves a trial without JFR table, and waits for descheduled OpenMP threads inflate the oneDNN
# times (the table's last column is the quiet-machine estimate).
set -euo pipefail
cd "$(dirname "$0")/.."
FRAMEWORKS=${FRAMEWORKS:-dl4j dl4j-samediff}
BENCHES=${BENCHES:-mnist fruits}
THREADS=${THREADS:-2}
OUT=${OUT:-results/dl4j-profile-$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
: > "$OUT/profile.md"
failed=0
for bench in $BENCHES; do
  samples=${MNIST_SAMPLES:-1280}
  [[ $bench == fruits ]] && samples=${FRUIT_SAMPLES:-400}
  for fw in $FRAMEWORKS; do
    tag=$bench-$fw
    DNNL_VERBOSE=1 mvn -q -B exec:java -Dbench=$bench -Dframeworks=$fw -Dthreads=$THREADS -Depochs=1 \
      -Dsamples=$samples -Daugment=false -Dresults.dir="$OUT/runs-$tag" "$@" > "$OUT/$tag.runner.log" 2>&1 &
    runner=$!
    pid=""
    while [[ -z $pid ]] && kill -0 $runner 2>/dev/null; do
      sleep 0.5
      # this trial's JVM only (other checkouts may run trials too): its argument lies under $OUT
      pid=$(jcmd -l 2>/dev/null | awk -v d="$OUT/runs-$tag/" \
        '$2 == "org.cnnbench.trial.TrialMain" && index($3, d) == 1 {print $1}' | head -1)
    done
    if [[ -n $pid ]] && jcmd "$pid" JFR.start name=dl4jprofile settings=profile > /dev/null 2>&1; then
      # The trial ends with Runtime.halt, which loses a recording: dump it every few seconds instead.
      while kill -0 "$pid" 2>/dev/null; do
        sleep 3
        jcmd "$pid" JFR.dump name=dl4jprofile filename="$OUT/$tag.part.jfr" > /dev/null 2>&1 \
          && mv -f "$OUT/$tag.part.jfr" "$OUT/$tag.jfr" || true
      done
    fi
    if ! wait $runner; then
      failed=$((failed + 1))
      echo "trial $tag failed, see $OUT/$tag.runner.log" >&2
      printf '### %s, %s: FAILED (see %s)\n\n' "$fw" "$bench" "$OUT/$tag.runner.log" >> "$OUT/profile.md"
      continue
    fi
    run=$(ls -d "$OUT/runs-$tag"/2* | tail -1)
    log=$(ls "$run"/trials/*.log | head -1)
    step_ms=$(python3 -c 'import csv,sys; print(next(csv.DictReader(open(sys.argv[1])))["step_ms"])' "$run/trials.csv")
    if [[ -f $OUT/$tag.jfr ]]; then
      jfr print --stack-depth 64 --events jdk.ExecutionSample,jdk.NativeMethodSample "$OUT/$tag.jfr" > "$OUT/$tag.jfr.txt"
    else
      : > "$OUT/$tag.jfr.txt"
    fi
    python3 bench/dl4j-profile.py "$log" "$OUT/$tag.jfr.txt" "$step_ms" \
      "$fw, $bench ($samples samples, $THREADS threads, step_ms $step_ms)" >> "$OUT/profile.md"
  done
done
cat "$OUT/profile.md"
echo "profile: $OUT/profile.md" >&2
if (( failed > 0 )); then
  echo "$failed profiled trial(s) failed: their sections in profile.md say FAILED" >&2
  exit 1
fi
