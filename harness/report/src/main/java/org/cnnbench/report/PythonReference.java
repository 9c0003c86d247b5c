package org.cnnbench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.cnnbench.report.Analysis.Group;
import org.cnnbench.report.Analysis.VariantResult;
import org.cnnbench.report.Stats.Spread;
import org.cnnbench.results.TrialColumn;

/**
 * The "Java vs Python" table of a model: every framework's training time and milliseconds per step
 * as a ratio to Python PyTorch on the same device, the reference, with the Mann–Whitney and Welch
 * tests of the repetitions, and the reference's own in-worker step time and transfer overhead.
 * Which framework is the reference comes from the run's {@code frameworks.csv} (its {@code
 * reference} column): a run folder without it has no such table.
 */
final class PythonReference {

  private PythonReference() {}

  /**
   * One variant's row of the table.
   *
   * @param variant the variant's label, "— reference" for the reference
   * @param rowClass CSS class: {@code reference} or empty
   * @param trainSeconds median [range] of the training time
   * @param trainRatio its ratio to the reference's median
   * @param msPerStep median [range] of the harness's ms per step
   * @param stepRatio its ratio to the reference's
   * @param workerMsPerStep median [range] of a worker process's own ms per step
   * @param overhead the transfer overhead of a worker process
   * @param pMannWhitney Mann–Whitney p against the reference
   * @param pWelch Welch's p against the reference
   * @param verdict the training-time ratio's verdict and 95 % interval ({@link SpeedComparison})
   * @param verdictClass CSS class: ok or unknown
   */
  record Row(
      String variant,
      String rowClass,
      String trainSeconds,
      String trainRatio,
      String msPerStep,
      String stepRatio,
      String workerMsPerStep,
      String overhead,
      String pMannWhitney,
      String pWelch,
      String verdict,
      String verdictClass) {}

  /**
   * @param g a model's group
   * @param reference the framework every other one is compared with, or null when the run names
   *     none
   * @param t the labels
   * @param label names a variant
   * @return the table's rows (one per variant on a device where the reference ran), empty if none
   */
  static List<Row> rows(
      Group g, String reference, Labels t, Function<VariantResult, String> label) {
    List<Row> rows = new ArrayList<>();
    for (VariantResult ref : g.variants()) {
      if (!ref.variant().framework().equals(reference) || !ref.trainSeconds().known()) {
        continue;
      }
      Spread refStep = stepMs(ref, TrialColumn.STEP_MS);
      for (VariantResult v : g.variants()) {
        if (!v.variant().device().equals(ref.variant().device())) {
          continue;
        }
        @SuppressWarnings(
            "ReferenceEquality") // the reference's own entry in this list, not an equal one
        boolean isRef = v == ref;
        Spread train = v.trainSeconds();
        Spread step = stepMs(v, TrialColumn.STEP_MS);
        Spread worker = stepMs(v, TrialColumn.WORKER_STEP_MS);
        Spread overhead = stepMs(v, TrialColumn.TRANSFER_OVERHEAD);
        String pMannWhitney;
        String pWelch;
        String verdict;
        String verdictClass = "unknown";
        if (isRef || !train.known()) {
          pMannWhitney = "—";
          pWelch = "—";
          verdict = isRef ? t.get("label_reference") : "—";
        } else {
          Stats.Comparison cmp = Stats.compare(train.values(), ref.trainSeconds().values());
          pMannWhitney =
              train.n() < 2 && ref.trainSeconds().n() < 2 ? "—" : Format.p(cmp.mannWhitneyP());
          pWelch = Format.p(cmp.welchP());
          // the report's speed method (docs/statistics.md) on the training times of the repetitions
          SpeedComparison c = SpeedComparison.of(train.values(), ref.trainSeconds().values());
          verdict =
              Pair.verdict(c, label.apply(v), label.apply(ref), t)
                  + (Double.isNaN(c.lower()) ? "" : " " + Pair.interval(c));
          if (c.verdict() == SpeedVerdict.FASTER || c.verdict() == SpeedVerdict.SLOWER) {
            verdictClass = "ok";
          }
        }
        rows.add(
            new Row(
                label.apply(v) + (isRef ? " — " + t.get("label_reference") : ""),
                isRef ? "reference" : "",
                Format.spread(train, Format::seconds),
                ratio(train, ref.trainSeconds()),
                Format.spread(step, d -> Format.fixed(d, 1)),
                ratio(step, refStep),
                Format.spread(worker, d -> Format.fixed(d, 1)),
                overhead.known() ? Format.percent(overhead.median()) : "—",
                pMannWhitney,
                pWelch,
                verdict,
                verdictClass));
      }
    }
    return rows;
  }

  /**
   * @return the median and range of a trials.csv column over a variant's OK trials
   */
  static Spread stepMs(VariantResult v, TrialColumn column) {
    return Stats.spread(v.ok().stream().mapToDouble(r -> r.number(column)).toArray());
  }

  /**
   * @return {@code 1.23×} of two medians, an em dash when either is unknown
   */
  private static String ratio(Spread value, Spread reference) {
    if (!value.known() || !reference.known() || reference.median() == 0) {
      return "—";
    }
    return Format.fixed(value.median() / reference.median(), 2) + "×";
  }
}
