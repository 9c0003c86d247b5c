package org.cnnbench.report;

import java.util.List;
import java.util.Locale;
import org.cnnbench.report.SteadyState.VariantKey;

/**
 * One row of a group's pairwise speed table: the ratio of two variants' steady-state training step
 * times with its 95 % interval and verdict, from {@link PairwiseSpeed} (docs/statistics.md).
 *
 * @param first the variant whose step time is the numerator
 * @param second the variant whose step time is the denominator
 * @param n OK repetitions of each, e.g. {@code 3 / 3}
 * @param ratio first over second, e.g. {@code 0.83×}, an em dash when a side has no OK repetition
 * @param interval the 95 % confidence interval of the ratio, e.g. {@code [0.79, 0.87]}, an em dash
 *     without one
 * @param verdict the words: which is faster, no detectable difference, or too few repetitions
 * @param verdictClass CSS class: ok (a difference found) or unknown
 */
record Pair(
    String first,
    String second,
    String n,
    String ratio,
    String interval,
    String verdict,
    String verdictClass) {

  /**
   * @param pairs the group's pairs, see {@link PairwiseSpeed#of}
   * @param withDevice whether labels name the device
   * @param t the labels
   * @return one row per pair of which both sides have an OK repetition, in the given order (a
   *     framework without one is named by the conclusions and the trial table)
   */
  static List<Pair> of(List<PairwiseSpeed.Pair> pairs, boolean withDevice, Labels t) {
    return pairs.stream()
        .filter(p -> p.comparison().n1() > 0 && p.comparison().n2() > 0)
        .map(
            p -> {
              SpeedComparison c = p.comparison();
              String a = label(p.first(), withDevice);
              String b = label(p.second(), withDevice);
              return new Pair(
                  a,
                  b,
                  c.n1() + " / " + c.n2(),
                  ratio(c),
                  interval(c),
                  verdict(c, a, b, t),
                  c.verdict() == SpeedVerdict.FASTER || c.verdict() == SpeedVerdict.SLOWER
                      ? "ok"
                      : "unknown");
            })
        .toList();
  }

  /**
   * @return the variant's label: the framework, with the device when the run used more than one
   */
  static String label(VariantKey k, boolean withDevice) {
    return withDevice ? k.framework() + " (" + k.device() + ")" : k.framework();
  }

  /**
   * @return e.g. {@code 0.83×}, an em dash when unknown
   */
  static String ratio(SpeedComparison c) {
    return Double.isNaN(c.ratio()) ? "—" : Format.fixed(c.ratio(), 2) + "×";
  }

  /**
   * @return e.g. {@code [0.79, 0.87]}, an em dash without an interval
   */
  static String interval(SpeedComparison c) {
    return Double.isNaN(c.lower())
        ? "—"
        : String.format(Locale.ROOT, "[%.2f, %.2f]", c.lower(), c.upper());
  }

  /**
   * @param c a comparison of a over b
   * @param a the first variant's label
   * @param b the second's
   * @param t the labels
   * @return the verdict in words
   */
  static String verdict(SpeedComparison c, String a, String b, Labels t) {
    if (c.n1() == 0 || c.n2() == 0) {
      return t.get("pair_noOk");
    }
    return switch (c.verdict()) {
      case FASTER -> t.get("pair_faster", a, b);
      case SLOWER -> t.get("pair_faster", b, a);
      case NO_DETECTABLE_DIFFERENCE -> t.get("pair_noDifference");
      case TOO_FEW_REPETITIONS -> t.get("pair_tooFew");
    };
  }
}
