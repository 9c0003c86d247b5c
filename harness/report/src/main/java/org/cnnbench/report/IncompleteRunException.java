package org.cnnbench.report;

import java.io.IOException;

/**
 * A run folder lacks a file the report cannot do without (or has it empty); the message names the
 * file, the folder and the fix.
 */
public final class IncompleteRunException extends IOException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message the file, the folder and the fix
   */
  IncompleteRunException(String message) {
    super(message);
  }
}
