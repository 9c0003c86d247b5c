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
import org.cnnbench.results.TrialColumn;

/**
 * The conclusions of a group: a list of {@link Rule}s, each answering one question from the numbers.
 * A new kind of conclusion is one more rule in {@link #RULES}; the ranking rules draw nothing when
 * {@link Withheld} says a ranking is not allowed.
 */
final class Conclusions {

  /**
   * What a rule sees.
   *
   * @param group the dataset and model
   * @param t the labels
   * @param label names a variant
   * @param withheld why no ranking is drawn, or null when one is
   */
  record Input(Group group, Labels t, Function<VariantResult, String> label, String withheld) {

    /** @return whether rankings may be drawn */
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
  static final List<Rule> RULES = List.of(Conclusions::notDrawn, Conclusions::fastest, Conclusions::mostAccurate,
      Conclusions::timeToTarget, Conclusions::throughput, Conclusions::notOk);

  private Conclusions() {}

  /**
   * @param g a group
   * @param warnings rows left out of the run
   * @param t the labels
   * @param label names a variant
   * @return every rule's lines
   */
  static List<Conclusion> of(Group g, List<ReadWarning> warnings, Labels t, Function<VariantResult, String> label) {
    Input in = new Input(g, t, label, Withheld.reason(g, warnings, t));
    List<Conclusion> rows = new ArrayList<>();
    RULES.forEach(rule -> rows.addAll(rule.apply(in)));
    return rows;
  }

  /** No ranking from rows left out or from a single framework: says why instead. */
  static List<Conclusion> notDrawn(Input in) {
    return in.ranking() ? List.of()
        : List.of(new Conclusion(in.t().get("concl_notDrawn"), in.t().get("concl_notDrawnAnswer"), in.withheld()));
  }

  /** The fastest variant on each device, with the test against the next one. */
  static List<Conclusion> fastest(Input in) {
    List<Conclusion> rows = new ArrayList<>();
    if (!in.ranking()) {
      return rows;
    }
    Group g = in.group();
    Labels t = in.t();
    Function<VariantResult, String> label = in.label();
    Set<String> devices = new LinkedHashSet<>(g.variants().stream().map(v -> v.variant().device()).toList());
    for (String device : devices) {
      List<VariantResult> timed = g.variants().stream().filter(v -> v.variant().device().equals(device))
          .filter(v -> v.trainSeconds().known())
          .sorted(Comparator.comparingDouble(v -> v.trainSeconds().median())).toList();
      if (timed.isEmpty()) {
        continue;
      }
      VariantResult best = timed.get(0);
      String answer = label.apply(best) + " — " + Format.seconds(best.trainSeconds().median()) + " s";
      String evidence;
      if (timed.size() == 1) {
        // one timed variant on this device: no ranking
        answer = t.get("concl_notDrawnAnswer");
        evidence = t.get("concl_oneOk", label.apply(best));
      } else {
        VariantResult next = timed.get(1);
        Stats.Comparison cmp = Stats.compare(best.trainSeconds().values(), next.trainSeconds().values());
        String ratio = Format.fixed(next.trainSeconds().median() / best.trainSeconds().median(), 2);
        String base = t.get("concl_fasterThan", ratio, label.apply(next), Format.seconds(next.trainSeconds().median()));
        if (best.trainSeconds().n() < 2 || next.trainSeconds().n() < 2) {
          evidence = base + " " + t.get("concl_noSpread");
        } else if (!cmp.canBeSignificant()) {
          evidence = base + " " + t.get("concl_cannot", Format.p(cmp.mannWhitneyP()));
        } else {
          evidence = base + " " + (cmp.significant() ? t.get("concl_significant", Format.p(cmp.mannWhitneyP()))
              : t.get("concl_notSignificant", Format.p(cmp.mannWhitneyP())));
        }
      }
      rows.add(new Conclusion(t.get("concl_fastest") + (g.withDevice() ? " (" + device + ")" : ""), answer,
          evidence));
    }
    return rows;
  }

  /** The most accurate variant, and whether its lead is outside the repetitions' ranges. */
  static List<Conclusion> mostAccurate(Input in) {
    Labels t = in.t();
    Function<VariantResult, String> label = in.label();
    List<VariantResult> accurate = in.group().variants().stream().filter(v -> v.testAccuracy().known())
        .sorted(Comparator.comparingDouble((VariantResult v) -> v.testAccuracy().median()).reversed()).toList();
    if (!in.ranking() || accurate.isEmpty()) {
      return List.of();
    }
    VariantResult best = accurate.get(0);
    String answer = label.apply(best) + " — " + Format.accuracy(best.testAccuracy().median());
    String evidence;
    if (accurate.size() == 1) {
      evidence = t.get("concl_only");
    } else {
      VariantResult next = accurate.get(1);
      double diff = best.testAccuracy().median() - next.testAccuracy().median();
      String base = diff == 0 ? t.get("concl_tie", label.apply(next)) : t.get("concl_accuracyAhead",
          Format.fixed(diff * 100, 2), label.apply(next), Format.accuracy(next.testAccuracy().median()));
      if (best.testAccuracy().n() < 2 || next.testAccuracy().n() < 2) {
        evidence = base + " " + t.get("concl_noSpread");
      } else if (best.testAccuracy().min() <= next.testAccuracy().max()) {
        evidence = base + " " + t.get("concl_overlap");
      } else {
        evidence = base + " " + t.get("concl_separate");
      }
    }
    return List.of(new Conclusion(t.get("concl_accurate"), answer, evidence));
  }

  /** The ranking by time to the target accuracy, where the model has a target. */
  static List<Conclusion> timeToTarget(Input in) {
    Group g = in.group();
    Labels t = in.t();
    Function<VariantResult, String> label = in.label();
    boolean anyTimed = g.variants().stream().anyMatch(v -> v.trainSeconds().known());
    if (!in.ranking() || Double.isNaN(g.target()) || !anyTimed) {
      return List.of();
    }
    List<VariantResult> reached = g.variants().stream().filter(v -> v.reachedTarget() > 0)
        .sorted(Comparator.comparingDouble(v -> v.timeToTarget().median())).toList();
    List<String> ranking = new ArrayList<>();
    int rank = 1;
    for (VariantResult v : reached) {
      ranking.add(rank++ + ". " + label.apply(v) + " " + Format.seconds(v.timeToTarget().median()) + " s");
    }
    for (VariantResult v : g.variants()) {
      if (v.reachedTarget() == 0 && !v.ok().isEmpty()) {
        ranking.add(label.apply(v) + ": " + t.get("tta_notReached"));
      }
    }
    return List.of(new Conclusion(t.get("concl_tta", Format.fixed(g.target(), 2)), String.join("; ", ranking),
        reached.isEmpty() ? t.get("concl_ttaNone") : t.get("concl_ttaHow")));
  }

  /** The variant with the most images per second. */
  static List<Conclusion> throughput(Input in) {
    Labels t = in.t();
    List<VariantResult> fast = in.group().variants().stream().filter(v -> v.throughput().known())
        .sorted(Comparator.comparingDouble((VariantResult v) -> v.throughput().median()).reversed()).toList();
    if (!in.ranking() || fast.isEmpty()) {
      return List.of();
    }
    return List.of(new Conclusion(t.get("concl_throughput"), in.label().apply(fast.get(0)) + " — "
        + Format.fixed(fast.get(0).throughput().median(), 0) + " " + t.get("axis_imagesPerSecond"),
        t.get("concl_throughputHow")));
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
      rows.add(new Conclusion(in.t().get("concl_notOk", in.label().apply(v)), String.join(", ", statuses),
          v.trials().stream().filter(r -> !r.ok()).map(r -> r.text(TrialColumn.REASON)).filter(s -> !s.isEmpty())
              .findFirst().orElse("")));
    }
    return rows;
  }
}
