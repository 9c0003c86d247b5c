package org.cnnbench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.cnnbench.report.Analysis.Group;
import org.cnnbench.report.Analysis.VariantResult;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.results.EnvironmentKey;
import org.cnnbench.results.EnvironmentKey.FrameworkFact;
import org.cnnbench.results.TrialColumn;

/**
 * A group's fairness table: the settings every framework should share, per variant, with those that
 * differ highlighted.
 *
 * @param headers the settings' names
 * @param rows one per variant
 * @param verdict what differs, or that nothing does
 * @param verdictClass CSS class: ok or bad
 */
record Fairness(List<String> headers, List<Variant> rows, String verdict, String verdictClass) {

  /**
   * A variant's settings.
   *
   * @param variant the variant's label
   * @param cells one per setting, in the order of the headers
   */
  record Variant(String variant, List<Cell> cells) {}

  /**
   * One setting of one variant.
   *
   * @param value the values seen, {@code a / b} when the repetitions differ, an em dash when none
   * @param cls CSS class: {@code differs} or empty
   */
  record Cell(String value, String cls) {}

  /**
   * A compared setting: a trials.csv column, a framework fact of environment.csv, or the machine.
   */
  private enum Setting {
    THREADS(TrialColumn.THREADS),
    BATCH_SIZE(TrialColumn.BATCH_SIZE),
    SEED(TrialColumn.SEED),
    SAMPLES(TrialColumn.SAMPLES),
    EPOCHS(TrialColumn.EPOCHS),
    PARAMS(TrialColumn.PARAMS),
    INIT_WEIGHTS_SHA256(TrialColumn.INIT_WEIGHTS_SHA256),
    DATA_ORDER_SHA256(TrialColumn.DATA_ORDER_SHA256),
    CHILD_ENVIRONMENT(null),
    CHILD_PROPERTIES(null),
    NATIVE_BUILD(null),
    /** A run merged from shards: the machine each trial ran on. */
    MACHINE(null);

    final TrialColumn column;

    Setting(TrialColumn column) {
      this.column = column;
    }

    /**
     * @return the label key's suffix: {@code fair_<key>}
     */
    String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @return whether a difference in it is flagged (properties and native builds are shown, not
     *     compared)
     */
    boolean compared() {
      return this != CHILD_PROPERTIES && this != NATIVE_BUILD;
    }
  }

  /**
   * @param g a group
   * @param data the run
   * @param t the labels
   * @param label names a variant
   * @return the table
   */
  static Fairness of(Group g, RunData data, Labels t, Function<VariantResult, String> label) {
    List<Setting> settings = new ArrayList<>(List.of(Setting.values()));
    if (data.env(EnvironmentKey.MERGE_RUNS).isEmpty()) {
      settings.remove(Setting.MACHINE);
    }
    List<Map<Setting, String>> values = new ArrayList<>();
    for (VariantResult v : g.variants()) {
      Map<Setting, String> r = new LinkedHashMap<>();
      String framework = v.variant().framework();
      for (Setting s : settings) {
        Set<String> seen = new LinkedHashSet<>();
        switch (s) {
          case CHILD_ENVIRONMENT ->
              seen.add(
                  data.env(EnvironmentKey.framework(framework, FrameworkFact.CHILD_ENVIRONMENT)));
          case CHILD_PROPERTIES ->
              seen.add(
                  data.env(EnvironmentKey.framework(framework, FrameworkFact.CHILD_PROPERTIES)));
          case MACHINE ->
              v.trials()
                  .forEach(row -> seen.add(data.env(EnvironmentKey.mergeMachine(row.trialId()))));
          // Recorded by the trial from what it loaded (DL4J: which libnd4j build); not compared.
          case NATIVE_BUILD ->
              seen.add(
                  data.env(
                      EnvironmentKey.framework(
                          framework, v.variant().device(), FrameworkFact.NATIVE_BUILD)));
          default -> {
            for (Row row :
                s == Setting.DATA_ORDER_SHA256 || s == Setting.EPOCHS ? v.ok() : v.trials()) {
              String text = row.text(s.column);
              if (!text.isEmpty()) {
                seen.add(
                    s.key().endsWith("sha256")
                        ? text.substring(0, Math.min(12, text.length()))
                        : text);
              }
            }
          }
        }
        seen.remove("");
        r.put(s, String.join(" / ", seen));
      }
      values.add(r);
    }
    Set<Setting> differing = new LinkedHashSet<>();
    for (Setting s : settings) {
      Set<String> distinct = new LinkedHashSet<>();
      values.forEach(
          r -> {
            if (!r.get(s).isEmpty()) {
              distinct.add(r.get(s));
            }
          });
      boolean multi = values.stream().anyMatch(r -> r.get(s).contains(" / "));
      if (s == Setting.CHILD_ENVIRONMENT) {
        // The thread counts in force are compared, not the names of the variables that set them.
        distinct.clear();
        multi = false;
        for (VariantResult v : g.variants()) {
          String framework = v.variant().framework();
          Set<Integer> counts =
              ThreadsInForce.counts(
                  data.env(EnvironmentKey.framework(framework, FrameworkFact.CHILD_ENVIRONMENT)),
                  data.env(EnvironmentKey.framework(framework, FrameworkFact.CHILD_PROPERTIES)));
          distinct.add(ThreadsInForce.describe(counts));
          multi |= counts.size() > 1;
        }
      }
      if ((distinct.size() > 1 || multi) && s.compared()) {
        differing.add(s);
      }
    }
    List<Variant> rows = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      List<Cell> cells = new ArrayList<>();
      for (Setting s : settings) {
        String value = values.get(i).get(s);
        cells.add(new Cell(value.isEmpty() ? "—" : value, differing.contains(s) ? "differs" : ""));
      }
      rows.add(new Variant(label.apply(g.variants().get(i)), cells));
    }
    List<String> headers = settings.stream().map(s -> t.get("fair_" + s.key())).toList();
    return new Fairness(
        headers,
        rows,
        differing.isEmpty()
            ? t.get("fair_same")
            : t.get(
                "fair_differs",
                String.join(", ", differing.stream().map(s -> t.get("fair_" + s.key())).toList())),
        differing.isEmpty() ? "ok" : "bad");
  }
}
