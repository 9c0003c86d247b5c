package org.cnnbench.results;

import java.util.List;

/**
 * The columns of {@code trials.csv}, one row per trial, in file order. The fields of a trial's
 * {@link MessageType#RESULT} message are named after these columns.
 */
public enum TrialColumn implements Column {
  /** The run's id. */
  RUN_ID,
  /** The trial's id, unique in the run. */
  TRIAL_ID,
  /** The adapter's name. */
  FRAMEWORK,
  /** The framework's version as its session reports it. */
  FRAMEWORK_VERSION,
  /** The dataset's name. */
  DATASET,
  /** The catalogue model's name. */
  MODEL,
  /** {@code cpu} or {@code gpu}. */
  DEVICE,
  /** Repetition number, from 1. */
  REPETITION,
  /** A {@link TrialStatus}. */
  STATUS,
  /** Why, for every status but OK. */
  REASON,
  /** The spec's parameter count. */
  PARAMS,
  /** Pinned intra-op threads. */
  THREADS,
  /** Epochs trained. */
  EPOCHS,
  /** Seconds to open the framework's session and build and load the network. */
  ENGINE_LOAD_SECONDS,
  /** Seconds of the first (warm-up) step. */
  FIRST_STEP_SECONDS,
  /** Seconds of all training steps, first step included. */
  TRAIN_SECONDS,
  /** Loss on the test split. */
  TEST_LOSS,
  /** Accuracy on the test split. */
  TEST_ACCURACY,
  /** Peak heap of the trial's JVM, MiB. */
  PEAK_HEAP_MB,
  /**
   * Peak resident set of the trial's JVM alone ({@code VmHWM}), MiB; see {@link #PEAK_TREE_RSS_MB}.
   */
  PEAK_RSS_MB,
  /** Examples per step. */
  BATCH_SIZE,
  /** Cap on training examples, 0 for none. */
  SAMPLES,
  /** Seed of the initial weights and the data order. */
  SEED,
  /** Seconds to load the dataset. */
  DATA_LOAD_SECONDS,
  /** Seconds of the test evaluation. */
  TEST_SECONDS,
  /** Seconds to prepare the inference network. */
  INFERENCE_SETUP_SECONDS,
  /** Wall seconds of the trial's process, as the runner measured it. */
  WALL_SECONDS,
  /** SHA-256 of the weights exported after loading the initial weights. */
  INIT_WEIGHTS_SHA256,
  /** SHA-256 of the data order of every epoch. */
  DATA_ORDER_SHA256,
  /** {@code true} for a trial rerun by {@code -Dresume}. */
  RESUMED,
  /** Peak GPU memory of the trial's processes, MiB (GPU trials). */
  PEAK_GPU_MB,
  /** The optimizer's learning rate. */
  LEARNING_RATE,
  /** Mean harness milliseconds per timed step. */
  STEP_MS,
  /** Median harness milliseconds of a timed step, over every epoch. */
  STEP_MS_MEDIAN,
  /** 99th-percentile harness milliseconds of a timed step (nearest rank), over every epoch. */
  STEP_MS_P99,
  /** A worker-process adapter's own milliseconds per timed step. */
  WORKER_STEP_MS,
  /** step_ms over worker_step_ms, minus one. */
  TRANSFER_OVERHEAD,
  /**
   * Peak resident set of the trial's whole process tree (the JVM, a worker, a second engine's
   * process), MiB: the largest sum of {@code VmRSS} over the tree at one sample of the runner.
   */
  PEAK_TREE_RSS_MB,
  /** Anonymous part ({@code RssAnon}) of the tree's resident set at that peak sample, MiB. */
  PEAK_TREE_ANON_MB,
  /**
   * Sum over the tree's processes of each one's own peak resident set ({@code VmHWM} at the last
   * sample that saw it), MiB: an upper bound on the tree's peak, as {@link #PEAK_TREE_RSS_MB} is a
   * lower one.
   */
  TREE_HWM_SUM_MB,
  /** Processes the runner's memory sampler saw in the trial's tree. */
  TREE_PROCESSES,
  /** Interval of the runner's memory samples, milliseconds. */
  MEMORY_SAMPLE_MS;

  /** The header row of {@code trials.csv}. */
  public static final List<String> HEADERS = Column.headers(TrialColumn.class);
}
