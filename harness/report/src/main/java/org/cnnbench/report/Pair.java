package org.cnnbench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.cnnbench.report.Analysis.Group;
import org.cnnbench.report.Analysis.VariantResult;
import org.cnnbench.report.Stats.Spread;

/**
 * One row of a group's pairwise table: two variants' training times, the Mann–Whitney and Welch tests of
 * their repetitions and what they allow to say.
 *
 * @param a the first variant
 * @param b the second variant
 * @param medianA the first's median seconds
 * @param medianB the second's median seconds
 * @param nA the first's number of repetitions
 * @param nB the second's number of repetitions
 * @param ratio the slower median over the faster one
 * @param faster the variant with the smaller median
 * @param u the Mann–Whitney U statistic
 * @param pMannWhitney its two-sided p-value, an em dash when neither has two repetitions
 * @param pWelch Welch's two-sided p-value
 * @param verdict the words
 * @param verdictClass CSS class: ok (significant) or unknown
 */
record Pair(String a, String b, String medianA, String medianB, String nA, String nB, String ratio,
    String faster, String u, String pMannWhitney, String pWelch, String verdict, String verdictClass) {

  /**
   * @param g a group
   * @param t the labels
   * @param label names a variant
   * @return one row per pair of timed variants, in the order of the group's variants
   */
  static List<Pair> of(Group g, Labels t, Function<VariantResult, String> label) {
    List<Pair> rows = new ArrayList<>();
    List<VariantResult> vs = g.variants().stream().filter(v -> v.trainSeconds().known()).toList();
    for (int i = 0; i < vs.size(); i++) {
      for (int j = i + 1; j < vs.size(); j++) {
        VariantResult a = vs.get(i);
        VariantResult b = vs.get(j);
        Spread sa = a.trainSeconds();
        Spread sb = b.trainSeconds();
        Stats.Comparison cmp = Stats.compare(sa.values(), sb.values());
        String faster = sa.median() <= sb.median() ? label.apply(a) : label.apply(b);
        String verdict;
        String cls;
        if (sa.n() < 2 || sb.n() < 2) {
          verdict = t.get("pair_unknown");
          cls = "unknown";
        } else if (!cmp.canBeSignificant()) {
          verdict = t.get("pair_cannot", sa.n(), sb.n(), Format.p(cmp.smallestPossibleP()));
          cls = "unknown";
        } else if (cmp.significant()) {
          verdict = t.get("pair_significant", faster);
          cls = "ok";
        } else {
          verdict = t.get("pair_notSignificant");
          cls = "unknown";
        }
        rows.add(new Pair(label.apply(a), label.apply(b), Format.seconds(sa.median()), Format.seconds(sb.median()),
            String.valueOf(sa.n()), String.valueOf(sb.n()),
            Format.fixed(Math.max(sa.median(), sb.median()) / Math.min(sa.median(), sb.median()), 2), faster,
            Format.fixed(cmp.mannWhitneyU(), 1), sa.n() < 2 && sb.n() < 2 ? "—" : Format.p(cmp.mannWhitneyP()),
            Format.p(cmp.welchP()), verdict, cls));
      }
    }
    return rows;
  }
}
