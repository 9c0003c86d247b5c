package org.cnnbench.runner;

import java.util.Collection;
import org.cnnbench.results.TrialStatus;

/**
 * What the runner's exit status tells a script; docs/reliability-faults.md lists the same table
 * (ExitCodeDocTest).
 */
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
  /** The run finished, but at least one trial is FAILED, TIMEOUT, DIVERGED or INTERRUPTED. */
  TRIAL_NOT_OK(5),
  /**
   * {@code -Dbench=compare} with {@code -Dcompare.fail=<percent>}: at least one variant's
   * steady-state step time is slower than the baseline's by more than that percent, with 95 %
   * confidence (the interval's lower bound of the ratio exceeds {@code 1 + percent/100});
   * docs/regression-gate.md.
   */
  REGRESSION(6),
  /**
   * Stopped by Ctrl-C (SIGINT) or SIGTERM: finished rows are kept, the last line gives the {@code
   * -Dresume} command (128 + 2, the shell's convention for SIGINT, for either signal).
   */
  INTERRUPTED(130);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /**
   * @return the process exit status
   */
  public int code() {
    return code;
  }

  /**
   * @param status a trial's status as recorded
   * @return true if it makes the run fail ({@link TrialStatus#failsRun()})
   */
  static boolean failsRun(String status) {
    return TrialStatus.find(status).map(TrialStatus::failsRun).orElse(false);
  }

  /**
   * @param statuses the statuses of a run's trials
   * @return {@link #TRIAL_NOT_OK} if one is FAILED, TIMEOUT, DIVERGED or INTERRUPTED, else {@link
   *     #OK}
   */
  static ExitCode ofStatuses(Collection<String> statuses) {
    return statuses.stream().anyMatch(ExitCode::failsRun) ? TRIAL_NOT_OK : OK;
  }
}
