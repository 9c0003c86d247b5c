package org.cnnbench.results;

import java.util.List;

/**
 * The columns of {@code memory-sweep.csv} ({@code -Dbench=memory}), in file order: one row per
 * framework, model and batch size, in the order the sweep tried them.
 */
public enum MemorySweepColumn implements Column {
  /** The adapter's name. */
  FRAMEWORK,
  /** The catalogue model. */
  MODEL,
  /** Examples per step. */
  BATCH_SIZE,
  /** Repetition number, from 1. */
  REPETITION,
  /** The trial's {@link TrialStatus}: SKIPPED for a size after the one that stopped the sweep. */
  STATUS,
  /** Peak resident set of the trial's whole process tree, MiB. */
  PEAK_TREE_RSS_MB,
  /** Peak resident set of the trial's JVM alone ({@code VmHWM}), MiB. */
  PEAK_JVM_RSS_MB,
  /** Peak heap of the trial's JVM, MiB. */
  PEAK_HEAP_MB,
  /** Mean harness milliseconds per timed step (the first step excluded). */
  STEP_MS,
  /** Training images per second over the timed steps. */
  IMAGES_PER_SECOND,
  /** Training steps the trial was planned to take. */
  STEPS,
  /** The memory cap of the sweep ({@code -Dmemory.cap}), MiB. */
  CAP_MB,
  /** {@code true} on the size that stopped the framework's sweep (failed or over the cap). */
  STOPPED_HERE,
  /** Why, for every status but OK. */
  REASON;

  /** The header row of {@code memory-sweep.csv}. */
  public static final List<String> HEADERS = Column.headers(MemorySweepColumn.class);
}
