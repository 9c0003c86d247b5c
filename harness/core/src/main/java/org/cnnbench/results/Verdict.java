package org.cnnbench.results;

import java.util.Objects;

/**
 * A trial's status and the reason for it, carried together: the {@code status} and {@code reason}
 * columns of {@code trials.csv}.
 *
 * @param status the status
 * @param reason why, for every status but OK; empty for OK
 */
public record Verdict(TrialStatus status, String reason) {

  /** Checks the status and makes a missing reason empty. */
  public Verdict {
    Objects.requireNonNull(status, "status");
    reason = reason == null ? "" : reason;
  }

  /**
   * @param status the status
   * @param reason why
   * @return the verdict
   */
  public static Verdict of(TrialStatus status, String reason) {
    return new Verdict(status, reason);
  }
}
