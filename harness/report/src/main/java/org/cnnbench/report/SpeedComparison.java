package org.cnnbench.report;

import java.util.Arrays;
import org.apache.commons.statistics.descriptive.Mean;
import org.apache.commons.statistics.descriptive.Variance;
import org.apache.commons.statistics.distribution.TDistribution;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.TTest;

/**
 * The ratio of two variants' steady-state training step times with its 95 % confidence interval and
 * a {@link SpeedVerdict}: Welch's t-interval on the logarithms of the per-repetition values,
 * transformed back into a ratio of geometric means. Each repetition is one independent measurement
 * (its steps are summarised inside it first, see {@link SteadyState}), so the autocorrelation of
 * steps within a repetition does not make the interval too narrow; docs/statistics.md gives the
 * simulations that prove its false-difference rate and power.
 *
 * @param ratio geometric mean of the first sample over that of the second (above 1: the first is
 *     slower)
 * @param lower lower bound of the 95 % confidence interval of the ratio, NaN when not computable
 * @param upper upper bound of the 95 % confidence interval of the ratio, NaN when not computable
 * @param pValue two-sided p-value of Welch's t-test on the logarithms, NaN when not computable
 * @param degreesOfFreedom Welch–Satterthwaite degrees of freedom, NaN when not computable
 * @param n1 repetitions of the first variant
 * @param n2 repetitions of the second variant
 * @param verdict what the interval says
 */
public record SpeedComparison(
    double ratio,
    double lower,
    double upper,
    double pValue,
    double degreesOfFreedom,
    int n1,
    int n2,
    SpeedVerdict verdict) {

  /** The confidence level of every interval. */
  public static final double CONFIDENCE = 0.95;

  /** The method in one sentence, for the report to show next to a link to docs/statistics.md. */
  public static final String METHOD_SUMMARY =
      "Each ratio compares steady-state training step times (per"
          + " repetition, the median step of the epochs after the first, per image) with a 95 % Welch"
          + " t-interval on their logarithms, one value per repetition; \"no detectable difference\" means the"
          + " interval contains 1; at 3 repetitions this finds a 1.5× difference with at least 80 % power"
          + " when a trial's repetitions vary by 10 % or less (docs/statistics.md).";

  /**
   * @param first per-repetition times of the first variant (positive; NaNs are ignored)
   * @param second per-repetition times of the second variant
   * @return their ratio, interval and verdict
   */
  public static SpeedComparison of(double[] first, double[] second) {
    double[] a = logs(first);
    double[] b = logs(second);
    double ratio =
        a.length > 0 && b.length > 0
            ? Math.exp(Mean.of(a).getAsDouble() - Mean.of(b).getAsDouble())
            : Double.NaN;
    if (a.length < 2 || b.length < 2) {
      return new SpeedComparison(
          ratio,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          a.length,
          b.length,
          SpeedVerdict.TOO_FEW_REPETITIONS);
    }
    double diff = Math.log(ratio);
    double se =
        Math.sqrt(
            Variance.of(a).getAsDouble() / a.length + Variance.of(b).getAsDouble() / b.length);
    if (se == 0) {
      // Identical repetitions on both sides (only in synthetic data): the interval is the point.
      SpeedVerdict v =
          diff > 0
              ? SpeedVerdict.SLOWER
              : diff < 0 ? SpeedVerdict.FASTER : SpeedVerdict.NO_DETECTABLE_DIFFERENCE;
      return new SpeedComparison(
          ratio, ratio, ratio, diff == 0 ? 1 : 0, Double.POSITIVE_INFINITY, a.length, b.length, v);
    }
    TTest.Result welch =
        TTest.withDefaults()
            .with(DataDispersion.HETEROSCEDASTIC)
            .with(AlternativeHypothesis.TWO_SIDED)
            .test(a, b);
    double df = welch.getDegreesOfFreedom();
    double t = TDistribution.of(df).inverseSurvivalProbability((1 - CONFIDENCE) / 2);
    double lower = Math.exp(diff - t * se);
    double upper = Math.exp(diff + t * se);
    SpeedVerdict v =
        lower > 1
            ? SpeedVerdict.SLOWER
            : upper < 1 ? SpeedVerdict.FASTER : SpeedVerdict.NO_DETECTABLE_DIFFERENCE;
    return new SpeedComparison(ratio, lower, upper, welch.getPValue(), df, a.length, b.length, v);
  }

  /**
   * @return the same comparison seen from the second variant: ratio and bounds inverted
   */
  public SpeedComparison inverse() {
    SpeedVerdict v =
        switch (verdict) {
          case FASTER -> SpeedVerdict.SLOWER;
          case SLOWER -> SpeedVerdict.FASTER;
          default -> verdict;
        };
    return new SpeedComparison(
        1 / ratio, 1 / upper, 1 / lower, pValue, degreesOfFreedom, n2, n1, v);
  }

  private static double[] logs(double[] values) {
    double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).toArray();
    for (double d : v) {
      if (!(d > 0) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("a step time must be positive and finite, got " + d);
      }
    }
    return Arrays.stream(v).map(Math::log).toArray();
  }
}
