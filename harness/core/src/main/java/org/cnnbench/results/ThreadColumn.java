package org.cnnbench.results;

import java.util.List;

/**
 * The columns of {@code threads.csv} ({@code -Dbench=threads}), one row per framework, model and
 * thread count, in file order.
 */
public enum ThreadColumn implements Column {
  /** The adapter's name. */
  FRAMEWORK,
  /** The catalogue model. */
  MODEL,
  /** Pinned intra-op threads. */
  THREADS,
  /** Training images per second over the sweep's trials. */
  IMAGES_PER_SECOND,
  /** Milliseconds per training step. */
  MS_PER_STEP,
  /** Examples per step. */
  BATCH_SIZE,
  /** Trials measured. */
  REPETITIONS,
  /** {@code true} for the fastest thread count of the framework and model. */
  BEST;

  /** The header row of {@code threads.csv}. */
  public static final List<String> HEADERS = Column.headers(ThreadColumn.class);
}
