package org.cnnbench.results;

import java.util.List;

/**
 * The columns of {@code step-ratios.csv}, written by the report step: per dataset, model,
 * framework, device, thread count and batch size, the medians over every epoch and repetition of
 * its OK trials, and their ratios to a reference framework on the same dataset, model, device,
 * threads and batch: one row per framework that ran them as the reference, itself included.
 * Milliseconds; an empty cell where a number is missing.
 */
public enum StepRatioColumn implements Column {
  /** The dataset's name. */
  DATASET,
  /** The catalogue model's name. */
  MODEL,
  /** The adapter's name. */
  FRAMEWORK,
  /** {@code cpu} or {@code gpu}. */
  DEVICE,
  /** Pinned intra-op threads. */
  THREADS,
  /** Examples per step. */
  BATCH_SIZE,
  /** OK trials (repetitions). */
  TRIALS,
  /** Epoch rows over those trials. */
  EPOCHS,
  /** Median over every epoch of its mean step, {@code 1000 * batch_size / images_per_second}. */
  EPOCH_MEAN_STEP_MS,
  /** Median over every epoch of its median step. */
  STEP_MS_MEDIAN,
  /** Median over every epoch of its 99th-percentile step. */
  STEP_MS_P99,
  /** Median over the trials of their last epoch's median step. */
  LAST_EPOCH_STEP_MS,
  /** The framework the ratios are to. */
  REFERENCE,
  /** {@code epoch_mean_step_ms} over the reference's. */
  EPOCH_MEAN_RATIO,
  /** {@code step_ms_median} over the reference's. */
  STEP_MS_MEDIAN_RATIO,
  /** {@code last_epoch_step_ms} over the reference's. */
  LAST_EPOCH_RATIO;

  /** The header row of {@code step-ratios.csv}. */
  public static final List<String> HEADERS = Column.headers(StepRatioColumn.class);
}
