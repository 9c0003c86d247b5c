package org.cnnbench.process;

import java.time.Duration;
import java.util.List;

/**
 * How a child process ended.
 *
 * @param reason why it ended
 * @param exitCode its exit status ({@code 128 + n} after signal {@code n}); -1 if it never started
 *     or could not be waited for
 * @param wall from just before the start to the end of its output
 * @param lastLines the output's last non-blank lines, stripped, without {@code #} lines (the log's
 *     command line, a JVM's fatal-error banner), each cut to the spec's length
 * @param output everything printed, for {@link ChildProcess#capture}; else empty
 * @param detail why it could not start, for {@link ExitReason#FAILED_TO_START}; else empty
 */
public record ChildResult(
    ExitReason reason,
    int exitCode,
    Duration wall,
    List<String> lastLines,
    String output,
    String detail) {

  /** Copies the list. */
  public ChildResult {
    lastLines = List.copyOf(lastLines);
  }

  /**
   * @return whether it exited by itself with status 0
   */
  public boolean succeeded() {
    return reason == ExitReason.EXITED && exitCode == 0;
  }

  /**
   * @return the wall time in seconds
   */
  public double wallSeconds() {
    return wall.toNanos() / 1e9;
  }

  /**
   * @return the last lines joined with {@code " | "}, or {@code "(empty)"}
   */
  public String lastLinesText() {
    return lastLines.isEmpty() ? "(empty)" : String.join(" | ", lastLines);
  }
}
