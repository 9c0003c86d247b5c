package org.cnnbench.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cnnbench.process.ExitReason;

/**
 * What the JVM of a trial says when it dies of a signal: its crash log goes next to the trial's own
 * log, and the one-line summary of its fatal-error report ({@code # SIGSEGV (0xb) at pc=...} and
 * the problematic frame) goes into the trial's reason.
 */
final class CrashReport {

  private CrashReport() {}

  /**
   * JVM options that put a crashing trial's {@code hs_err_pid*.log} (and a compiler replay file) in
   * the folder of the trial's configuration file, named after the trial, never in the working
   * directory.
   *
   * @param configFile {@code results/<run-id>/trials/<trial-id>.properties}
   * @return the options
   */
  static List<String> jvmOptions(Path configFile) {
    Path dir = configFile.toAbsolutePath().getParent();
    String name = configFile.getFileName().toString().replaceFirst("\\.properties$", "");
    return List.of(
        "-XX:ErrorFile=" + dir.resolve(name + ".hs_err_pid%p.log"),
        "-XX:ReplayDataFile=" + dir.resolve(name + ".replay_pid%p.log"));
  }

  /**
   * Reads the JVM's fatal-error report from a trial's log.
   *
   * @param log the trial's log (its standard output and error)
   * @return {@code "JVM crashed: <summary>; problematic frame: <frame>; crash log: <file>; "}, or
   *     empty when the log holds no fatal-error report
   */
  static String summary(Path log) {
    List<String> lines;
    try {
      lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
    String what = null;
    String frame = null;
    String file = null;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (what == null
          && (l.startsWith("# A fatal error has been detected")
              || l.startsWith("# There is insufficient memory"))) {
        if (l.startsWith("# There is insufficient memory")) {
          what = "out of native memory";
        }
        String next = nextContent(lines, i + 1);
        if (next != null) {
          what = what == null ? next : what + ": " + next;
        }
      } else if (l.startsWith("# Problematic frame:")) {
        frame = nextContent(lines, i + 1);
      } else if (l.startsWith("# An error report file with more information is saved as:")) {
        file = nextContent(lines, i + 1);
      }
    }
    if (what == null) {
      return "";
    }
    StringBuilder b = new StringBuilder("JVM crashed: ").append(what);
    if (frame != null) {
      b.append("; problematic frame: ").append(frame);
    }
    if (file != null) {
      b.append("; crash log: ").append(file);
    }
    return b.append("; ").toString();
  }

  /**
   * @return the first line from {@code from} that is a '#' line with text, without the '#'
   */
  private static String nextContent(List<String> lines, int from) {
    for (int i = from; i < lines.size() && i < from + 3; i++) {
      String l = lines.get(i).strip();
      if (l.startsWith("#") && l.length() > 1) {
        String text = l.substring(1).strip().replaceAll("\\s+", " ");
        if (!text.isEmpty()) {
          return text;
        }
      }
    }
    return null;
  }

  /**
   * @param reason how a process that ran past its timeout was found
   * @return {@code "; it was stopped (SIGSTOP or SIGTSTP), not running"} when Linux reported it
   *     stopped, else empty
   */
  static String stoppedNote(ExitReason reason) {
    return reason == ExitReason.STOPPED ? "; it was stopped (SIGSTOP or SIGTSTP), not running" : "";
  }
}
