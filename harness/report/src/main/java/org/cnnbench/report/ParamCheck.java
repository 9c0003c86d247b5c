package org.cnnbench.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.cnnbench.report.Analysis.Group;
import org.cnnbench.report.Analysis.VariantResult;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.results.TrialColumn;

/**
 * A group's parameter check: which frameworks built the model with the catalogue's parameter count.
 *
 * @param text who passed, failed or could not be checked, and any count that differs from
 *     models.csv
 * @param cls CSS class: ok or bad
 */
record ParamCheck(String text, String cls) {

  /**
   * @param g a group
   * @param descriptions the run's descriptions (the expected count)
   * @param t the labels
   * @return the check
   */
  static ParamCheck of(Group g, RunDescriptions descriptions, Labels t) {
    long expected = descriptions.parameterCount(g.model()); // -1: nothing to compare with
    Set<String> passed = new LinkedHashSet<>();
    Set<String> failed = new LinkedHashSet<>();
    Set<String> unknown = new LinkedHashSet<>();
    List<String> mismatches = new ArrayList<>();
    for (VariantResult v : g.variants()) {
      String name = v.variant().framework();
      for (Row r : v.trials()) {
        double params = r.number(TrialColumn.PARAMS);
        if (expected >= 0 && !Double.isNaN(params) && (long) params != expected) {
          mismatches.add(r.trialId() + ": " + Format.count((long) params));
        }
        String reason = r.text(TrialColumn.REASON);
        if (r.ok()) {
          passed.add(name);
        } else if (reason.toLowerCase(Locale.ROOT).contains("param")) {
          failed.add(name + " (" + reason + ")");
        } else {
          unknown.add(name + " (" + r.status() + ")");
        }
      }
    }
    unknown.removeIf(u -> passed.contains(u.substring(0, u.indexOf(' '))));
    List<String> parts = new ArrayList<>();
    if (!passed.isEmpty()) {
      parts.add(t.get("param_passed", String.join(", ", passed)));
    }
    if (!failed.isEmpty()) {
      parts.add(t.get("param_failed", String.join("; ", failed)));
    }
    if (!unknown.isEmpty()) {
      parts.add(t.get("param_unknown", String.join(", ", unknown)));
    }
    if (!mismatches.isEmpty()) {
      parts.add(t.get("param_mismatch", Format.count(expected), String.join(", ", mismatches)));
    }
    return new ParamCheck(
        String.join(" ", parts), failed.isEmpty() && mismatches.isEmpty() ? "ok" : "bad");
  }
}
