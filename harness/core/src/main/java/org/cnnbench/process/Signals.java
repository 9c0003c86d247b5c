package org.cnnbench.process;

import java.util.Map;

/**
 * Names the signal behind a child's exit status: a process killed by signal {@code n} reports
 * {@code 128 + n}, so a crash reason says {@code exit code 137 (signal 9, SIGKILL)}, never a bare
 * 137.
 */
public final class Signals {

  /** The signals every Linux numbers alike. */
  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(1, "SIGHUP"),
          Map.entry(2, "SIGINT"),
          Map.entry(3, "SIGQUIT"),
          Map.entry(4, "SIGILL"),
          Map.entry(5, "SIGTRAP"),
          Map.entry(6, "SIGABRT"),
          Map.entry(7, "SIGBUS"),
          Map.entry(8, "SIGFPE"),
          Map.entry(9, "SIGKILL"),
          Map.entry(11, "SIGSEGV"),
          Map.entry(13, "SIGPIPE"),
          Map.entry(14, "SIGALRM"),
          Map.entry(15, "SIGTERM"));

  private Signals() {}

  /**
   * @param signal a signal number
   * @return its name, e.g. {@code SIGKILL}, or null when Linux architectures number it differently
   */
  public static String name(int signal) {
    return NAMES.get(signal);
  }

  /**
   * @param exitCode a process's exit status
   * @return {@code " (signal 9, SIGKILL)"} for a status above 128, {@code " (signal 40)"} for a
   *     signal with no portable name, else empty
   */
  public static String note(int exitCode) {
    if (exitCode <= 128 || exitCode > 128 + 64) {
      return "";
    }
    String name = name(exitCode - 128);
    return " (signal " + (exitCode - 128) + (name == null ? "" : ", " + name) + ")";
  }

  /**
   * @param exitCode a process's exit status
   * @return {@code "exit code 137 (signal 9, SIGKILL)"}, or {@code "exit code 3"}
   */
  public static String describeExit(int exitCode) {
    return "exit code " + exitCode + note(exitCode);
  }
}
