package org.cnnbench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnnbench.report.Analysis.Group;
import org.cnnbench.report.Analysis.VariantResult;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.report.Stats.Spread;

/**
 * Relative changes between a baseline run and this run, per dataset, model, framework and device, flagged
 * when they exceed the noise measured by the repetitions.
 */
final class RunComparison {

  private static final List<String> SETTINGS = List.of("cnnbench.profile", "cnnbench.threads",
      "cnnbench.seed", "cnnbench.repeats", "cnnbench.device", "cnnbench.child_heap",
      "cnnbench.dataset_options", "cpu.model", "cpu.cores", "memory.total_mb", "gpu.present", "os", "jvm",
      "inherited_environment", "git.commit", "git.dirty");
  private static final List<String> TRIAL_SETTINGS = List.of("epochs", "batch_size", "samples", "threads",
      "framework_version");

  private RunComparison() {}

  static Map<String, Object> context(RunData baseline, RunData current, Labels t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("baseline", baseline.runId());
    m.put("current", current.runId());
    List<String> differences = new ArrayList<>();
    for (String key : SETTINGS) {
      String a = baseline.env(key);
      String b = current.env(key);
      if (!a.equals(b)) {
        differences.add(key + ": " + (a.isEmpty() ? "—" : a) + " → " + (b.isEmpty() ? "—" : b));
      }
    }
    for (String col : TRIAL_SETTINGS) {
      Set<String> a = values(baseline, col);
      Set<String> b = values(current, col);
      if (!a.equals(b)) {
        differences.add(col + ": " + String.join("/", a) + " → " + String.join("/", b));
      }
    }
    m.put("differences", differences);
    m.put("sameSettings", differences.isEmpty());
    Map<String, VariantResult> before = new LinkedHashMap<>();
    for (Group g : Analysis.groups(baseline)) {
      for (VariantResult v : g.variants()) {
        before.put(key(g, v), v);
      }
    }
    List<Map<String, String>> rows = new ArrayList<>();
    boolean anyUnknown = false;
    for (Group g : Analysis.groups(current)) {
      for (VariantResult v : g.variants()) {
        VariantResult b = before.get(key(g, v));
        if (b == null) {
          continue;
        }
        Map<String, String> r = new LinkedHashMap<>();
        r.put("dataset", g.dataset());
        r.put("model", g.model());
        r.put("framework", v.variant().framework());
        r.put("device", v.variant().device());
        Spread tb = b.trainSeconds();
        Spread tc = v.trainSeconds();
        r.put("timeBefore", Format.spread(tb, Format::seconds));
        r.put("timeNow", Format.spread(tc, Format::seconds));
        r.put("timeChange", Format.percent(tc.median() / tb.median() - 1));
        Verdict time = verdict(tb, tc, t);
        r.put("timeVerdict", time.text());
        r.put("timeClass", time.cls());
        Spread ab = b.testAccuracy();
        Spread ac = v.testAccuracy();
        r.put("accBefore", Format.spread(ab, Format::accuracy));
        r.put("accNow", Format.spread(ac, Format::accuracy));
        r.put("accChange", Double.isNaN(ac.median() - ab.median()) ? "—"
            : String.format(java.util.Locale.ROOT, "%+.2f pp", (ac.median() - ab.median()) * 100));
        Verdict acc = verdict(ab, ac, t);
        r.put("accVerdict", acc.text());
        r.put("accClass", acc.cls());
        anyUnknown |= time.cls().equals("unknown");
        rows.add(r);
      }
    }
    m.put("rows", rows);
    m.put("noiseNote", anyUnknown ? t.get("compare_noiseUnknown") : t.get("compare_noiseRule"));
    return m;
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
    return disjoint ? new Verdict(t.get("compare_beyond"), "bad") : new Verdict(t.get("compare_within"), "ok");
  }

  private static Set<String> values(RunData data, String col) {
    Set<String> out = new LinkedHashSet<>();
    for (Row r : data.trialRows()) {
      if (r.ok() && !r.text(col).isEmpty()) {
        out.add(r.text(col));
      }
    }
    return out;
  }

  private static String key(Group g, VariantResult v) {
    return g.dataset() + "/" + g.model() + "/" + v.variant().framework() + "/" + v.variant().device();
  }
}
