package org.cnnbench.results;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a trial ended: the {@code status} column of {@code trials.csv}. */
public enum TrialStatus {
  /** Trained and evaluated. */
  OK,
  /** Crashed, exited without a result, or failed a check (parameter counts, initial weights). */
  FAILED,
  /** Ran past {@code -Dtimeout} and was killed. */
  TIMEOUT,
  /** A loss became NaN or infinite. */
  DIVERGED,
  /** Cut short because the runner could not record it (a full disk); {@code -Dresume} reruns it. */
  INTERRUPTED,
  /** Not run: this machine lacks what it needs (no GPU, no dataset). */
  SKIPPED,
  /** Not run: the framework cannot do it (a capability it lacks). */
  UNSUPPORTED;

  /**
   * @return true for {@link #OK}
   */
  public boolean isOk() {
    return this == OK;
  }

  /**
   * @return true for the statuses that make a run exit with code 5: FAILED, TIMEOUT, DIVERGED and
   *     INTERRUPTED; SKIPPED and UNSUPPORTED trials are listed but allowed
   */
  public boolean failsRun() {
    return this == FAILED || this == TIMEOUT || this == DIVERGED || this == INTERRUPTED;
  }

  /**
   * @return true when the trial was never started (SKIPPED, UNSUPPORTED)
   */
  public boolean notRun() {
    return this == SKIPPED || this == UNSUPPORTED;
  }

  /**
   * @param text a status as written in {@code trials.csv} or sent in a result message
   * @return the status, or empty if it is none
   */
  public static Optional<TrialStatus> find(String text) {
    for (TrialStatus s : values()) {
      if (s.name().equals(text)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * @param text a status as written
   * @return the status
   * @throws IllegalArgumentException naming the valid ones
   */
  public static TrialStatus parse(String text) {
    return find(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    String.format(
                        Locale.ROOT, "unknown trial status \"%s\"; valid: %s", text, valid())));
  }

  /**
   * @return every status, comma-separated, in declaration order
   */
  public static String valid() {
    return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
  }
}
