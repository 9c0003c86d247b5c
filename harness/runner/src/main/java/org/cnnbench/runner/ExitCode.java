package org.cnnbench.runner;

import java.util.Collection;
import java.util.Set;

/** What the runner's exit status tells a script; the README lists the same table. */
public enum ExitCode {
  /** Every trial is OK, SKIPPED or UNSUPPORTED (or nothing ran: list, report). */
  OK(0),
  /** An unexpected error inside cnn-bench (a bug), or Maven itself failed before cnn-bench ran. */
  INTERNAL(1),
  /** A bad option: unknown value, misspelled value, duplicate entry, nothing to resume. */
  USAGE(2),
  /** A file or folder could not be read or written (results, reports, datasets). */
  IO(3),
  /** The built code does not match the checkout: rebuild with {@code mvn -DskipTests install}. */
  STALE_BUILD(4),
  /** The run finished, but at least one trial is FAILED, TIMEOUT or DIVERGED. */
  TRIAL_NOT_OK(5);

  /** Statuses that make a run fail. */
  static final Set<String> NOT_OK = Set.of("FAILED", "TIMEOUT", "DIVERGED", "INTERRUPTED");

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** @return the process exit status */
  public int code() {
    return code;
  }

  /**
   * @param statuses the statuses of a run's trials
   * @return {@link #TRIAL_NOT_OK} if one is FAILED, TIMEOUT or DIVERGED, else {@link #OK}
   */
  static ExitCode ofStatuses(Collection<String> statuses) {
    return statuses.stream().anyMatch(NOT_OK::contains) ? TRIAL_NOT_OK : OK;
  }
}
