package org.cnnbench.results;

import java.util.List;

/**
 * The columns of {@code memory-processes.csv}, in file order: one row per process of a trial's tree
 * that the runner's memory sampler saw.
 */
public enum ProcessMemoryColumn implements Column {
  /** The trial's id. */
  TRIAL_ID,
  /** The process id. */
  PID,
  /** The parent's process id. */
  PARENT_PID,
  /** The process's name as the kernel reports it ({@code Name:} of {@code /proc/<pid>/status}). */
  NAME,
  /** The largest {@code VmRSS} sampled, MiB. */
  PEAK_RSS_MB,
  /**
   * The process's own peak resident set ({@code VmHWM}) at the last sample before it ended, MiB.
   */
  VM_HWM_MB,
  /** Milliseconds since the trial started, at the first sample that saw the process. */
  FIRST_T_MS,
  /** Milliseconds since the trial started, at the last sample that saw the process. */
  LAST_T_MS;

  /** The header row of {@code memory-processes.csv}. */
  public static final List<String> HEADERS = Column.headers(ProcessMemoryColumn.class);
}
