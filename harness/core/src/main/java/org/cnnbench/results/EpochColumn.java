package org.cnnbench.results;

import java.util.List;

/**
 * The columns of {@code epochs.csv}, one row per trained epoch, in file order: the trial's identity
 * (the first columns of {@link TrialColumn}), then the fields of the trial's {@link
 * MessageType#EPOCH} message.
 */
public enum EpochColumn implements Column {
  /** The run's id. */
  RUN_ID,
  /** The trial's id. */
  TRIAL_ID,
  /** The adapter's name. */
  FRAMEWORK,
  /** The framework's version. */
  FRAMEWORK_VERSION,
  /** The dataset's name. */
  DATASET,
  /** The catalogue model's name. */
  MODEL,
  /** {@code cpu} or {@code gpu}. */
  DEVICE,
  /** Repetition number, from 1. */
  REPETITION,
  /** Epoch number, from 1. */
  EPOCH,
  /** Mean training loss over the epoch's examples. */
  TRAIN_LOSS,
  /** Training accuracy over the epoch's examples. */
  TRAIN_ACCURACY,
  /** Validation loss after the epoch. */
  VAL_LOSS,
  /** Validation accuracy after the epoch. */
  VAL_ACCURACY,
  /** Wall seconds of the epoch, validation included. */
  EPOCH_SECONDS,
  /** Seconds of the timed training steps (the warm-up step excluded). */
  STEP_SECONDS,
  /** Seconds the loop waited for a batch. */
  DATA_SECONDS,
  /** Seconds of the validation. */
  EVAL_SECONDS,
  /** Images per second of the timed steps. */
  IMAGES_PER_SECOND,
  /** Median milliseconds of a timed step. */
  STEP_MS_MEDIAN,
  /** 99th-percentile milliseconds of a timed step (nearest rank). */
  STEP_MS_P99,
  /** A worker-process adapter's own seconds of the timed steps. */
  WORKER_STEP_SECONDS;

  /** The header row of {@code epochs.csv}. */
  public static final List<String> HEADERS = Column.headers(EpochColumn.class);
}
