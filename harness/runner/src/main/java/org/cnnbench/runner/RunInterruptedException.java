package org.cnnbench.runner;

/**
 * The run stopped on Ctrl-C or SIGTERM at a row boundary; the message, the runner's last line, says
 * what was kept and how to continue ({@link ExitCode#INTERRUPTED}).
 */
final class RunInterruptedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what was kept and the {@code -Dresume} command
   */
  RunInterruptedException(String message) {
    super(message);
  }
}
