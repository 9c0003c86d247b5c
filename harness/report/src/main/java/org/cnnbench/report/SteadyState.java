package org.cnnbench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.statistics.descriptive.Median;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.results.EpochColumn;
import org.cnnbench.results.TrialColumn;

/**
 * One steady-state training time per OK repetition of every variant of a run: the value the speed
 * statistics compare. The steps of a repetition are summarised inside it (their autocorrelation and
 * the warm-up of the first epoch stay inside the repetition); the repetitions are the independent
 * measurements.
 */
final class SteadyState {

  private SteadyState() {}

  /**
   * Which recorded numbers a steady-state time is computed from, best first. Two runs are compared
   * with the best measure both have for every OK trial.
   */
  enum Measure {
    /**
     * Milliseconds per image of the median timed step: the median over the steady epochs of {@code
     * epochs.csv}'s {@code step_ms_median}, divided by the batch size.
     */
    STEP_MEDIAN,
    /**
     * Milliseconds per image of the mean timed step over the steady epochs: their {@code
     * step_seconds} over the images they trained ({@code step_seconds × images_per_second}); runs
     * recorded before step medians.
     */
    EPOCH_MEAN,
    /**
     * Seconds of all training steps of the trial ({@code train_seconds}, warm-up step included).
     */
    TRAIN_SECONDS
  }

  /**
   * One variant of a run.
   *
   * @param dataset dataset name
   * @param model catalogue model name
   * @param framework adapter name
   * @param device cpu or gpu
   */
  record VariantKey(String dataset, String model, String framework, String device) {

    static VariantKey of(Row trial) {
      return new VariantKey(trial.dataset(), trial.model(), trial.framework(), trial.device());
    }

    /**
     * @return {@code dataset/model}
     */
    String group() {
      return dataset + "/" + model;
    }
  }

  /**
   * @param data a run
   * @return the best measure every OK trial of the run has, {@link Measure#TRAIN_SECONDS} when no
   *     better one is complete
   */
  static Measure bestMeasure(RunData data) {
    Map<String, List<Row>> epochs = epochsByTrial(data);
    for (Measure m : Measure.values()) {
      boolean all = true;
      for (Row t : data.trialRows()) {
        if (t.ok() && Double.isNaN(value(t, epochs.getOrDefault(t.trialId(), List.of()), m))) {
          all = false;
          break;
        }
      }
      if (all) {
        return m;
      }
    }
    return Measure.TRAIN_SECONDS;
  }

  /**
   * @param a the best measure of one run
   * @param b the best measure of another run
   * @return the best measure both runs have complete
   */
  static Measure common(Measure a, Measure b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * @param data a run
   * @param measure what to compute
   * @return per variant, in the order its trials appear, the values of its OK repetitions ordered
   *     by repetition number (NaN where the repetition lacks the measure)
   */
  static Map<VariantKey, double[]> perRepetition(RunData data, Measure measure) {
    Map<String, List<Row>> epochs = epochsByTrial(data);
    Map<VariantKey, List<Row>> byVariant = new LinkedHashMap<>();
    for (Row t : data.trialRows()) {
      List<Row> rows = byVariant.computeIfAbsent(VariantKey.of(t), k -> new ArrayList<>());
      if (t.ok()) {
        rows.add(t);
      }
    }
    Map<VariantKey, double[]> out = new LinkedHashMap<>();
    byVariant.forEach(
        (k, rows) ->
            out.put(
                k,
                rows.stream()
                    .sorted(Comparator.comparingInt(Row::repetition))
                    .mapToDouble(
                        t -> value(t, epochs.getOrDefault(t.trialId(), List.of()), measure))
                    .toArray()));
    return out;
  }

  /**
   * @param trial an OK trial row
   * @param epochs its epoch rows
   * @param measure what to compute
   * @return its steady-state value, NaN when the rows lack what the measure needs
   */
  static double value(Row trial, List<Row> epochs, Measure measure) {
    List<Row> steady = steadyEpochs(epochs);
    return switch (measure) {
      case STEP_MEDIAN -> {
        double batch = trial.number(TrialColumn.BATCH_SIZE);
        double[] medians =
            steady.stream().mapToDouble(e -> e.number(EpochColumn.STEP_MS_MEDIAN)).toArray();
        if (medians.length == 0 || !(batch > 0) || Arrays.stream(medians).anyMatch(Double::isNaN)) {
          yield Double.NaN;
        }
        double median = Median.withDefaults().evaluate(medians);
        yield median > 0 ? median / batch : Double.NaN;
      }
      case EPOCH_MEAN -> {
        double seconds = 0;
        double images = 0;
        for (Row e : steady) {
          double s = e.number(EpochColumn.STEP_SECONDS);
          double ips = e.number(EpochColumn.IMAGES_PER_SECOND);
          if (Double.isNaN(s) || Double.isNaN(ips)) {
            yield Double.NaN;
          }
          seconds += s;
          images += s * ips;
        }
        yield seconds > 0 && images > 0 ? seconds / images * 1e3 : Double.NaN;
      }
      case TRAIN_SECONDS -> {
        double s = trial.number(TrialColumn.TRAIN_SECONDS);
        yield s > 0 ? s : Double.NaN;
      }
    };
  }

  /**
   * @param epochs a trial's epoch rows
   * @return the epochs after the first, or the only epoch when there is one: the first epoch
   *     carries the engine's warm-up (JIT, allocator, kernel selection)
   */
  static List<Row> steadyEpochs(List<Row> epochs) {
    List<Row> sorted =
        epochs.stream()
            .sorted(Comparator.comparingInt(e -> e.integer(EpochColumn.EPOCH, 0)))
            .toList();
    return sorted.size() > 1 ? sorted.subList(1, sorted.size()) : sorted;
  }

  static Map<String, List<Row>> epochsByTrial(RunData data) {
    Map<String, List<Row>> out = new LinkedHashMap<>();
    for (Row e : data.epochRows()) {
      out.computeIfAbsent(e.trialId(), k -> new ArrayList<>()).add(e);
    }
    return out;
  }
}
