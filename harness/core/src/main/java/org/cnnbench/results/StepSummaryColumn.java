package org.cnnbench.results;

import java.util.List;

/**
 * The columns of {@code step-summary.csv}, written by the report step: one row per OK trial with
 * its step times, the numbers the step-time tables are made of. Milliseconds; an empty cell where
 * the run has no such number (a run written before epochs recorded their step medians).
 */
public enum StepSummaryColumn implements Column {
  /** The trial's id. */
  TRIAL_ID,
  /** The adapter's name. */
  FRAMEWORK,
  /** The dataset's name. */
  DATASET,
  /** The catalogue model's name. */
  MODEL,
  /** {@code cpu} or {@code gpu}. */
  DEVICE,
  /** Pinned intra-op threads. */
  THREADS,
  /** Examples per step. */
  BATCH_SIZE,
  /** Repetition number, from 1. */
  REPETITION,
  /** Epoch rows the trial wrote. */
  EPOCHS,
  /**
   * Median over the trial's epochs of each epoch's mean step, {@code 1000 * batch_size /
   * images_per_second}.
   */
  EPOCH_MEAN_STEP_MS,
  /** The trial's median timed step ({@code step_ms_median} of trials.csv). */
  STEP_MS_MEDIAN,
  /** The trial's 99th-percentile timed step ({@code step_ms_p99} of trials.csv). */
  STEP_MS_P99,
  /** The number of the trial's last epoch with a median step. */
  LAST_EPOCH,
  /** That epoch's median step ({@code step_ms_median} of its epochs.csv row). */
  LAST_EPOCH_STEP_MS_MEDIAN;

  /** The header row of {@code step-summary.csv}. */
  public static final List<String> HEADERS = Column.headers(StepSummaryColumn.class);
}
