#!/usr/bin/env python3
"""Aggregates one DL4J trial's profile (bench/dl4j-profile.sh) into Markdown tables of shares.

usage: dl4j-profile.py <trial.log> <jfr-print.txt> <step_ms> [label]

- oneDNN: the trial log's `dnnl_verbose,exec` lines (DNNL_VERBOSE=1) of the training steps (from the
  first line to the last backward_* primitive; evaluation comes after and is left out), summed per
  primitive kind and implementation, per training step, and as a share of the trial's mean step time.
- JFR: `jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample` of the trial's JVM, only the
  samples whose stack holds a `trainBatch` frame (the timed steps and the warm-up step), aggregated by
  top frame and by the nearest DL4J/ND4J frame that is not array or executioner plumbing. JFR sees
  Java threads only: libnd4j's OpenMP workers are invisible, the main thread waiting in a native
  call is sampled as that call.
"""
import collections
import re
import sys

PLUMBING = (
    "java.", "jdk.", "sun.", "org.bytedeco.", "org.nd4j.nativeblas.", "org.nd4j.linalg.cpu.nativecpu.",
    "org.nd4j.linalg.api.ops.executioner.", "org.nd4j.linalg.api.ndarray.", "org.nd4j.linalg.factory.",
    "org.nd4j.linalg.api.buffer.", "org.nd4j.linalg.api.shape.", "org.nd4j.linalg.api.memory.",
    "org.nd4j.linalg.workspace.", "org.nd4j.linalg.memory.", "org.nd4j.common.", "org.nd4j.shade.",
    "org.nd4j.linalg.api.ops.DynamicCustomOp", "org.nd4j.linalg.api.ops.BaseOp",
    "org.nd4j.linalg.api.ops.impl.", "org.nd4j.linalg.ops.transforms.", "org.nd4j.linalg.indexing.",
    "org.deeplearning4j.nn.workspace.", "org.nd4j.linalg.api.ops.CustomOp", "org.nd4j.autodiff.functions.",
)


def onednn(log_path):
    rows = []
    with open(log_path, errors="replace") as f:
        for line in f:
            if line.startswith("dnnl_verbose,exec,"):
                p = line.rstrip("\n").split(",")
                try:
                    ms = float(p[-1])
                except ValueError:
                    continue
                rows.append((p[3], p[4], p[5], ",".join(p[6:-1]), ms))
    last = max((i for i, r in enumerate(rows) if r[2].startswith("backward")), default=-1)
    train = rows[: last + 1]
    per_desc = collections.Counter((r[0], r[2], r[3]) for r in train if r[2] == "backward_weights")
    steps = max(per_desc.values(), default=0)
    return train, steps


def jfr_samples(path):
    """Yields (event type, [frames top first]) from `jfr print` text output."""
    kind, frames, in_stack = None, [], False
    with open(path, errors="replace") as f:
        for line in f:
            s = line.strip()
            m = re.match(r"^(jdk\.\w+) \{$", s)
            if m:
                kind, frames, in_stack = m.group(1), [], False
            elif s.startswith("stackTrace = ["):
                in_stack = True
            elif in_stack and s == "]":
                in_stack = False
            elif in_stack and s and s != "...":
                frames.append(re.sub(r"\s+line:.*$", "", s))
            elif s == "}" and kind:
                yield kind, frames
                kind = None


def method(frame):
    return re.sub(r"\(.*$", "", frame)


def table(title, counter, total, top=12):
    out = [f"| {title} | share |", "|---|---|"]
    for k, n in counter.most_common(top):
        out.append(f"| `{k}` | {100.0 * n / total:.1f} % |")
    return "\n".join(out)


def main():
    log, jfr, step_ms = sys.argv[1], sys.argv[2], float(sys.argv[3])
    label = sys.argv[4] if len(sys.argv) > 4 else log
    print(f"### {label}\n")
    train, steps = onednn(log)
    if steps:
        by_kind = collections.defaultdict(float)
        fastest = {}
        calls = collections.Counter()
        # The same per layer shape: the problem descriptor (the last field before the time) names the
        # layer, e.g. mb32_ic3oc16_ih128oh126kh3... is fruit-cnn's first convolution; reorders left out.
        ms_by_shape = collections.defaultdict(float)
        calls_by_shape = collections.Counter()  # summed over memory formats
        quiet_by_shape = collections.defaultdict(float)
        for kind, impl, prop, desc, ms in train:
            key = f"{kind} {prop}" if kind != "reorder" else "reorder"
            by_kind[(key, impl)] += ms
            d = (key, impl, desc)
            fastest[d] = min(ms, fastest.get(d, ms))
            calls[d] += 1
            if kind != "reorder":
                ms_by_shape[(key, impl, desc.split(",")[-1])] += ms
                calls_by_shape[(key, impl, desc.split(",")[-1])] += 1
        quiet = collections.defaultdict(float)
        for (key, impl, desc), ms in fastest.items():
            quiet[(key, impl)] += ms * calls[(key, impl, desc)]
            if key != "reorder":
                quiet_by_shape[(key, impl, desc.split(",")[-1])] += ms * calls[(key, impl, desc)]
        total = sum(by_kind.values()) / steps
        total_quiet = sum(quiet.values()) / steps
        print(f"oneDNN primitives in the training steps: {total:.1f} ms per step over {steps} steps "
              f"(warm-up included) = {100.0 * total / step_ms:.1f} % of the mean step ({step_ms:.1f} ms);"
              f" the rest of the step runs outside oneDNN. On a busy machine a call that waits for a"
              f" descheduled OpenMP thread takes many times its cost, so the last column counts every"
              f" call at the fastest time that primitive took in this trial (a quiet-machine estimate):"
              f" {total_quiet:.1f} ms per step.\n")
        print("| oneDNN primitive (prop, implementation) | ms/step | share of step | ms/step at fastest call |"
              "\n|---|---|---|---|")
        for (key, impl), ms in sorted(by_kind.items(), key=lambda kv: -kv[1]):
            print(f"| {key}, `{impl}` | {ms / steps:.2f} | {100.0 * ms / steps / step_ms:.1f} % |"
                  f" {quiet[(key, impl)] / steps:.2f} |")
        print()
        print("| oneDNN primitive by layer shape (top 10) | calls per step | ms/step | ms/step at fastest call |"
              "\n|---|---|---|---|")
        for k, ms in sorted(ms_by_shape.items(), key=lambda kv: -kv[1])[:10]:
            key, impl, shape = k
            print(f"| {key}, `{impl}`, `{shape}` | {calls_by_shape[k] / steps:.1f} | {ms / steps:.2f} |"
                  f" {quiet_by_shape[k] / steps:.2f} |")
        print()
    else:
        print("oneDNN: no training primitive in the log (DNNL_VERBOSE unset, or no oneDNN build).\n")
    tops, callers, natives = collections.Counter(), collections.Counter(), 0
    n = 0
    for kind, frames in jfr_samples(jfr):
        if not frames or not any(".trainBatch" in fr for fr in frames):
            continue
        n += 1
        natives += kind == "jdk.NativeMethodSample"
        tops[method(frames[0])] += 1
        caller = next((method(fr) for fr in frames if not fr.startswith(PLUMBING)), "?")
        callers[caller] += 1
    if n == 0:
        print("JFR: no sample inside trainBatch.\n")
        return
    print(f"JFR: {n} samples of the main thread inside trainBatch, {100.0 * natives / n:.0f} % of them in"
          " native code.\n")
    print(table("top frame", tops, n))
    print()
    print(table("nearest DL4J/ND4J/adapter frame above the plumbing", callers, n))
    print()


if __name__ == "__main__":
    main()
