package org.cnnbench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.results.EpochColumn;
import org.cnnbench.results.TrialColumn;

/**
 * The step times of a run's OK trials, computed once for the report and for the tables written
 * beside the run ({@code step-summary.csv}, {@code step-ratios.csv}; see {@link DerivedCsv}): each
 * trial's epochs' mean step ({@code 1000 * batch_size / images_per_second}), its median and
 * 99th-percentile step, and its last epoch's median step; and per dataset, model, framework,
 * device, threads and batch, the medians over every epoch and repetition with their ratios to each
 * framework of the same dataset, model, device, threads and batch.
 */
final class StepTables {

  private StepTables() {}

  /**
   * One OK trial's step times, in milliseconds; NaN where the run has no such number.
   *
   * @param trial the trial's row
   * @param epochs its epoch rows
   * @param epochMeans each epoch's mean step, {@code 1000 * batch_size / images_per_second}
   * @param lastEpoch the number of its last epoch with a median step, 0 when none has
   * @param lastEpochMs that epoch's median step
   */
  @SuppressWarnings("ArrayRecordComponent") // per-epoch means handed to the statistics as double[]
  record Trial(
      Row trial, List<Row> epochs, double[] epochMeans, int lastEpoch, double lastEpochMs) {

    /**
     * @return the median of the epochs' mean steps
     */
    double epochMeanStepMs() {
      return Stats.spread(epochMeans).median();
    }

    /**
     * @return the group this trial belongs to
     */
    Key key() {
      return new Key(
          trial.dataset(),
          trial.model(),
          trial.framework(),
          trial.device(),
          trial.text(TrialColumn.THREADS),
          trial.text(TrialColumn.BATCH_SIZE));
    }
  }

  /**
   * What trials a step-time row is the median of.
   *
   * @param dataset the dataset
   * @param model the catalogue model
   * @param framework the adapter
   * @param device cpu or gpu
   * @param threads pinned threads
   * @param batchSize examples per step
   */
  record Key(
      String dataset,
      String model,
      String framework,
      String device,
      String threads,
      String batchSize) {

    /**
     * @return the same trials of another framework
     */
    Key of(String otherFramework) {
      return new Key(dataset, model, otherFramework, device, threads, batchSize);
    }
  }

  /**
   * One row of {@code step-ratios.csv}: medians over every epoch and repetition, in milliseconds.
   *
   * @param key the trials
   * @param trials how many OK trials
   * @param epochs how many epoch rows with a throughput
   * @param epochMeanStepMs median of the epochs' mean steps
   * @param stepMsMedian median of the epochs' median steps
   * @param stepMsP99 median of the epochs' 99th-percentile steps
   * @param lastEpochMs median of the trials' last epoch's median step
   * @param reference the framework the ratios are to
   * @param epochMeanRatio {@code epochMeanStepMs} over the reference's
   * @param stepMsMedianRatio {@code stepMsMedian} over the reference's
   * @param lastEpochRatio {@code lastEpochMs} over the reference's
   */
  record Group(
      Key key,
      int trials,
      int epochs,
      double epochMeanStepMs,
      double stepMsMedian,
      double stepMsP99,
      double lastEpochMs,
      String reference,
      double epochMeanRatio,
      double stepMsMedianRatio,
      double lastEpochRatio) {}

  /**
   * @param data the run
   * @return every OK trial's step times, in the order of trials.csv
   */
  static List<Trial> trials(RunData data) {
    Map<String, List<Row>> epochsByTrial = new LinkedHashMap<>();
    for (Row e : data.epochRows()) {
      epochsByTrial.computeIfAbsent(e.text(EpochColumn.TRIAL_ID), k -> new ArrayList<>()).add(e);
    }
    List<Trial> out = new ArrayList<>();
    for (Row t : data.trialRows()) {
      if (!t.ok()) {
        continue;
      }
      List<Row> epochs = epochsByTrial.getOrDefault(t.trialId(), List.of());
      double batch = t.number(TrialColumn.BATCH_SIZE);
      List<Double> means = new ArrayList<>();
      int last = 0;
      double lastMs = Double.NaN;
      for (Row e : epochs) {
        double ips = e.number(EpochColumn.IMAGES_PER_SECOND);
        if (ips > 0 && batch > 0) {
          means.add(1000.0 * batch / ips);
        }
        int epoch = e.integer(EpochColumn.EPOCH, 0);
        double median = e.number(EpochColumn.STEP_MS_MEDIAN);
        if (epoch > last && median > 0) {
          last = epoch;
          lastMs = median;
        }
      }
      out.add(
          new Trial(
              t, epochs, means.stream().mapToDouble(Double::doubleValue).toArray(), last, lastMs));
    }
    return out;
  }

  /**
   * @param trials the OK trials' step times
   * @return per dataset, model, framework, device, threads and batch (in the order trials appear),
   *     one row for each framework of the same dataset, model, device, threads and batch as the
   *     reference of its ratios, itself included (ratios of 1)
   */
  static List<Group> groups(List<Trial> trials) {
    Map<Key, List<Trial>> byKey = new LinkedHashMap<>();
    trials.forEach(t -> byKey.computeIfAbsent(t.key(), k -> new ArrayList<>()).add(t));
    Map<Key, double[]> medians = new LinkedHashMap<>();
    byKey.forEach(
        (key, ts) -> {
          List<Double> means = new ArrayList<>();
          List<Double> stepMedians = new ArrayList<>();
          List<Double> p99s = new ArrayList<>();
          List<Double> lasts = new ArrayList<>();
          for (Trial t : ts) {
            for (double m : t.epochMeans()) {
              means.add(m);
            }
            for (Row e : t.epochs()) {
              double median = e.number(EpochColumn.STEP_MS_MEDIAN);
              if (median > 0) {
                stepMedians.add(median);
                p99s.add(e.number(EpochColumn.STEP_MS_P99));
              }
            }
            if (t.lastEpoch() > 0) {
              lasts.add(t.lastEpochMs());
            }
          }
          medians.put(
              key,
              new double[] {
                ts.size(),
                means.size(),
                median(means),
                median(stepMedians),
                median(p99s),
                median(lasts)
              });
        });
    List<Group> out = new ArrayList<>();
    medians.forEach(
        (key, m) ->
            medians.forEach(
                (other, ref) -> {
                  if (other.equals(key.of(other.framework()))) {
                    out.add(
                        new Group(
                            key,
                            (int) m[0],
                            (int) m[1],
                            m[2],
                            m[3],
                            m[4],
                            m[5],
                            other.framework(),
                            ratio(m[2], ref, 2),
                            ratio(m[3], ref, 3),
                            ratio(m[5], ref, 5)));
                  }
                }));
    return out;
  }

  private static double ratio(double value, double[] reference, int index) {
    return reference == null ? Double.NaN : value / reference[index];
  }

  private static double median(List<Double> values) {
    return Stats.spread(values.stream().mapToDouble(Double::doubleValue).toArray()).median();
  }
}
