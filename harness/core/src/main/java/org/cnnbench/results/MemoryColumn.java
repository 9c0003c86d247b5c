package org.cnnbench.results;

import java.util.List;

/**
 * The columns of {@code memory.csv}, in file order: one row per sample of a trial's whole process
 * tree (the trial's JVM and every process it started), taken by the runner at a fixed interval.
 */
public enum MemoryColumn implements Column {
  /** The trial's id. */
  TRIAL_ID,
  /** Milliseconds since the trial's process started. */
  T_MS,
  /** Resident set of the tree: the sum of every process's {@code VmRSS}, MiB. */
  RSS_MB,
  /** Anonymous resident pages of the tree: the sum of {@code RssAnon}, MiB. */
  ANON_MB,
  /**
   * File-backed and shared-memory resident pages of the tree: the sum of {@code RssFile +
   * RssShmem}, MiB.
   */
  FILE_MB,
  /** Processes in the tree at this sample. */
  PROCESSES,
  /**
   * {@code setup} (data, engine), {@code train} or {@code test}, from the trial's messages so far.
   */
  PHASE,
  /** The epoch in progress, empty before training. */
  EPOCH,
  /** The last step the trial reported in this epoch, empty if none yet. */
  STEP;

  /** The header row of {@code memory.csv}. */
  public static final List<String> HEADERS = Column.headers(MemoryColumn.class);
}
