package org.cnnbench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.cnnbench.report.Analysis.Group;
import org.cnnbench.report.Analysis.VariantResult;
import org.cnnbench.report.SteadyState.VariantKey;
import org.cnnbench.report.TimeToCommonAccuracy.CommonAccuracy;
import org.cnnbench.results.TrialColumn;

/**
 * The conclusions of a group: a list of {@link Rule}s, each answering one question from the
 * numbers. A new kind of conclusion is one more rule in {@link #RULES}; the ranking rules draw
 * nothing when {@link Withheld} says a ranking is not allowed.
 */
final class Conclusions {

  /**
   * What a rule sees.
   *
   * @param group the dataset and model
   * @param t the labels
   * @param label names a variant
   * @param withheld why no ranking is drawn, or null when one is
   * @param pairs the group's speed pairs, see {@link PairwiseSpeed#of}
   * @param accuracy the group's accuracy check, or null
   * @param common the group's time to a common accuracy, or null
   * @param fixedTarget whether the group's target is a fixed one (the paper profile), not the
   *     common accuracy
   */
  record Input(
      Group group,
      Labels t,
      Function<VariantResult, String> label,
      String withheld,
      List<PairwiseSpeed.Pair> pairs,
      AccuracySection accuracy,
      CommonAccuracy common,
      boolean fixedTarget) {

    /**
     * @return whether rankings may be drawn
     */
    boolean ranking() {
      return withheld == null;
    }
  }

  /** One question the conclusions answer; a rule with nothing to say returns no line. */
  @FunctionalInterface
  interface Rule {
    /**
     * @param in the group and its context
     * @return the lines of this rule, in order
     */
    List<Conclusion> apply(Input in);
  }

  /** The rules, in the order their lines appear. */
  static final List<Rule> RULES =
      List.of(
          Conclusions::notDrawn,
          Conclusions::fastest,
          Conclusions::accuracyAgreement,
          Conclusions::timeToCommonAccuracy,
          Conclusions::timeToTarget,
          Conclusions::notOk);

  private Conclusions() {}

  /**
   * @param g a group
   * @param warnings rows left out of the run
   * @param t the labels
   * @param label names a variant
   * @param pairs the group's speed pairs
   * @param accuracy the group's accuracy check, or null
   * @param common the group's time to a common accuracy, or null
   * @param fixedTarget whether the group's target is a fixed one (the paper profile)
   * @return every rule's lines
   */
  static List<Conclusion> of(
      Group g,
      List<ReadWarning> warnings,
      Labels t,
      Function<VariantResult, String> label,
      List<PairwiseSpeed.Pair> pairs,
      AccuracySection accuracy,
      CommonAccuracy common,
      boolean fixedTarget) {
    Input in =
        new Input(
            g, t, label, Withheld.reason(g, warnings, t), pairs, accuracy, common, fixedTarget);
    List<Conclusion> rows = new ArrayList<>();
    RULES.forEach(rule -> rows.addAll(rule.apply(in)));
    return rows;
  }

  /** No ranking from rows left out or from a single framework: says why instead. */
  static List<Conclusion> notDrawn(Input in) {
    return in.ranking()
        ? List.of()
        : List.of(
            new Conclusion(
                in.t().get("concl_notDrawn"), in.t().get("concl_notDrawnAnswer"), in.withheld()));
  }

  /**
   * The fastest variant on each device, named only when the pairwise 95 % intervals separate it
   * from every other one; frameworks inside each other's noise are reported as such.
   */
  static List<Conclusion> fastest(Input in) {
    List<Conclusion> rows = new ArrayList<>();
    if (!in.ranking()) {
      return rows;
    }
    Group g = in.group();
    Labels t = in.t();
    Function<VariantResult, String> label = in.label();
    Set<String> devices =
        new LinkedHashSet<>(g.variants().stream().map(v -> v.variant().device()).toList());
    for (String device : devices) {
      List<VariantResult> timed =
          g.variants().stream()
              .filter(v -> v.variant().device().equals(device))
              .filter(v -> !v.ok().isEmpty())
              .toList();
      if (timed.isEmpty()) {
        continue;
      }
      String question = t.get("concl_fastest") + (g.withDevice() ? " (" + device + ")" : "");
      if (timed.size() == 1) {
        rows.add(
            new Conclusion(
                question,
                t.get("concl_notDrawnAnswer"),
                t.get("concl_oneOk", label.apply(timed.get(0)))));
        continue;
      }
      List<VariantKey> keys = timed.stream().map(v -> key(g, v)).toList();
      boolean tooFew = false;
      for (int i = 0; i < keys.size(); i++) {
        for (int j = i + 1; j < keys.size(); j++) {
          tooFew |=
              ConclusionSlide.compare(keys.get(i), keys.get(j), in.pairs()).verdict()
                  == SpeedVerdict.TOO_FEW_REPETITIONS;
        }
      }
      if (tooFew) {
        rows.add(new Conclusion(question, t.get("concl_notDrawnAnswer"), t.get("pair_tooFew")));
        continue;
      }
      List<VariantKey> first =
          keys.stream().filter(k -> ConclusionSlide.rank(k, keys, in.pairs()) == 1).toList();
      String names =
          String.join(", ", first.stream().map(k -> Pair.label(k, g.withDevice())).toList());
      if (first.size() > 1) {
        rows.add(
            new Conclusion(question, t.get("concl_speedTie", names), t.get("concl_speedTieHow")));
        continue;
      }
      VariantKey best = first.get(0);
      VariantKey closest =
          keys.stream()
              .filter(k -> !k.equals(best))
              .min(
                  Comparator.comparingDouble(
                      k -> ConclusionSlide.compare(k, best, in.pairs()).ratio()))
              .orElseThrow();
      SpeedComparison c = ConclusionSlide.compare(best, closest, in.pairs());
      rows.add(
          new Conclusion(
              question,
              names,
              t.get(
                  "concl_fasterThan",
                  Pair.ratio(c),
                  Pair.interval(c),
                  Pair.label(closest, g.withDevice()))));
    }
    return rows;
  }

  /**
   * Test accuracy as a check: whether the frameworks agree within the tolerance, never a winner.
   */
  static List<Conclusion> accuracyAgreement(Input in) {
    AccuracySection a = in.accuracy();
    if (a == null) {
      return List.of();
    }
    return List.of(new Conclusion(in.t().get("concl_accuracy"), a.brief(), a.summary()));
  }

  /** Each framework's time to the highest validation accuracy every OK repetition reached. */
  static List<Conclusion> timeToCommonAccuracy(Input in) {
    CommonAccuracy c = in.common();
    if (!in.ranking() || c == null || Double.isNaN(c.target()) || c.variants().isEmpty()) {
      return List.of();
    }
    return List.of(
        new Conclusion(
            in.t().get("concl_common", Format.accuracy(c.target())),
            CommonAccuracySection.list(c, in.group().withDevice()),
            in.t().get("concl_commonHow")));
  }

  private static VariantKey key(Group g, VariantResult v) {
    return new VariantKey(g.dataset(), g.model(), v.variant().framework(), v.variant().device());
  }

  /**
   * The ranking by time to the fixed target accuracy, where the model has one (the paper profile).
   */
  static List<Conclusion> timeToTarget(Input in) {
    Group g = in.group();
    Labels t = in.t();
    Function<VariantResult, String> label = in.label();
    boolean anyTimed = g.variants().stream().anyMatch(v -> v.trainSeconds().known());
    if (!in.ranking() || !in.fixedTarget() || Double.isNaN(g.target()) || !anyTimed) {
      return List.of();
    }
    List<VariantResult> reached =
        g.variants().stream()
            .filter(v -> v.reachedTarget() > 0)
            .sorted(Comparator.comparingDouble(v -> v.timeToTarget().median()))
            .toList();
    List<String> ranking = new ArrayList<>();
    int rank = 1;
    for (VariantResult v : reached) {
      ranking.add(
          rank++ + ". " + label.apply(v) + " " + Format.seconds(v.timeToTarget().median()) + " s");
    }
    for (VariantResult v : g.variants()) {
      if (v.reachedTarget() == 0 && !v.ok().isEmpty()) {
        ranking.add(label.apply(v) + ": " + t.get("tta_notReached"));
      }
    }
    return List.of(
        new Conclusion(
            t.get("concl_tta", Format.fixed(g.target(), 2)),
            String.join("; ", ranking),
            reached.isEmpty() ? t.get("concl_ttaNone") : t.get("concl_ttaHow")));
  }

  /** Every variant with a trial that did not finish OK: its statuses and the first reason. */
  static List<Conclusion> notOk(Input in) {
    List<Conclusion> rows = new ArrayList<>();
    for (VariantResult v : in.group().variants()) {
      if (v.ok().size() == v.trials().size()) {
        continue;
      }
      Set<String> statuses = new TreeSet<>();
      v.trials().stream().filter(r -> !r.ok()).forEach(r -> statuses.add(r.status()));
      rows.add(
          new Conclusion(
              in.t().get("concl_notOk", in.label().apply(v)),
              String.join(", ", statuses),
              v.trials().stream()
                  .filter(r -> !r.ok())
                  .map(r -> r.text(TrialColumn.REASON))
                  .filter(s -> !s.isEmpty())
                  .findFirst()
                  .orElse("")));
    }
    return rows;
  }
}
