package org.cnnbench.data;

/**
 * A dataset is missing, corrupt or cannot be obtained; the message says what was expected and how
 * to fix it.
 */
public final class DatasetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was expected and how to obtain it
   */
  public DatasetException(String message) {
    super(message);
  }

  /**
   * @param message what was expected and how to obtain it
   * @param cause the underlying failure
   */
  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }
}
