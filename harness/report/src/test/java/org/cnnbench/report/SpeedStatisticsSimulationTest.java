package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.TTest;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.report.SpeedSimulation.Outcome;
import org.cnnbench.results.EpochColumn;
import org.junit.jupiter.api.Test;

/**
 * The speed statistics proven by simulation on data shaped like the machine's (see {@link
 * SyntheticRuns}): at most 5 % false differences on A/A data, at least 80 % power for a 1.5×
 * difference at 3 repetitions where a trial's repetitions vary by 10 %, and the repetitions needed
 * where they vary by 20 %. Counts are judged against binomial bounds (99th / 1st percentile of the
 * claimed rate), so a test fails only when the claim is wrong beyond Monte-Carlo error; seeds are
 * fixed.
 */
class SpeedStatisticsSimulationTest {

  private static final int EXPERIMENTS = 400;

  @Test
  void aaDataShowsAtMostFivePercentFalseDifferencesAtEveryNoiseLevel() {
    long seed = 11;
    for (double spread : new double[] {0.05, 0.10, 0.20}) {
      Outcome aa =
          SpeedSimulation.simulate(SyntheticRuns.machineLike(spread), 1.0, 3, EXPERIMENTS, seed++);
      assertTrue(
          aa.faster() + aa.slower() <= aa.upper99(0.05),
          "A/A at spread "
              + spread
              + ": "
              + (aa.faster() + aa.slower())
              + " of "
              + EXPERIMENTS
              + " false differences");
      assertEquals(spread, aa.realizedSpread(), 0.02, "the noise is the spread it claims");
    }
  }

  @Test
  void aaDataWithMachineDriftSharedByARoundStaysBelowFivePercent() {
    Outcome aa =
        SpeedSimulation.simulate(
            SyntheticRuns.machineLike(0.15).shared(0.5), 1.0, 3, EXPERIMENTS, 21);
    assertTrue(
        aa.faster() + aa.slower() <= aa.upper99(0.05),
        (aa.faster() + aa.slower()) + " false differences");
  }

  @Test
  void aaDataWithOneNoisyAndOneQuietFrameworkStaysBelowFivePercent() {
    // spreads four-fold apart: the worst case measured in docs/statistics.md (5.5 % in 10 000
    // experiments)
    Outcome aa =
        SpeedSimulation.simulate(
            SyntheticRuns.machineLike(0.05), Map.of("a", 0.20), 1.0, 3, EXPERIMENTS, 22);
    assertTrue(
        aa.faster() + aa.slower() <= aa.upper99(0.05),
        (aa.faster() + aa.slower()) + " false differences");
  }

  @Test
  void aTrueOnePointFiveDifferenceIsFoundAtThreeRepetitionsWhenRepetitionsVaryByTenPercent() {
    Outcome ab = SpeedSimulation.simulate(SyntheticRuns.machineLike(0.10), 1.5, 3, EXPERIMENTS, 31);
    assertTrue(ab.slower() >= ab.lower01(0.80), "power " + ab.slower() + " of " + EXPERIMENTS);
    assertEquals(0, ab.faster(), "never the wrong direction");
  }

  @Test
  void twentyPercentNoiseNeedsSixRepetitionsForEightyPercentPower() {
    SyntheticRuns noisy = SyntheticRuns.machineLike(0.20);
    Outcome three = SpeedSimulation.simulate(noisy, 1.5, 3, EXPERIMENTS, 41);
    Outcome six = SpeedSimulation.simulate(noisy, 1.5, 6, EXPERIMENTS, 43);
    // what docs/statistics.md says: 3 repetitions fall far short of 80 % (5 reach 76 % in its
    // 2000-experiment table, too close to 80 % to assert either way here), 6 reach it
    assertTrue(three.slower() < three.upper99(0.60), "3 repetitions: " + three.slower());
    assertTrue(six.slower() >= six.lower01(0.80), "6 repetitions: " + six.slower());
    Outcome aa = SpeedSimulation.simulate(noisy, 1.0, 6, EXPERIMENTS, 44);
    assertTrue(aa.faster() + aa.slower() <= aa.upper99(0.05), "A/A at 6 repetitions");
  }

  /**
   * The gate on two independently simulated runs: a run against a baseline of the same speed fails
   * a 0 % threshold at most 2.5 % of the time (the interval's lower bound is one-sided 97.5 %), and
   * a 2× slowdown (threads-1-like) fails a 10 % threshold at 3 repetitions where repetitions vary
   * by 10 % (at 20 % it is caught 65 % of the time: docs/regression-gate.md).
   */
  @Test
  void theGateFailsOnNoiseAtMostTwoAndAHalfPercentAndCatchesATwofoldSlowdown() {
    SyntheticRuns noisy = SyntheticRuns.machineLike(0.10);
    SplittableRandom random = new SplittableRandom(61);
    int falseFails = 0;
    int caught = 0;
    int experiments = 200;
    for (int i = 0; i < experiments; i++) {
      RunData baseline = noisy.run(Map.of("a", 40.0), 3, random);
      RunData same = noisy.run(Map.of("a", 40.0), 3, random);
      RunData slow = noisy.run(Map.of("a", 80.0), 3, random);
      falseFails += RegressionGate.compare(baseline, same, 0).regressions().size();
      caught += RegressionGate.compare(baseline, slow, 10).regressions().size();
    }
    int bound = BinomialDistribution.of(experiments, 0.025).inverseCumulativeProbability(0.99);
    assertTrue(
        falseFails <= bound, falseFails + " of " + experiments + " A/A runs failed a 0 % gate");
    int power = BinomialDistribution.of(experiments, 0.80).inverseCumulativeProbability(0.01);
    assertTrue(caught >= power, caught + " of " + experiments + " 2x slowdowns caught at 10 %");
  }

  /**
   * The simulation can fail a method: treating each steady epoch's median as an independent value
   * (pseudo-replication: the epochs of one repetition share its level) finds far more than 5 %
   * false differences on the same A/A data.
   */
  @Test
  void theSimulationCatchesAMethodThatCountsEpochsAsRepetitions() {
    SyntheticRuns noise = SyntheticRuns.machineLike(0.10);
    SplittableRandom random = new SplittableRandom(51);
    Map<String, Double> truth = new LinkedHashMap<>();
    truth.put("a", 40.0);
    truth.put("b", 40.0);
    int falseDifferences = 0;
    for (int i = 0; i < EXPERIMENTS; i++) {
      RunData run = noise.run(truth, 3, random);
      Map<String, List<Row>> epochs = SteadyState.epochsByTrial(run);
      Map<String, List<Double>> byFramework = new LinkedHashMap<>();
      for (Row t : run.trialRows()) {
        for (Row e : SteadyState.steadyEpochs(epochs.get(t.trialId()))) {
          byFramework
              .computeIfAbsent(t.framework(), k -> new ArrayList<>())
              .add(Math.log(e.number(EpochColumn.STEP_MS_MEDIAN)));
        }
      }
      double p =
          TTest.withDefaults()
              .with(DataDispersion.HETEROSCEDASTIC)
              .test(
                  byFramework.get("a").stream().mapToDouble(Double::doubleValue).toArray(),
                  byFramework.get("b").stream().mapToDouble(Double::doubleValue).toArray())
              .getPValue();
      if (p < 0.05) {
        falseDifferences++;
      }
    }
    int bound = BinomialDistribution.of(EXPERIMENTS, 0.05).inverseCumulativeProbability(0.99);
    assertTrue(
        falseDifferences > bound,
        "pseudo-replication gave " + falseDifferences + " false differences");
  }
}
