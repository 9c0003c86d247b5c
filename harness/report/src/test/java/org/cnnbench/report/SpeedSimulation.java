package org.cnnbench.report;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.statistics.descriptive.Variance;
import org.apache.commons.statistics.distribution.BinomialDistribution;

/**
 * Simulated experiments: two frameworks, one true ratio of step times, analysed end to end (rows,
 * {@link SteadyState}, {@link PairwiseSpeed}). {@link #main} prints the tables of
 * docs/statistics.md.
 */
final class SpeedSimulation {

  private SpeedSimulation() {}

  /**
   * What the simulated experiments concluded.
   *
   * @param experiments how many
   * @param faster how many said the first framework is faster
   * @param slower how many said it is slower
   * @param realizedSpread the pooled standard deviation of the per-repetition log values the
   *     statistics saw (the spread of a trial's steady-state median step between repetitions)
   */
  record Outcome(int experiments, int faster, int slower, double realizedSpread) {

    /**
     * @return the fraction of experiments with a difference found
     */
    double differenceRate() {
      return (double) (faster + slower) / experiments;
    }

    /**
     * @param rate a rate
     * @return the largest count of a Binomial(experiments, rate) that is not above its 99th
     *     percentile
     */
    int upper99(double rate) {
      return BinomialDistribution.of(experiments, rate).inverseCumulativeProbability(0.99);
    }

    /**
     * @return the smallest count of a Binomial(experiments, rate) not below its 1st percentile
     */
    int lower01(double rate) {
      return BinomialDistribution.of(experiments, rate).inverseCumulativeProbability(0.01);
    }
  }

  /**
   * @param noise the noise model
   * @param ratio true step time of framework a over that of b
   * @param repetitions repetitions of each
   * @param experiments how many simulated runs
   * @param seed the random seed
   * @return the verdicts counted
   */
  static Outcome simulate(
      SyntheticRuns noise, double ratio, int repetitions, int experiments, long seed) {
    return simulate(noise, Map.of(), ratio, repetitions, experiments, seed);
  }

  /**
   * @param spreads a framework's own repetition spread ({@code a} or {@code b}), if not the noise's
   * @return the verdicts counted
   */
  static Outcome simulate(
      SyntheticRuns noise,
      Map<String, Double> spreads,
      double ratio,
      int repetitions,
      int experiments,
      long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Double> truth = new LinkedHashMap<>();
    truth.put("a", 40.0 * ratio);
    truth.put("b", 40.0);
    int faster = 0;
    int slower = 0;
    double sumVariance = 0;
    int variances = 0;
    for (int i = 0; i < experiments; i++) {
      RunData run = noise.run(truth, spreads, repetitions, random);
      List<PairwiseSpeed.Pair> pairs = PairwiseSpeed.of(run).get("mnist/mnist-cnn");
      SpeedComparison c = pairs.get(0).comparison();
      if (c.verdict() == SpeedVerdict.FASTER) {
        faster++;
      } else if (c.verdict() == SpeedVerdict.SLOWER) {
        slower++;
      }
      for (double[] values :
          SteadyState.perRepetition(run, SteadyState.Measure.STEP_MEDIAN).values()) {
        sumVariance += Variance.of(Arrays.stream(values).map(Math::log).toArray()).getAsDouble();
        variances++;
      }
    }
    return new Outcome(experiments, faster, slower, Math.sqrt(sumVariance / variances));
  }

  /**
   * Prints the false-difference rates, powers and smallest detectable ratios of docs/statistics.md.
   */
  public static void main(String[] args) {
    int n = 2000;
    System.out.println("spread  realized  reps  A/A-rate  power@1.5x  ratio@80%");
    for (double spread : new double[] {0.05, 0.10, 0.12, 0.15, 0.20}) {
      for (int reps : new int[] {3, 4, 5, 6}) {
        SyntheticRuns noise = SyntheticRuns.machineLike(spread);
        Outcome aa = simulate(noise, 1.0, reps, n, 1);
        Outcome ab = simulate(noise, 1.5, reps, n, 2);
        double detectable = Double.NaN;
        for (double r = 1.02; r < 3; r += 0.02) {
          if (simulate(noise, r, reps, 400, 3).differenceRate() >= 0.8) {
            detectable = r;
            break;
          }
        }
        System.out.printf(
            Locale.ROOT,
            "%5.2f  %8.3f  %4d  %8.3f  %10.3f  %9.2f%n",
            spread,
            aa.realizedSpread(),
            reps,
            aa.differenceRate(),
            ab.differenceRate(),
            detectable);
      }
    }
    for (int reps : new int[] {3, 6}) {
      System.out.printf(
          Locale.ROOT,
          "a 20 %%, b 5 %%, %d reps: A/A %.3f, power@1.5x %.3f%n",
          reps,
          simulate(SyntheticRuns.machineLike(0.05), Map.of("a", 0.20), 1.0, reps, n, 6)
              .differenceRate(),
          simulate(SyntheticRuns.machineLike(0.05), Map.of("a", 0.20), 1.5, reps, n, 7)
              .differenceRate());
    }
    for (double shared : new double[] {0.5, 1.0}) {
      SyntheticRuns noise = SyntheticRuns.machineLike(0.10).shared(shared);
      System.out.printf(
          Locale.ROOT,
          "shared %.1f of 10 %%: A/A %.3f, power@1.5x %.3f (3 reps)%n",
          shared,
          simulate(noise, 1.0, 3, n, 4).differenceRate(),
          simulate(noise, 1.5, 3, n, 5).differenceRate());
    }
  }
}
