package org.cnnbench.report;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.cnnbench.report.Analysis.Group;
import org.cnnbench.report.Analysis.VariantResult;

/**
 * Decides when a group's ranking conclusions (fastest, most accurate, time to target, throughput)
 * are not drawn: when rows that may belong to it could not be read, or when fewer than two variants
 * have an OK trial, since a ranking of one is no comparison.
 */
final class Withheld {

  private Withheld() {}

  /**
   * @param g a dataset and model
   * @param warnings rows left out of the run
   * @param t labels
   * @return why no ranking is drawn, or null when one is
   */
  static String reason(Group g, List<ReadWarning> warnings, Labels t) {
    List<ReadWarning> concerning =
        warnings.stream().filter(w -> w.concerns(g.dataset(), g.model())).toList();
    if (!concerning.isEmpty()) {
      Set<String> frameworks = new TreeSet<>();
      concerning.forEach(w -> frameworks.add(w.framework().isEmpty() ? "?" : w.framework()));
      return t.get("concl_excluded", concerning.size(), String.join(", ", frameworks));
    }
    List<VariantResult> ok = g.variants().stream().filter(v -> !v.ok().isEmpty()).toList();
    if (ok.isEmpty()) {
      return t.get("concl_noneOk");
    }
    if (ok.size() == 1) {
      return t.get("concl_oneOk", ok.get(0).variant().label(g.withDevice()));
    }
    return null;
  }
}
