package org.cnnbench.results;

import java.util.List;

/** The columns of {@code jmh.csv} ({@code -Dbench=jmh}), one row per benchmark, in file order. */
public enum JmhColumn implements Column {
  /** The adapter's name. */
  FRAMEWORK,
  /** The benchmark method, e.g. {@code trainStep}. */
  BENCHMARK,
  /** Examples per call. */
  BATCH,
  /** JMH's mode, {@code sample}. */
  MODE,
  /** Unit of the times, e.g. {@code ms/op}. */
  UNIT,
  /** Timed calls over all forks. */
  SAMPLES,
  /** Median time. */
  MEDIAN,
  /** 99th percentile. */
  P99,
  /** Mean time. */
  MEAN,
  /** JMH's error of the mean (99.9 %). */
  ERROR,
  /** The catalogue model. */
  MODEL,
  /** Pinned intra-op threads. */
  THREADS,
  /** Why there are no numbers, empty when there are. */
  REASON;

  /** The header row of {@code jmh.csv}. */
  public static final List<String> HEADERS = Column.headers(JmhColumn.class);
}
