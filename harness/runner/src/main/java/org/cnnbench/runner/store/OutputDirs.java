package org.cnnbench.runner.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Checks an output folder before a run writes to it, and words I/O errors for the user. */
public final class OutputDirs {

  /** An output folder cannot be used; the message names it, says why and how to fix it. */
  static final class UnusableException extends IOException {
    private static final long serialVersionUID = 1L;

    UnusableException(String message) {
      super(message);
    }
  }

  private OutputDirs() {}

  /**
   * Creates the folder if missing and proves it writable.
   *
   * @param dir the folder
   * @param option the option that names it, e.g. {@code results.dir}
   * @throws UnusableException if it is a file, cannot be created or is not writable
   */
  public static void check(Path dir, String option) throws UnusableException {
    String fix = "; pass -D" + option + "=<a writable folder>";
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UnusableException("-D" + option + ": " + dir + " is a file, not a folder" + fix);
    }
    Path absolute = dir.toAbsolutePath().normalize();
    if (absolute.startsWith("/proc") || absolute.startsWith("/sys")) {
      throw new UnusableException(
          "-D"
              + option
              + ": "
              + dir
              + " is inside "
              + absolute.getRoot()
              + absolute.getName(0)
              + ", the kernel's virtual file system, where no results can be written"
              + fix);
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      String reason = reason(e);
      throw new UnusableException(
          "-D"
              + option
              + ": cannot create the folder "
              + dir
              + " ("
              + reason.replace(": " + dir, "")
              + ")"
              + fix);
    }
    try {
      Path probe = Files.createTempFile(dir, ".cnn-bench-write-test-", ".tmp");
      Files.delete(probe);
    } catch (IOException | UnsupportedOperationException e) {
      throw new UnusableException(
          "-D"
              + option
              + ": cannot write in "
              + dir
              + " ("
              + (e instanceof IOException io ? reason(io) : e.toString())
              + ")"
              + fix);
    }
  }

  /**
   * @param e an I/O error
   * @return a sentence naming the file and what went wrong
   */
  public static String describe(IOException e) {
    if (e instanceof UnusableException) {
      return e.getMessage();
    }
    if (e instanceof FileSystemException f && f.getFile() != null) {
      return f.getFile()
          + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "")
          + ": "
          + reason(e);
    }
    return String.valueOf(e.getMessage() != null ? e.getMessage() : e);
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or folder"
          + (((NoSuchFileException) e).getFile() != null
              ? ": " + ((NoSuchFileException) e).getFile()
              : "");
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason() + (f.getFile() != null ? ": " + f.getFile() : "");
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
