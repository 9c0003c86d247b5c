#!/usr/bin/env bash
# Full-size fruit measurements (docs/datasets.md). Run on a QUIET machine, from the repository root, after
#   mvn -q -B -DskipTests install
# Usage:
#   bench/measure-fullsize.sh [data folder, default /work/bigdata] [sizes, default "14000 70000"]
# Environment: SAMPLE (default ../shared/datasets/fruits-sample), FRAMEWORKS (default pytorch),
#   EPOCHS (default 2), SAMPLES (training-example cap of the trial, default 0 = all), THREADS (default: cores),
#   BUILDER_XMX (heap of the cache builder, default 256m: the same small heap for 14k and 70k images shows
#   that nothing but the memory-mapped cache grows with the dataset).
# For every size it
#   1. writes <data>/fruits-<n> with bench/MakeFruitFolders.java (once; reused when present),
#   2. builds the decode cache alone (DecodeCacheMain, every core) under /usr/bin/time -v into a fresh
#      <data>/datasets-<n>/cache: images/s, threads, cores used ((user+sys)/wall), cache size, peak RSS,
#   3. runs a short fruit trial (-Dbench=fruits -Dfruits.dir=<data>/fruits-<n>) that reuses that cache,
#      sampling the runner JVM's VmHWM (the Maven JVM that exec:java runs in, so Maven's own ~100-200 MB
#      are included), and reads the trial's own peak_rss_mb (trials.csv) and data_seconds per epoch
#      (epochs.csv: the time training waited for batches),
# and prints one Markdown table row per size (also written to <data>/measurements-<time>/summary.md).
set -euo pipefail

DATA=${1:-/work/bigdata}
SIZES=${2:-"14000 70000"}
SAMPLE=${SAMPLE:-../shared/datasets/fruits-sample}
FRAMEWORKS=${FRAMEWORKS:-pytorch}
EPOCHS=${EPOCHS:-2}
SAMPLES=${SAMPLES:-0}
THREADS=${THREADS:-$(nproc)}
BUILDER_XMX=${BUILDER_XMX:-256m}
CORE_CP=harness/core/target/classes

[ -f pom.xml ] && [ -d harness/core ] || { echo "run from the repository root" >&2; exit 2; }
[ -d "$CORE_CP/org/cnnbench/data/fruits" ] || { echo "build first: mvn -q -B -DskipTests install" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package 'time')" >&2; exit 2; }
case "$(cd "$(dirname "$DATA")" 2>/dev/null && pwd)/" in "$(pwd)"/*) echo "the data folder must be outside the repository" >&2; exit 2;; esac

OUT=$DATA/measurements-$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$OUT"

# column <file.csv> <column name> [trial_id filter]: prints that column of every row (RFC 4180 quotes handled)
column() {
  awk -v want="$2" -v trial="${3:-}" '
    function parse(line,   i, c, q, f, n) {
      n = 0; f = ""; q = 0
      for (i = 1; i <= length(line); i++) {
        c = substr(line, i, 1)
        if (q) { if (c == "\"") { if (substr(line, i + 1, 1) == "\"") { f = f "\""; i++ } else q = 0 } else f = f c }
        else if (c == "\"") q = 1
        else if (c == ",") { F[++n] = f; f = "" }
        else f = f c
      }
      F[++n] = f
      return n
    }
    NR == 1 { n = parse($0); for (i = 1; i <= n; i++) H[F[i]] = i; next }
    { parse($0); if (trial == "" || F[H["trial_id"]] == trial) print F[H[want]] }' "$1"
}

echo "| images | skipped | cache build s | img/s | decode threads | cores used | cache MB | builder peak RSS MB | runner peak RSS MB | trial peak RSS MB | data wait s per epoch | epoch s |" > "$OUT/summary.md"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|" >> "$OUT/summary.md"

java bench/MakeFruitFolders.java "$SAMPLE" "$DATA" $SIZES

for n in $SIZES; do
  dir=$DATA/fruits-$n
  ds=$DATA/datasets-$n
  rm -rf "$ds/cache"
  mkdir -p "$ds/cache"
  sync
  echo "== $n images: decode cache build"
  /usr/bin/time -v -o "$OUT/cache-$n.time" java -Xmx"$BUILDER_XMX" -cp "$CORE_CP" org.cnnbench.data.fruits.DecodeCacheMain \
    "$dir" "$ds/cache" > "$OUT/cache-$n.out" 2> "$OUT/cache-$n.err"
  tail -1 "$OUT/cache-$n.err"
  cat "$OUT/cache-$n.out"
  record=$(cat "$ds"/cache/*.u8.build)
  field() { echo "$record" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
  wall=$(field seconds); rate=$(field images_per_second); threads=$(field threads)
  skipped=$(field skipped); cache_mb=$(( $(field cache_bytes) / 1000000 ))
  user=$(sed -n 's/.*User time (seconds): //p' "$OUT/cache-$n.time")
  sys=$(sed -n 's/.*System time (seconds): //p' "$OUT/cache-$n.time")
  elapsed=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$OUT/cache-$n.time" \
    | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  cores=$(awk -v u="$user" -v s="$sys" -v e="$elapsed" 'BEGIN { printf "%.2f", (u + s) / e }')
  builder_rss=$(( $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$OUT/cache-$n.time") / 1024 ))

  echo "== $n images: fruit trial ($FRAMEWORKS, $EPOCHS epoch(s), samples $SAMPLES)"
  mvn -q -B exec:java -Dbench=fruits -Dfruits.dir="$dir" -Ddatasets.dir="$ds" -Dframeworks="$FRAMEWORKS" \
    -Depochs="$EPOCHS" -Dsamples="$SAMPLES" -Dthreads="$THREADS" -Dresults.dir="$OUT/results-$n" \
    -Dreports.dir="$OUT/reports-$n" > "$OUT/run-$n.log" 2>&1 &
  pid=$!   # mvn execs java: this is the runner's JVM
  hwm=0
  while kill -0 "$pid" 2>/dev/null; do
    v=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$v" ] && [ "$v" -gt "$hwm" ] && hwm=$v
    sleep 1
  done
  wait "$pid" || { echo "the fruit run failed, see $OUT/run-$n.log" >&2; tail -20 "$OUT/run-$n.log" >&2; exit 1; }
  runner_rss=$(( hwm / 1024 ))
  run=$(ls -1 "$OUT/results-$n" | grep -v -e latest -e README | tail -1)
  trials=$OUT/results-$n/$run/trials.csv
  epochs=$OUT/results-$n/$run/epochs.csv
  trial=$(column "$trials" trial_id | head -1)
  status=$(column "$trials" status "$trial")
  trial_rss=$(column "$trials" peak_rss_mb "$trial")
  data_wait=$(column "$epochs" data_seconds "$trial" | paste -sd/ -)
  epoch_s=$(column "$epochs" epoch_seconds "$trial" | paste -sd/ -)
  grep -E "cache_build|train_examples" "$OUT/results-$n/$run/environment.csv" || true
  echo "trial $trial: $status"
  echo "| $n | $skipped | $wall | $rate | $threads | $cores | $cache_mb | $builder_rss | $runner_rss | $trial_rss | $data_wait | $epoch_s |" \
    | tee -a "$OUT/summary.md"
done
echo
echo "machine: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB"
cat "$OUT/summary.md"
echo "(all files in $OUT)"
