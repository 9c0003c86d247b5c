package org.cnnbench.python;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cnnbench.process.ChildProcess;
import org.cnnbench.process.ChildResult;
import org.cnnbench.process.ChildSpec;
import org.cnnbench.process.ExitReason;
import org.cnnbench.process.Output;
import org.cnnbench.text.Splits;

/**
 * Finds the Python interpreter whose {@code torch} the adapter uses, with one quick question to
 * each candidate ({@code import torch, numpy}), cached per JVM: {@code -Dpython=} if given (only
 * that one), else {@code python3} on the PATH, then {@code /usr/bin/python3} (where Debian's {@code
 * python3-torch} lives, which a pyenv or venv {@code python3} earlier on the PATH does not see).
 */
final class PythonProbe {

  /** The system property that names the interpreter. */
  static final String PROPERTY = "python";

  /** The oldest torch the worker is written for (major, minor). */
  static final int[] MIN_TORCH = {1, 8};

  /** Seconds a candidate may take to import torch before it counts as broken. */
  private static final long PROBE_SECONDS = 120;

  private static final String SCRIPT =
      "import sys, torch, numpy; print('cnnbench-probe', sys.executable,"
          + " torch.__version__, numpy.__version__, torch.cuda.is_available(), sys.version.split()[0])";

  private static final Map<String, Result> CACHE = new ConcurrentHashMap<>();

  /**
   * What the probe found.
   *
   * @param interpreter the interpreter to run (absolute when Python reported it), or null if none
   *     fits
   * @param torchVersion torch's version, or empty
   * @param cuda whether that torch sees a CUDA GPU
   * @param problem why no candidate fits, with the fix, or null when one does
   */
  record Result(String interpreter, String torchVersion, boolean cuda, String problem) {
    boolean usable() {
      return problem == null;
    }
  }

  private PythonProbe() {}

  /**
   * @return the probe for this JVM's {@code -Dpython=} (or the default candidates), cached
   */
  static Result current() {
    String given = System.getProperty(PROPERTY, "").trim();
    return CACHE.computeIfAbsent(given, PythonProbe::probe);
  }

  /**
   * @return the candidates in the order tried
   */
  static List<String> candidates(String given) {
    return given.isEmpty() ? List.of("python3", "/usr/bin/python3") : List.of(given);
  }

  private static Result probe(String given) {
    List<String> problems = new ArrayList<>();
    for (String candidate : candidates(given)) {
      Result r = probeOne(candidate);
      if (r.usable()) {
        return r;
      }
      problems.add(r.problem());
    }
    String fix =
        given.isEmpty()
            ? "install it with 'apt-get install python3-torch' (Debian/Ubuntu), or point -Dpython=/path/to/venv/bin/python"
                + " at an interpreter where 'pip install torch numpy' was run"
            : "point -Dpython= at an interpreter with torch and numpy (e.g. a venv after 'pip install torch numpy'),"
                + " or leave it out to use python3 with Debian's python3-torch";
    return new Result(
        null,
        "",
        false,
        "Python PyTorch needs a Python with torch >= "
            + MIN_TORCH[0]
            + "."
            + MIN_TORCH[1]
            + " and numpy: "
            + String.join("; ", problems)
            + "; "
            + fix);
  }

  /**
   * @param interpreter a command or path
   * @return the probe's result for it
   */
  static Result probeOne(String interpreter) {
    ChildResult probe;
    try {
      probe =
          ChildProcess.capture(
              ChildSpec.builder()
                  .setCommand(interpreter, "-c", SCRIPT)
                  .optEnvironment("OMP_NUM_THREADS", "1")
                  .optStderr(Output.MERGE)
                  .optTimeout(Duration.ofSeconds(PROBE_SECONDS))
                  .build());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(null, "", false, interpreter + ": interrupted");
    }
    if (probe.reason() == ExitReason.FAILED_TO_START) {
      return new Result(
          null, "", false, interpreter + " cannot be started (" + probe.detail() + ")");
    }
    if (probe.reason().timedOut()) {
      return new Result(
          null, "", false, interpreter + " did not import torch within " + PROBE_SECONDS + " s");
    }
    try {
      String out = probe.output();
      String line =
          out.lines().filter(l -> l.startsWith("cnnbench-probe ")).findFirst().orElse(null);
      if (probe.exitCode() != 0 || line == null) {
        String last =
            out.lines()
                .filter(l -> !l.isBlank())
                .reduce((a, b) -> b)
                .orElse("exit " + probe.exitCode());
        return new Result(
            null, "", false, interpreter + " has no torch/numpy (" + last.trim() + ")");
      }
      String[] f = Splits.dropTrailingEmpty(line, " ");
      String executable = f[1].isEmpty() ? interpreter : f[1];
      String torch = f[2];
      if (!atLeast(torch, MIN_TORCH)) {
        return new Result(
            null,
            torch,
            false,
            executable
                + " has torch "
                + torch
                + ", older than "
                + MIN_TORCH[0]
                + "."
                + MIN_TORCH[1]);
      }
      return new Result(
          executable, torch, Boolean.parseBoolean(f[4].toLowerCase(Locale.ROOT)), null);
    } catch (RuntimeException e) {
      return new Result(null, "", false, interpreter + " could not be asked (" + e + ")");
    }
  }

  /**
   * @param version e.g. {@code 1.13.0a0} or {@code 2.3.1+cu121}
   * @param min major and minor
   * @return whether the version is at least min
   */
  static boolean atLeast(String version, int[] min) {
    String[] parts = Splits.dropTrailingEmpty(Splits.dropTrailingEmpty(version, "\\+")[0], "\\.");
    for (int i = 0; i < min.length; i++) {
      int v = 0;
      if (i < parts.length) {
        String digits = parts[i].replaceAll("[^0-9].*$", "");
        v = digits.isEmpty() ? 0 : Integer.parseInt(digits);
      }
      if (v != min[i]) {
        return v > min[i];
      }
    }
    return true;
  }
}
