package org.cnnbench.spec;

/** Thrown when a model description is impossible (a shape that does not fit, a bad setting). */
public class SpecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and how to fix it
   */
  public SpecException(String message) {
    super(message);
  }
}
