package org.cnnbench.report;

import java.util.Arrays;
import org.apache.commons.statistics.descriptive.Median;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.apache.commons.statistics.inference.TTest;

/** Medians, ranges and two-sample tests over repetitions, all from Apache Commons Statistics. */
final class Stats {

  /** Significance level of every test in the report. */
  static final double ALPHA = 0.05;

  private Stats() {}

  /**
   * The centre and range of a measurement over repetitions.
   *
   * @param median the median (NaN when there are no values)
   * @param min the smallest value
   * @param max the largest value
   * @param values the values, NaNs removed, in input order
   */
  @SuppressWarnings("ArrayRecordComponent") // the sample handed to Commons Statistics as double[]
  record Spread(double median, double min, double max, double[] values) {

    /**
     * @return the number of values
     */
    int n() {
      return values.length;
    }

    /**
     * @return whether there is at least one value
     */
    boolean known() {
      return values.length > 0;
    }
  }

  /**
   * @param values measurements; NaNs are ignored
   * @return their median and range
   */
  static Spread spread(double[] values) {
    double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).toArray();
    if (v.length == 0) {
      return new Spread(Double.NaN, Double.NaN, Double.NaN, v);
    }
    double median = Median.withDefaults().withCopy(true).evaluate(v);
    return new Spread(
        median, Arrays.stream(v).min().orElseThrow(), Arrays.stream(v).max().orElseThrow(), v);
  }

  /**
   * Two-sided tests of a difference between two samples.
   *
   * @param mannWhitneyU the U statistic of the first sample, NaN when not computable
   * @param mannWhitneyP two-sided p-value of the Mann–Whitney U test (exact for small samples)
   * @param welchP two-sided p-value of Welch's t-test, NaN when a sample has fewer than two values
   *     or no variance
   * @param smallestPossibleP the smallest two-sided Mann–Whitney p-value these sample sizes can
   *     give
   */
  record Comparison(
      double mannWhitneyU, double mannWhitneyP, double welchP, double smallestPossibleP) {

    /**
     * @return whether the Mann–Whitney test rejects equality at {@link #ALPHA}
     */
    boolean significant() {
      return mannWhitneyP < ALPHA;
    }

    /**
     * @return whether the sample sizes can reach significance at {@link #ALPHA} at all
     */
    boolean canBeSignificant() {
      return smallestPossibleP < ALPHA;
    }
  }

  /**
   * @param a first sample (at least one value)
   * @param b second sample (at least one value)
   * @return the tests
   */
  static Comparison compare(double[] a, double[] b) {
    double u = Double.NaN;
    double p = Double.NaN;
    if (a.length > 0 && b.length > 0) {
      MannWhitneyUTest.Result r =
          MannWhitneyUTest.withDefaults().with(AlternativeHypothesis.TWO_SIDED).test(a, b);
      u = r.getStatistic();
      p = r.getPValue();
    }
    double welch = Double.NaN;
    if (a.length >= 2 && b.length >= 2 && (variance(a) > 0 || variance(b) > 0)) {
      welch = TTest.withDefaults().with(AlternativeHypothesis.TWO_SIDED).test(a, b).getPValue();
    }
    return new Comparison(u, p, welch, smallestTwoSidedP(a.length, b.length));
  }

  /**
   * The exact Mann–Whitney two-sided p-value of complete separation: 2 / C(n1 + n2, n1), capped at
   * 1.
   */
  static double smallestTwoSidedP(int n1, int n2) {
    if (n1 == 0 || n2 == 0) {
      return 1;
    }
    double combinations = 1;
    for (int i = 1; i <= n1; i++) {
      combinations = combinations * (n2 + i) / i;
    }
    return Math.min(1, 2 / combinations);
  }

  private static double variance(double[] v) {
    double mean = Arrays.stream(v).average().orElse(0);
    return Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum();
  }
}
