package org.cnnbench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cnnbench.report.Analysis.Group;
import org.cnnbench.report.Analysis.VariantResult;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.report.Stats.Spread;
import org.cnnbench.results.EnvironmentKey;
import org.cnnbench.results.TrialColumn;

/**
 * Changes between a baseline run and this run, per dataset, model, framework and device: the ratio
 * of steady-state step times with its 95 % interval and verdict from {@link RegressionGate} (the
 * same numbers {@code -Dbench=compare} prints), and the test accuracy before and after.
 */
final class RunComparison {

  private static final List<EnvironmentKey> SETTINGS =
      List.of(
          EnvironmentKey.PROFILE,
          EnvironmentKey.THREADS,
          EnvironmentKey.SEED,
          EnvironmentKey.REPEATS,
          EnvironmentKey.DEVICE,
          EnvironmentKey.CHILD_HEAP,
          EnvironmentKey.DATASET_OPTIONS,
          EnvironmentKey.CPU_MODEL,
          EnvironmentKey.CPU_CORES,
          EnvironmentKey.MEMORY_TOTAL_MB,
          EnvironmentKey.GPU_PRESENT,
          EnvironmentKey.OS,
          EnvironmentKey.JVM,
          EnvironmentKey.INHERITED_ENVIRONMENT,
          EnvironmentKey.GIT_COMMIT,
          EnvironmentKey.GIT_DIRTY);
  private static final List<TrialColumn> TRIAL_SETTINGS =
      List.of(
          TrialColumn.EPOCHS,
          TrialColumn.BATCH_SIZE,
          TrialColumn.SAMPLES,
          TrialColumn.THREADS,
          TrialColumn.FRAMEWORK_VERSION);

  private RunComparison() {}

  /**
   * The comparison section.
   *
   * @param title the section's heading
   * @param baseline the baseline run's id
   * @param current this run's id
   * @param differences the settings that differ, {@code key: before → now}
   * @param sameSettings whether none differs
   * @param rows one per dataset, model, framework and device in both runs
   * @param noiseNote how changes are judged
   */
  record Section(
      String title,
      String baseline,
      String current,
      List<String> differences,
      boolean sameSettings,
      List<Change> rows,
      String noiseNote) {}

  /**
   * One variant in both runs.
   *
   * @param dataset the dataset
   * @param model the catalogue model
   * @param framework the adapter
   * @param device cpu or gpu
   * @param timeBefore baseline training time, median [range]
   * @param timeNow this run's
   * @param timeRatio this run's steady-state step time over the baseline's, e.g. {@code 0.83×}
   * @param timeInterval its 95 % confidence interval, an em dash without one
   * @param timeVerdict slower, faster, no detectable difference or too few repetitions
   * @param timeClass CSS class: bad (slower), ok (faster or no detectable difference) or unknown
   * @param accBefore baseline test accuracy
   * @param accNow this run's
   * @param accChange change in percentage points
   * @param accVerdict beyond or within the noise
   * @param accClass CSS class: bad, ok or unknown
   */
  record Change(
      String dataset,
      String model,
      String framework,
      String device,
      String timeBefore,
      String timeNow,
      String timeRatio,
      String timeInterval,
      String timeVerdict,
      String timeClass,
      String accBefore,
      String accNow,
      String accChange,
      String accVerdict,
      String accClass) {}

  /**
   * @param baseline the baseline run
   * @param current this run
   * @param t the labels
   * @return the section
   */
  static Section of(RunData baseline, RunData current, Labels t) {
    List<String> differences = new ArrayList<>();
    for (EnvironmentKey key : SETTINGS) {
      String a = baseline.env(key);
      String b = current.env(key);
      if (!a.equals(b)) {
        differences.add(
            key.key() + ": " + (a.isEmpty() ? "—" : a) + " → " + (b.isEmpty() ? "—" : b));
      }
    }
    for (TrialColumn col : TRIAL_SETTINGS) {
      Set<String> a = values(baseline, col);
      Set<String> b = values(current, col);
      if (!a.equals(b)) {
        differences.add(col.header() + ": " + String.join("/", a) + " → " + String.join("/", b));
      }
    }
    Map<String, VariantResult> before = new LinkedHashMap<>();
    for (Group g : Analysis.groups(baseline)) {
      for (VariantResult v : g.variants()) {
        before.put(key(g, v), v);
      }
    }
    Map<String, RegressionGate.Change> gate = new LinkedHashMap<>();
    for (RegressionGate.Change c :
        RegressionGate.compare(baseline, current, Double.NaN).changes()) {
      gate.put(c.dataset() + "/" + c.model() + "/" + c.framework() + "/" + c.device(), c);
    }
    List<Change> rows = new ArrayList<>();
    for (Group g : Analysis.groups(current)) {
      for (VariantResult v : g.variants()) {
        VariantResult b = before.get(key(g, v));
        if (b == null) {
          continue;
        }
        Spread tb = b.trainSeconds();
        Spread tc = v.trainSeconds();
        RegressionGate.Change change = gate.get(key(g, v));
        Verdict time =
            change == null
                ? new Verdict(t.get("compare_missing"), "unknown")
                : timeVerdict(change, t);
        Spread ab = b.testAccuracy();
        Spread ac = v.testAccuracy();
        Verdict acc = verdict(ab, ac, t);
        rows.add(
            new Change(
                g.dataset(),
                g.model(),
                v.variant().framework(),
                v.variant().device(),
                Format.spread(tb, Format::seconds),
                Format.spread(tc, Format::seconds),
                change == null ? "—" : Pair.ratio(change.comparison()),
                change == null ? "—" : Pair.interval(change.comparison()),
                time.text(),
                time.cls(),
                Format.spread(ab, Format::accuracy),
                Format.spread(ac, Format::accuracy),
                Double.isNaN(ac.median() - ab.median())
                    ? "—"
                    : String.format(Locale.ROOT, "%+.2f pp", (ac.median() - ab.median()) * 100),
                acc.text(),
                acc.cls()));
      }
    }
    return new Section(
        t.get("h_compare", baseline.runId()),
        baseline.runId(),
        current.runId(),
        differences,
        differences.isEmpty(),
        rows,
        t.get("compare_method"));
  }

  /**
   * A verdict on one change.
   *
   * @param text the words
   * @param cls CSS class: bad (beyond noise), ok (within noise), unknown
   */
  private record Verdict(String text, String cls) {}

  private static Verdict verdict(Spread before, Spread now, Labels t) {
    if (!before.known() || !now.known()) {
      return new Verdict(t.get("compare_missing"), "unknown");
    }
    if (before.n() < 2 || now.n() < 2) {
      return new Verdict(t.get("compare_unknown"), "unknown");
    }
    boolean disjoint = now.min() > before.max() || now.max() < before.min();
    return disjoint
        ? new Verdict(t.get("compare_beyond"), "bad")
        : new Verdict(t.get("compare_within"), "ok");
  }

  private static Verdict timeVerdict(RegressionGate.Change change, Labels t) {
    return switch (change.comparison().verdict()) {
      case SLOWER -> new Verdict(t.get("compare_slower"), "bad");
      case FASTER -> new Verdict(t.get("compare_faster"), "ok");
      case NO_DETECTABLE_DIFFERENCE -> new Verdict(t.get("pair_noDifference"), "ok");
      case TOO_FEW_REPETITIONS -> new Verdict(t.get("pair_tooFew"), "unknown");
    };
  }

  private static Set<String> values(RunData data, TrialColumn col) {
    Set<String> out = new LinkedHashSet<>();
    for (Row r : data.trialRows()) {
      if (r.ok() && !r.text(col).isEmpty()) {
        out.add(r.text(col));
      }
    }
    return out;
  }

  private static String key(Group g, VariantResult v) {
    return g.dataset()
        + "/"
        + g.model()
        + "/"
        + v.variant().framework()
        + "/"
        + v.variant().device();
  }
}
