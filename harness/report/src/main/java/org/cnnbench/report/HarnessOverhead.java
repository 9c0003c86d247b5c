package org.cnnbench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.results.JmhColumn;
import org.cnnbench.results.TrialColumn;

/**
 * The harness's overhead per framework: a trial's median milliseconds per training step divided by
 * JMH's {@code trainStep} median for the same framework, model and thread count. A ratio near 1
 * says the trial loop (batch hand-over, timing, progress) adds nothing to what the framework costs
 * on its own; the target is at most {@link #TARGET}. Shown only where both numbers exist.
 *
 * <p>A trial's ms/step is the median of every timed step of the trial ({@code step_ms_median} of
 * {@code trials.csv}, warm-up step excluded), then the median over the repetitions: a median
 * compared with a median, so a few long steps move neither. A run written before trials recorded
 * their step medians falls back to each epoch's mean step time, {@code 1000 * batch_size /
 * images_per_second}, and its rows say so.
 *
 * <p>Beside it, where the trials ran two epochs or more, the <em>last epoch's</em> median step
 * ({@code step_ms_median} of the trial's last row in {@code epochs.csv}, median over the
 * repetitions) over the same JMH median: JMH measures after its warm-up, and a trial's first epoch
 * holds the engine's (long for both DL4J APIs), so this is the like-for-like ratio; both are shown,
 * neither replaces the other. JMH's number comes from {@code jmh.csv}: of the run itself, else of
 * the run named by {@code -Doverhead.jmh=<run-id>} (a folder beside the run).
 */
final class HarnessOverhead {

  /** The ratio the harness aims to stay under. */
  static final double TARGET = 1.03;

  /** {@code trialStatistic} of a row from the trials' step medians. */
  static final String STEP_MEDIAN = "median";

  /**
   * {@code trialStatistic} of a row from the epochs' mean step times (a run without step medians).
   */
  static final String EPOCH_MEAN = "mean";

  /** The system property naming another run whose {@code jmh.csv} to use. */
  static final String JMH_RUN_PROPERTY = "overhead.jmh";

  private HarnessOverhead() {}

  /**
   * The report's section: the rows and the target.
   *
   * @param rows one per framework, model and thread count with both numbers
   * @param target {@link #TARGET} as text
   */
  record Section(List<Ratio> rows, String target) {

    /**
     * @param rows the rows
     * @return the section, or null when there are no rows
     */
    static Section of(List<Ratio> rows) {
      return rows.isEmpty() ? null : new Section(rows, String.valueOf(TARGET));
    }
  }

  /**
   * One framework, model and thread count: the trials' ms per step over JMH's.
   *
   * @param framework the adapter
   * @param model the catalogue model
   * @param threads the pinned thread count
   * @param trialMs the median over repetitions of the trials' median step, ms
   * @param trialStatistic {@link #STEP_MEDIAN} or {@link #EPOCH_MEAN} (a run without step medians)
   * @param trialP99Ms the median over repetitions of the trials' 99th-percentile step, ms; NaN when
   *     unknown
   * @param jmhMs JMH's median {@code trainStep}, ms
   * @param jmhP99Ms JMH's 99th-percentile {@code trainStep}, ms; NaN when unknown
   * @param lastEpochMs the median over repetitions of the last epoch's median step, ms; NaN when
   *     the trials ran fewer than two epochs
   */
  record Ratio(
      String framework,
      String model,
      String threads,
      double trialMs,
      String trialStatistic,
      double trialP99Ms,
      double jmhMs,
      double jmhP99Ms,
      double lastEpochMs) {

    /**
     * @return trial ms over JMH ms
     */
    double ratio() {
      return trialMs / jmhMs;
    }

    /**
     * @return last-epoch ms over JMH ms, NaN when there is no last-epoch figure
     */
    double lastEpochRatio() {
      return lastEpochMs / jmhMs;
    }

    /**
     * @return whether the trial figure is the epochs' mean step (the template's footnote flag)
     */
    boolean epochMean() {
      return EPOCH_MEAN.equals(trialStatistic);
    }

    /**
     * @return CSS class of the ratio: ok within the target, else bad
     */
    String cls() {
      return ratio() <= TARGET ? "ok" : "bad";
    }

    /**
     * @return CSS class of the last-epoch ratio, empty when there is none
     */
    String lastEpochCls() {
      return Double.isNaN(lastEpochMs) ? "" : lastEpochRatio() <= TARGET ? "ok" : "bad";
    }

    /**
     * @return trial ms, two decimals
     */
    String trialMsText() {
      return Format.fixed(trialMs, 2);
    }

    /**
     * @return JMH ms, two decimals
     */
    String jmhMsText() {
      return Format.fixed(jmhMs, 2);
    }

    /**
     * @return the ratio, three decimals
     */
    String ratioText() {
      return String.format(Locale.ROOT, "%.3f", ratio());
    }

    /**
     * @return last-epoch ms, two decimals; empty when there is none
     */
    String lastEpochMsText() {
      return Double.isNaN(lastEpochMs) ? "" : Format.fixed(lastEpochMs, 2);
    }

    /**
     * @return the last-epoch ratio, three decimals; empty when there is none
     */
    String lastEpochRatioText() {
      return Double.isNaN(lastEpochMs) ? "" : String.format(Locale.ROOT, "%.3f", lastEpochRatio());
    }
  }

  /**
   * @param runDir the run folder
   * @param otherJmhRun the id of a run beside it whose jmh.csv to use when the run has none, or
   *     null
   * @return the jmh.csv to use, or null when there is none
   */
  static Path jmhCsv(Path runDir, String otherJmhRun) {
    Path own = runDir.resolve("jmh.csv");
    if (Files.isRegularFile(own)) {
      return own;
    }
    if (otherJmhRun != null && !otherJmhRun.isBlank()) {
      Path other =
          runDir.toAbsolutePath().normalize().resolveSibling(otherJmhRun.trim()).resolve("jmh.csv");
      if (Files.isRegularFile(other)) {
        return other;
      }
    }
    return null;
  }

  /**
   * @param data the run
   * @param jmhCsv the JMH summary to compare with, or null
   * @return one row per (framework, model, threads) with both numbers, in jmh.csv's order
   * @throws IOException if jmh.csv cannot be read
   */
  static List<Ratio> rows(RunData data, Path jmhCsv) throws IOException {
    List<Ratio> out = new ArrayList<>();
    if (jmhCsv == null) {
      return out;
    }
    Map<String, Row> trials = new LinkedHashMap<>();
    Map<String, List<Double>> medians = new LinkedHashMap<>();
    Map<String, List<Double>> p99s = new LinkedHashMap<>();
    for (Row t : data.trialRows()) {
      if (t.ok() && t.device().equals("cpu")) {
        trials.put(t.trialId(), t);
        double median = t.number(TrialColumn.STEP_MS_MEDIAN);
        if (median > 0) {
          medians.computeIfAbsent(key(t), k -> new ArrayList<>()).add(median);
          double p99 = t.number(TrialColumn.STEP_MS_P99);
          if (p99 > 0) {
            p99s.computeIfAbsent(key(t), k -> new ArrayList<>()).add(p99);
          }
        }
      }
    }
    // Runs from before step medians: the epochs' mean step times.
    Map<String, List<Double>> means = new LinkedHashMap<>();
    // Per key: the last epoch's median step of each trial that ran two epochs or more.
    Map<String, List<Double>> lastEpochMedians = new LinkedHashMap<>();
    for (StepTables.Trial st : StepTables.trials(data)) {
      Row t = trials.get(st.trial().trialId());
      if (t == null) {
        continue;
      }
      if (st.lastEpoch() >= 2) {
        lastEpochMedians.computeIfAbsent(key(t), k -> new ArrayList<>()).add(st.lastEpochMs());
      }
      if (!medians.containsKey(key(t))) {
        for (double m : st.epochMeans()) {
          means.computeIfAbsent(key(t), k -> new ArrayList<>()).add(m);
        }
      }
    }
    for (Row j : RunData.rows(jmhCsv)) {
      if (!j.text(JmhColumn.BENCHMARK).endsWith("trainStep")) {
        continue;
      }
      double jmhMs = toMillis(j.number(JmhColumn.MEDIAN), j.text(JmhColumn.UNIT));
      double jmhP99Ms = toMillis(j.number(JmhColumn.P99), j.text(JmhColumn.UNIT));
      String framework = j.text(JmhColumn.FRAMEWORK);
      String model = j.text(JmhColumn.MODEL);
      String threads = j.text(JmhColumn.THREADS);
      String key = key(framework, model, threads);
      boolean ofSteps = medians.containsKey(key);
      List<Double> trial = ofSteps ? medians.get(key) : means.get(key);
      if (trial == null || !(jmhMs > 0)) {
        continue;
      }
      List<Double> last = lastEpochMedians.get(key);
      List<Double> p99 = p99s.get(key);
      out.add(
          new Ratio(
              framework,
              model,
              threads,
              median(trial),
              ofSteps ? STEP_MEDIAN : EPOCH_MEAN,
              ofSteps && p99 != null ? median(p99) : Double.NaN,
              jmhMs,
              jmhP99Ms,
              last == null ? Double.NaN : median(last)));
    }
    return out;
  }

  private static String key(Row trial) {
    return key(trial.framework(), trial.model(), trial.text(TrialColumn.THREADS));
  }

  private static String key(String framework, String model, String threads) {
    return framework + "|" + model + "|" + threads;
  }

  /**
   * @return the value in milliseconds, NaN for an unknown unit
   */
  static double toMillis(double value, String unit) {
    return switch (unit.trim()) {
      case "ms/op" -> value;
      case "s/op" -> value * 1e3;
      case "us/op" -> value / 1e3;
      case "ns/op" -> value / 1e6;
      default -> Double.NaN;
    };
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
