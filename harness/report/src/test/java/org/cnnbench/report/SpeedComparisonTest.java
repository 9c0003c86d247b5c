package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The ratio, its interval and the verdict on small hand-checked samples. */
class SpeedComparisonTest {

  @Test
  void theIntervalIsWelchsOnTheLogarithms() {
    // logs a = {ln 20, ln 22, ln 21}, b = {ln 10, ln 11, ln 10.5}: the same spread, ratio 2
    SpeedComparison c = SpeedComparison.of(new double[] {20, 22, 21}, new double[] {10, 11, 10.5});
    assertEquals(2.0, c.ratio(), 1e-12);
    // equal variances and sizes: Welch's df is 4, t(0.975, 4) = 2.7764451
    assertEquals(4.0, c.degreesOfFreedom(), 1e-9);
    double[] la = {Math.log(20), Math.log(22), Math.log(21)};
    double mean = (la[0] + la[1] + la[2]) / 3;
    double var = 0;
    for (double x : la) {
      var += (x - mean) * (x - mean) / 2;
    }
    double se = Math.sqrt(2 * var / 3);
    assertEquals(2.0 * Math.exp(-2.7764451 * se), c.lower(), 1e-6);
    assertEquals(2.0 * Math.exp(2.7764451 * se), c.upper(), 1e-6);
    assertEquals(SpeedVerdict.SLOWER, c.verdict());
    assertEquals(SpeedVerdict.FASTER, c.inverse().verdict());
    assertEquals(0.5, c.inverse().ratio(), 1e-12);
    assertEquals(1 / c.upper(), c.inverse().lower(), 1e-12);
  }

  @Test
  void overlappingSamplesHaveNoDetectableDifference() {
    SpeedComparison c = SpeedComparison.of(new double[] {10, 12, 14}, new double[] {11, 13, 12});
    assertEquals(SpeedVerdict.NO_DETECTABLE_DIFFERENCE, c.verdict());
    assertTrue(c.lower() < 1 && c.upper() > 1);
  }

  @Test
  void oneRepetitionGivesARatioButNoInterval() {
    SpeedComparison c = SpeedComparison.of(new double[] {20}, new double[] {10, 11, Double.NaN});
    assertEquals(SpeedVerdict.TOO_FEW_REPETITIONS, c.verdict());
    assertEquals(1, c.n1());
    assertEquals(2, c.n2());
    assertTrue(Double.isNaN(c.lower()));
  }

  @Test
  void aNonPositiveTimeIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> SpeedComparison.of(new double[] {0, 1}, new double[] {1, 2}));
  }
}
