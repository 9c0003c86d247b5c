package org.cnnbench.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Finds {@code -D} keys that look like a misspelled cnn-bench option ({@link OptionRegistry}), e.g.
 * {@code -Depoch=3} or {@code -Dtensorflow.onedn=off}.
 */
final class OptionKeys {

  /** Prefixes of the JVM's, Maven's and plug-ins' own properties, never taken for a misspelling. */
  private static final List<String> FOREIGN =
      List.of(
          "java.",
          "javax.",
          "jdk.",
          "sun.",
          "os.",
          "user.",
          "file.",
          "line.",
          "path.",
          "awt.",
          "maven.",
          "mvn",
          "exec.",
          "surefire.",
          "failsafe.",
          "classworlds.",
          "library.",
          "native.",
          "jansi.",
          "guice.",
          "org.",
          "com.",
          "ai.",
          "io.",
          "net.",
          "style.",
          "skip",
          "test",
          "it.",
          "env.",
          "stdout.",
          "stderr.",
          "socksProxy",
          "http",
          "https",
          "ftp",
          "jna.",
          "jnidispatch",
          "cnnbench.",
          "slf4j.",
          "log4j",
          "logback",
          "aether.",
          "revision",
          "changelist",
          "sha1");

  private OptionKeys() {}

  /**
   * @param props the system properties of this invocation
   * @return one warning per near-miss, e.g. {@code -Depoch is not a cnn-bench option; did you mean
   *     -Depochs?}
   */
  static List<String> nearMisses(Properties props) {
    List<String> known = OptionRegistry.installed().keys();
    List<String> warnings = new ArrayList<>();
    for (String key : props.stringPropertyNames().stream().sorted().toList()) {
      if (known.contains(key) || foreign(key)) {
        continue;
      }
      String best = null;
      int bestDistance = Integer.MAX_VALUE;
      for (String k : known) {
        int d = distance(key.toLowerCase(Locale.ROOT), k);
        if (d < bestDistance) {
          best = k;
          bestDistance = d;
        }
      }
      int allowed = best == null ? 0 : Math.min(2, Math.max(1, best.length() / 3));
      if (best != null && bestDistance <= allowed) {
        warnings.add(
            "-D" + key + " is not a cnn-bench option and is ignored; did you mean -D" + best + "?");
      }
    }
    return warnings;
  }

  private static boolean foreign(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return FOREIGN.stream().anyMatch(p -> k.startsWith(p.toLowerCase(Locale.ROOT)));
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
