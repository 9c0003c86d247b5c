package org.cnnbench.results;

import java.util.List;

/**
 * The columns of {@code harness-overhead.csv}, written by the report step when the run (or the run
 * named by {@code -Doverhead.jmh}) has a {@code jmh.csv}: the report's harness-overhead table, one
 * row per framework, model and thread count with both a CPU trial and a JMH {@code trainStep}
 * median. Milliseconds; an empty cell where there is no such number.
 */
public enum HarnessOverheadColumn implements Column {
  /** The adapter's name. */
  FRAMEWORK,
  /** The catalogue model's name. */
  MODEL,
  /** Pinned intra-op threads. */
  THREADS,
  /**
   * {@code median}: of the trials' median steps; {@code mean}: of the epochs' mean steps (older
   * runs).
   */
  TRIAL_STATISTIC,
  /** Median over the repetitions of the trials' step figure. */
  TRIAL_MS,
  /** Median over the repetitions of the trials' 99th-percentile step. */
  TRIAL_P99_MS,
  /** JMH's median {@code trainStep}. */
  JMH_MS,
  /** JMH's 99th-percentile {@code trainStep}. */
  JMH_P99_MS,
  /** {@code trial_ms / jmh_ms}. */
  RATIO,
  /** Median over the repetitions of the last epoch's median step (trials of two epochs or more). */
  LAST_EPOCH_MS,
  /** {@code last_epoch_ms / jmh_ms}. */
  LAST_EPOCH_RATIO,
  /** {@code true} when the ratio is at most the target (1.03). */
  WITHIN_TARGET;

  /** The header row of {@code harness-overhead.csv}. */
  public static final List<String> HEADERS = Column.headers(HarnessOverheadColumn.class);
}
