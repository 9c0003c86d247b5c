package org.cnnbench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.cnnbench.report.Analysis.Group;
import org.cnnbench.report.Analysis.VariantResult;
import org.cnnbench.report.SteadyState.VariantKey;

/**
 * A group's conclusion slide, the measured counterpart of a talk's pros-and-cons slide: per
 * framework its speed rank (only where the pairwise verdicts separate frameworks; frameworks inside
 * each other's noise share a rank), the ratio to the fastest with its 95 % interval, the time to
 * the common accuracy, the accuracy check, peak memory, engine start-up, API and adapter size.
 *
 * @param rows one per framework and device, in the order trials appear
 * @param rankNote how the rank is read
 */
record ConclusionSlide(List<ConclusionSlide.Row> rows, String rankNote) {

  /**
   * One framework.
   *
   * @param variant its label
   * @param rank its speed rank on its device, {@code 1 (tie)} when another shares it, an em dash
   *     without one
   * @param speed its steady-state step time over the fastest median's, with the 95 % interval
   * @param timeToAccuracy its time to the common accuracy in seconds, median [95 % interval]
   * @param accuracy its median test accuracy and whether it agrees
   * @param memory its peak resident memory, median, MiB
   * @param startup its engine load time, median, seconds
   * @param api the API it is programmed against
   * @param code its adapter modules and their sizes (non-blank lines, from frameworks.csv)
   */
  record Row(
      String variant,
      String rank,
      String speed,
      String timeToAccuracy,
      String accuracy,
      String memory,
      String startup,
      String api,
      String code,
      String colour) {}

  /**
   * @param g the group
   * @param pairs its speed pairs, see {@link PairwiseSpeed#of}
   * @param accuracy its accuracy check, or null
   * @param common its time to the common accuracy, or null
   * @param frameworks the run's frameworks, for API and adapter size
   * @param label names a variant
   * @param t the labels
   * @return the slide
   */
  static ConclusionSlide of(
      Group g,
      List<PairwiseSpeed.Pair> pairs,
      AccuracySection accuracy,
      CommonAccuracySection common,
      List<FrameworkRow> frameworks,
      Function<VariantResult, String> label,
      Labels t) {
    Map<String, FrameworkRow> described =
        frameworks.stream().collect(Collectors.toMap(FrameworkRow::name, f -> f, (a, b) -> a));
    List<VariantKey> keys =
        g.variants().stream()
            .map(
                v ->
                    new VariantKey(
                        g.dataset(), g.model(), v.variant().framework(), v.variant().device()))
            .toList();
    List<VariantKey> timed = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (!g.variants().get(i).ok().isEmpty()) {
        timed.add(keys.get(i));
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      VariantResult v = g.variants().get(i);
      VariantKey k = keys.get(i);
      String name = label.apply(v);
      FrameworkRow f = described.get(k.framework());
      String[] speed = speed(k, timed, pairs, t);
      rows.add(
          new Row(
              name,
              speed[0],
              speed[1],
              common == null
                  ? "—"
                  : common.rows().stream()
                      .filter(r -> r.variant().equals(name))
                      .map(CommonAccuracySection.Row::summary)
                      .findFirst()
                      .orElse("—"),
              accuracy == null ? "—" : accuracy.verdictOf(name),
              peakMemory(v),
              Format.seconds(v.timeParts().get("engine_load").median()),
              f == null || f.api().isEmpty() ? "—" : f.api(),
              f == null || f.code().isEmpty() ? "—" : f.code(),
              FrameworkColours.hex(v.variant().framework())));
    }
    return new ConclusionSlide(rows, t.get("slide_rankNote"));
  }

  /**
   * @return the rank and the ratio to the fastest median of the same device
   */
  private static String[] speed(
      VariantKey k, List<VariantKey> timed, List<PairwiseSpeed.Pair> pairs, Labels t) {
    List<VariantKey> device = timed.stream().filter(o -> o.device().equals(k.device())).toList();
    if (!device.contains(k)) {
      return new String[] {"—", t.get("slide_noOk")};
    }
    if (device.size() == 1) {
      return new String[] {"—", t.get("slide_alone")};
    }
    boolean decidable =
        device.stream()
            .filter(o -> !o.equals(k))
            .anyMatch(o -> compare(o, k, pairs).verdict() != SpeedVerdict.TOO_FEW_REPETITIONS);
    VariantKey fastest = device.get(0);
    for (VariantKey o : device) {
      if (!o.equals(fastest) && compare(o, fastest, pairs).ratio() < 1) {
        fastest = o;
      }
    }
    String ratio;
    if (fastest.equals(k)) {
      ratio = t.get("slide_fastestMedian");
    } else {
      SpeedComparison c = compare(k, fastest, pairs);
      ratio = Pair.ratio(c) + " " + Pair.interval(c);
    }
    if (!decidable) {
      return new String[] {"—", ratio + "; " + t.get("pair_tooFew")};
    }
    int rank = rank(k, device, pairs);
    boolean tie = device.stream().anyMatch(o -> !o.equals(k) && rank(o, device, pairs) == rank);
    return new String[] {tie ? t.get("slide_tie", rank) : String.valueOf(rank), ratio};
  }

  /**
   * @return 1 + the number of variants of the device whose interval says they are faster
   */
  static int rank(VariantKey k, List<VariantKey> device, List<PairwiseSpeed.Pair> pairs) {
    return 1
        + (int)
            device.stream()
                .filter(o -> !o.equals(k))
                .filter(o -> compare(o, k, pairs).verdict() == SpeedVerdict.FASTER)
                .count();
  }

  /**
   * @return a over b, from whichever order the pair was computed in
   */
  static SpeedComparison compare(VariantKey a, VariantKey b, List<PairwiseSpeed.Pair> pairs) {
    for (PairwiseSpeed.Pair p : pairs) {
      if (p.first().equals(a) && p.second().equals(b)) {
        return p.comparison();
      }
      if (p.first().equals(b) && p.second().equals(a)) {
        return p.comparison().inverse();
      }
    }
    throw new IllegalArgumentException("no pair " + a + " / " + b);
  }

  /**
   * The whole process tree's sampled peak (the trial JVM with its Python worker or TensorFlow's
   * inference JVM), else, for runs recorded before the tree was sampled, the trial JVM's own peak.
   */
  private static String peakMemory(VariantResult v) {
    if (v.peakTreeRss().known()) {
      return Format.fixed(v.peakTreeRss().median(), 0);
    }
    return v.peakRss().known() ? Format.fixed(v.peakRss().median(), 0) + " (JVM)" : "—";
  }
}
