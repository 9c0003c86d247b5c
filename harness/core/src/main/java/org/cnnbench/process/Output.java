package org.cnnbench.process;

/** What happens to a child's standard output or standard error. */
public enum Output {
  /**
   * Read line by line by this helper: each line goes to the {@link LineListener}, and the lines it
   * does not consume go to the log file (when the spec has one) and into the last lines kept.
   */
  LINES,
  /** Appended by the operating system to the spec's log file (which it then requires). */
  LOG,
  /** Left to the caller: {@link ChildProcess#stdout()} / {@link ChildProcess#stderr()}. */
  PIPE,
  /** The same stream as this JVM's. */
  INHERIT,
  /** Standard error only: merged into standard output and handled as standard output is. */
  MERGE,
  /** Thrown away. */
  DISCARD
}
