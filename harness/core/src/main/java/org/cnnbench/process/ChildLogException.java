package org.cnnbench.process;

import java.io.IOException;
import java.nio.file.Path;

/** The log file of a child process could not be written, so the child was not started. */
public final class ChildLogException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path log;

  ChildLogException(Path log, IOException cause) {
    super("cannot write " + log + ": " + cause.getMessage(), cause);
    this.log = log;
  }

  /**
   * @return the log file
   */
  public Path log() {
    return log;
  }

  @Override
  public synchronized IOException getCause() {
    return (IOException) super.getCause();
  }
}
