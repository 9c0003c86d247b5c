package org.cnnbench.runner.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A results file could not be written (full disk, read-only folder): the message names the file and
 * the system's reason, e.g. {@code cannot write results/<run>/epochs.csv: No space left on device}.
 */
public final class ResultsWriteException extends UncheckedIOException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /**
   * @param file the file (or folder) that could not be written
   * @param cause the I/O error
   */
  public ResultsWriteException(Path file, IOException cause) {
    super("cannot write " + file + ": " + reason(cause), cause);
    this.file = file;
  }

  /**
   * @return the file that could not be written
   */
  public Path file() {
    return file;
  }

  /**
   * The system's reason of an I/O error without the path that NIO puts in front of it.
   *
   * @param e an I/O error
   * @return e.g. {@code No space left on device} or {@code permission denied}
   */
  static String reason(IOException e) {
    if (e instanceof FileSystemException fse) {
      if (fse.getReason() != null) {
        return fse.getReason();
      }
      if (e instanceof AccessDeniedException) {
        return "permission denied";
      }
      if (e instanceof NoSuchFileException) {
        return "no such file or folder";
      }
      if (e instanceof FileAlreadyExistsException) {
        return "a file of that name is in the way";
      }
      return e.getClass().getSimpleName();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
