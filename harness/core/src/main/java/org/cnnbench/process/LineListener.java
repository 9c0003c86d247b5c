package org.cnnbench.process;

/**
 * Receives the lines a child prints on a stream handled as {@link Output#LINES}, as they arrive.
 */
@FunctionalInterface
public interface LineListener {

  /** Which of the child's streams a line came from. */
  enum Source {
    /** standard output (or standard error merged into it) */
    STDOUT,
    /** standard error */
    STDERR
  }

  /**
   * Called on a reader thread of the child, one line at a time per stream.
   *
   * @param source the stream
   * @param line the line, without its end
   * @return true when the line is consumed: it is then neither logged nor kept among the last lines
   */
  boolean onLine(Source source, String line);

  /**
   * @return a listener that consumes nothing: every line is logged and kept
   */
  static LineListener none() {
    return (source, line) -> false;
  }
}
