package org.cnnbench.runner;

/**
 * A command-line option has a value cnn-bench does not accept; the message lists the valid ones.
 */
public final class OptionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong and the valid values
   */
  public OptionException(String message) {
    super(message);
  }
}
