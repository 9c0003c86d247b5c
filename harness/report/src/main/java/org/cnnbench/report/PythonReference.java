package org.cnnbench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.cnnbench.report.Analysis.Group;
import org.cnnbench.report.Analysis.VariantResult;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.report.Stats.Spread;

/**
 * The "Java vs Python" table of a model: every framework's training time and milliseconds per step
 * as a ratio to Python PyTorch on the same device, the reference, with the Mann–Whitney and Welch
 * tests of the repetitions, and the reference's own in-worker step time and transfer overhead. Which
 * framework is the reference comes from the run's {@code frameworks.csv} (its {@code reference} column):
 * a run folder without it has no such table.
 */
final class PythonReference {

  private PythonReference() {}

  /**
   * @param g a model's group
   * @param reference the framework every other one is compared with, or null when the run names none
   * @param t the labels
   * @param label names a variant
   * @return the table's rows (one per variant on a device where the reference ran), empty if none
   */
  static List<Map<String, String>> rows(Group g, String reference, Labels t,
      Function<VariantResult, String> label) {
    List<Map<String, String>> rows = new ArrayList<>();
    for (VariantResult ref : g.variants()) {
      if (!ref.variant().framework().equals(reference) || !ref.trainSeconds().known()) {
        continue;
      }
      Spread refStep = stepMs(ref, "step_ms");
      for (VariantResult v : g.variants()) {
        if (!v.variant().device().equals(ref.variant().device())) {
          continue;
        }
        boolean isRef = v == ref;
        Spread train = v.trainSeconds();
        Spread step = stepMs(v, "step_ms");
        Spread worker = stepMs(v, "worker_step_ms");
        Spread overhead = stepMs(v, "transfer_overhead");
        Map<String, String> r = new LinkedHashMap<>();
        r.put("variant", label.apply(v) + (isRef ? " — " + t.get("label_reference") : ""));
        r.put("rowClass", isRef ? "reference" : "");
        r.put("trainSeconds", Format.spread(train, Format::seconds));
        r.put("trainRatio", ratio(train, ref.trainSeconds()));
        r.put("msPerStep", Format.spread(step, d -> Format.fixed(d, 1)));
        r.put("stepRatio", ratio(step, refStep));
        r.put("workerMsPerStep", Format.spread(worker, d -> Format.fixed(d, 1)));
        r.put("overhead", overhead.known() ? Format.percent(overhead.median()) : "—");
        if (isRef || !train.known()) {
          r.put("pMannWhitney", "—");
          r.put("pWelch", "—");
          r.put("verdict", isRef ? t.get("label_reference") : "—");
          r.put("verdictClass", "unknown");
        } else {
          Stats.Comparison cmp = Stats.compare(train.values(), ref.trainSeconds().values());
          r.put("pMannWhitney", train.n() < 2 && ref.trainSeconds().n() < 2 ? "—" : Format.p(cmp.mannWhitneyP()));
          r.put("pWelch", Format.p(cmp.welchP()));
          String faster = train.median() <= ref.trainSeconds().median() ? label.apply(v) : label.apply(ref);
          if (train.n() < 2 || ref.trainSeconds().n() < 2) {
            r.put("verdict", t.get("pair_unknown"));
            r.put("verdictClass", "unknown");
          } else if (!cmp.canBeSignificant()) {
            r.put("verdict", t.get("pair_cannot", train.n(), ref.trainSeconds().n(), Format.p(cmp.smallestPossibleP())));
            r.put("verdictClass", "unknown");
          } else if (cmp.significant()) {
            r.put("verdict", t.get("pair_significant", faster));
            r.put("verdictClass", "ok");
          } else {
            r.put("verdict", t.get("pair_notSignificant"));
            r.put("verdictClass", "unknown");
          }
        }
        rows.add(r);
      }
    }
    return rows;
  }

  /** @return the median and range of a trials.csv column over a variant's OK trials */
  static Spread stepMs(VariantResult v, String column) {
    return Stats.spread(v.ok().stream().mapToDouble((Row r) -> r.number(column)).toArray());
  }

  /** @return {@code 1.23×} of two medians, an em dash when either is unknown */
  private static String ratio(Spread value, Spread reference) {
    if (!value.known() || !reference.known() || reference.median() == 0) {
      return "—";
    }
    return Format.fixed(value.median() / reference.median(), 2) + "×";
  }
}
