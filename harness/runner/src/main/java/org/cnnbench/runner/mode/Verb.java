package org.cnnbench.runner.mode;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The verbs of {@code -Dbench=} besides the datasets, each with its {@link Mode}, in the order the
 * options list them. When {@code -Dbench} names several, the one of lowest {@link #rank()} decides
 * the mode: {@code -Dbench=mnist,list} lists the plan of {@code -Dbench=mnist}; with no verb, or
 * only verbs that run trials, the invocation is a run.
 */
@SuppressWarnings("ImmutableEnumChecker") // every Mode implementation is a stateless final class
public enum Verb {
  LIST(2, new ListMode()),
  REPORT(1, new ReportMode()),
  PARITY(3, new RunMode()),
  COMPARE(1, new ReportMode()),
  THREADS(3, new RunMode()),
  MEMORY(3, new RunMode()),
  JMH(3, new RunMode()),
  MERGE(0, new MergeMode());

  private final int rank;
  private final Mode mode;

  Verb(int rank, Mode mode) {
    this.rank = rank;
    this.mode = mode;
  }

  /**
   * @return the verb as written in {@code -Dbench=}, e.g. {@code list}
   */
  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @return which verb decides the mode when several are given: the lowest rank
   */
  int rank() {
    return rank;
  }

  /**
   * @return every verb as written in {@code -Dbench=}, in the order the options list them
   */
  public static List<String> ids() {
    return Arrays.stream(values()).map(Verb::id).toList();
  }

  /**
   * @param benches the values of {@code -Dbench}
   * @return the mode they ask for: that of their verb of lowest rank, else a run
   */
  public static Mode select(List<String> benches) {
    return Arrays.stream(values())
        .filter(v -> benches.contains(v.id()))
        .min(Comparator.comparingInt(Verb::rank))
        .map(v -> v.mode)
        .orElseGet(RunMode::new);
  }
}
