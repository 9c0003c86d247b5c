package org.cnnbench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.cnnbench.results.EpochColumn;
import org.cnnbench.results.TrialColumn;

/**
 * Synthetic runs with step-time noise shaped like the 2-core machine's: every repetition of a trial
 * gets its own level (log-normal, {@code repetitionSpread} standard deviation on the log scale, so
 * a trial's median step varies by about that fraction between repetitions), optionally partly
 * shared by every framework of the same round (machine drift); within a repetition the steps follow
 * an AR(1) process on the log scale with occasional pauses twice as long (garbage collection, the
 * other helper's process), and the first epoch carries a warm-up that decays over its first steps.
 * The rows go through the same reading code as a real run's.
 *
 * @param repetitionSpread standard deviation of a repetition's log level
 * @param sharedFraction share of that variance common to every framework of a round
 * @param epochs epochs per trial
 * @param stepsPerEpoch timed steps per epoch
 * @param stepSpread standard deviation of a step's log time around its repetition's level
 * @param autocorrelation lag-1 autocorrelation of the steps' log times
 */
record SyntheticRuns(
    double repetitionSpread,
    double sharedFraction,
    int epochs,
    int stepsPerEpoch,
    double stepSpread,
    double autocorrelation) {

  static final int BATCH = 64;
  private static final double PAUSE_PROBABILITY = 0.02;
  private static final double WARM_UP = 1.0;
  private static final double WARM_UP_STEPS = 8;

  /**
   * @param repetitionSpread standard deviation of a repetition's log level
   * @return 3 epochs of 40 steps, steps spread 10 % with autocorrelation 0.7, nothing shared
   */
  static SyntheticRuns machineLike(double repetitionSpread) {
    return new SyntheticRuns(repetitionSpread, 0, 3, 40, 0.10, 0.7);
  }

  SyntheticRuns shared(double fraction) {
    return new SyntheticRuns(
        repetitionSpread, fraction, epochs, stepsPerEpoch, stepSpread, autocorrelation);
  }

  /**
   * One run: every framework trained {@code repetitions} times in rounds.
   *
   * @param milliseconds true median step time of each framework, by name
   * @param repetitions rounds
   * @param random the seeded source
   * @return the run's data
   */
  RunData run(Map<String, Double> milliseconds, int repetitions, SplittableRandom random) {
    return run(milliseconds, Map.of(), repetitions, random);
  }

  /**
   * One run in which some frameworks' repetitions vary more or less than {@link #repetitionSpread}.
   *
   * @param milliseconds true median step time of each framework, by name
   * @param spreads a framework's own repetition spread, by name; the others have {@link
   *     #repetitionSpread}
   * @param repetitions rounds
   * @param random the seeded source
   * @return the run's data
   */
  RunData run(
      Map<String, Double> milliseconds,
      Map<String, Double> spreads,
      int repetitions,
      SplittableRandom random) {
    List<Map<String, String>> trials = new ArrayList<>();
    List<Map<String, String>> epochRows = new ArrayList<>();
    double sharedSd = repetitionSpread * Math.sqrt(sharedFraction);
    double ownSd = repetitionSpread * Math.sqrt(1 - sharedFraction);
    for (int r = 1; r <= repetitions; r++) {
      double drift = sharedSd * random.nextGaussian();
      for (Map.Entry<String, Double> f : milliseconds.entrySet()) {
        String id = "mnist-mnist-cnn-" + f.getKey() + "-cpu-r" + r;
        double own =
            spreads.containsKey(f.getKey())
                ? spreads.get(f.getKey()) * Math.sqrt(1 - sharedFraction)
                : ownSd;
        double level = Math.log(f.getValue()) + drift + own * random.nextGaussian();
        double x = stepSpread * random.nextGaussian();
        double train = 0;
        for (int e = 1; e <= epochs; e++) {
          double[] steps = new double[stepsPerEpoch];
          for (int s = 0; s < stepsPerEpoch; s++) {
            x =
                autocorrelation * x
                    + Math.sqrt(1 - autocorrelation * autocorrelation)
                        * stepSpread
                        * random.nextGaussian();
            double ms = Math.exp(level + x);
            if (random.nextDouble() < PAUSE_PROBABILITY) {
              ms *= 2;
            }
            if (e == 1) {
              ms *= 1 + WARM_UP * Math.exp(-s / WARM_UP_STEPS);
            }
            steps[s] = ms;
          }
          double seconds = Arrays.stream(steps).sum() / 1e3;
          train += seconds;
          Map<String, String> row = identity(EpochColumn.TRIAL_ID.header(), id, f.getKey(), r);
          row.put(EpochColumn.EPOCH.header(), String.valueOf(e));
          row.put(EpochColumn.STEP_SECONDS.header(), number(seconds));
          row.put(EpochColumn.IMAGES_PER_SECOND.header(), number(stepsPerEpoch * BATCH / seconds));
          row.put(EpochColumn.STEP_MS_MEDIAN.header(), number(median(steps)));
          row.put(EpochColumn.VAL_ACCURACY.header(), "0.9");
          epochRows.add(row);
        }
        Map<String, String> trial = identity(TrialColumn.TRIAL_ID.header(), id, f.getKey(), r);
        trial.put(TrialColumn.STATUS.header(), "OK");
        trial.put(TrialColumn.BATCH_SIZE.header(), String.valueOf(BATCH));
        trial.put(TrialColumn.TRAIN_SECONDS.header(), number(train));
        trials.add(trial);
      }
    }
    return new RunData(trials, epochRows, Map.of("run_id", "synthetic"), List.of());
  }

  private static Map<String, String> identity(
      String idColumn, String id, String framework, int repetition) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put(idColumn, id);
    row.put(TrialColumn.FRAMEWORK.header(), framework);
    row.put(TrialColumn.DATASET.header(), "mnist");
    row.put(TrialColumn.MODEL.header(), "mnist-cnn");
    row.put(TrialColumn.DEVICE.header(), "cpu");
    row.put(TrialColumn.REPETITION.header(), String.valueOf(repetition));
    return row;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  private static String number(double d) {
    return String.format(Locale.ROOT, "%.6f", d);
  }
}
