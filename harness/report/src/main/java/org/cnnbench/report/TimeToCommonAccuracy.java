package org.cnnbench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.statistics.descriptive.Mean;
import org.apache.commons.statistics.descriptive.Median;
import org.apache.commons.statistics.descriptive.Variance;
import org.apache.commons.statistics.distribution.TDistribution;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.report.SteadyState.VariantKey;
import org.cnnbench.results.EpochColumn;

/**
 * Time to a common accuracy, always defined: per dataset and model, the highest validation accuracy
 * that every OK repetition of every framework reached, and per framework the training time until
 * its first epoch at or above it (cumulative {@code epoch_seconds}: steps, batch assembly and
 * validation, engine start-up excluded), with the median and a 95 % interval over repetitions. The
 * time is known only at epoch ends, so it is a step function of the epoch length.
 */
final class TimeToCommonAccuracy {

  private TimeToCommonAccuracy() {}

  /**
   * One framework's times to the common accuracy.
   *
   * @param variant framework and device
   * @param seconds per OK repetition (by repetition number), the cumulative epoch seconds until the
   *     target
   * @param epochs per OK repetition, the first epoch at or above the target
   * @param median median of {@code seconds}
   * @param lower lower bound of the 95 % t-interval of the geometric mean of {@code seconds}, NaN
   *     for fewer than two repetitions
   * @param upper its upper bound
   */
  @SuppressWarnings("ArrayRecordComponent") // per-trial samples handed to the statistics as arrays
  record VariantTime(
      VariantKey variant,
      double[] seconds,
      int[] epochs,
      double median,
      double lower,
      double upper) {}

  /**
   * One dataset and model.
   *
   * @param dataset dataset name
   * @param model catalogue model name
   * @param target the highest validation accuracy every OK repetition of every framework reached,
   *     NaN when no framework recorded a validation accuracy
   * @param variants the frameworks with validation accuracies, in the order trials appear
   * @param withoutCurve the frameworks whose OK repetitions recorded no validation accuracy (left
   *     out of the target)
   */
  record CommonAccuracy(
      String dataset,
      String model,
      double target,
      List<VariantTime> variants,
      List<VariantKey> withoutCurve) {}

  /**
   * @param data a run
   * @return one entry per dataset and model, in the order of the trial rows
   */
  static List<CommonAccuracy> of(RunData data) {
    Map<String, List<Row>> epochs = SteadyState.epochsByTrial(data);
    Map<String, Map<VariantKey, List<List<Row>>>> groups = new LinkedHashMap<>();
    for (Row t :
        data.trialRows().stream().sorted(Comparator.comparingInt(Row::repetition)).toList()) {
      if (t.ok()) {
        VariantKey k = VariantKey.of(t);
        List<Row> curve =
            epochs.getOrDefault(t.trialId(), List.of()).stream()
                .sorted(Comparator.comparingInt(e -> e.integer(EpochColumn.EPOCH, 0)))
                .toList();
        groups
            .computeIfAbsent(k.group(), g -> new LinkedHashMap<>())
            .computeIfAbsent(k, v -> new ArrayList<>())
            .add(curve);
      }
    }
    List<CommonAccuracy> out = new ArrayList<>();
    groups.forEach((group, variants) -> out.add(common(variants)));
    return out;
  }

  private static CommonAccuracy common(Map<VariantKey, List<List<Row>>> variants) {
    VariantKey first = variants.keySet().iterator().next();
    List<VariantKey> withoutCurve = new ArrayList<>();
    double target = Double.POSITIVE_INFINITY;
    for (Map.Entry<VariantKey, List<List<Row>>> v : variants.entrySet()) {
      double[] best = v.getValue().stream().mapToDouble(TimeToCommonAccuracy::best).toArray();
      if (Arrays.stream(best).anyMatch(Double::isNaN)) {
        withoutCurve.add(v.getKey());
      } else {
        target = Math.min(target, Arrays.stream(best).min().orElseThrow());
      }
    }
    if (Double.isInfinite(target)) {
      return new CommonAccuracy(
          first.dataset(), first.model(), Double.NaN, List.of(), List.copyOf(withoutCurve));
    }
    List<VariantTime> times = new ArrayList<>();
    for (Map.Entry<VariantKey, List<List<Row>>> v : variants.entrySet()) {
      if (withoutCurve.contains(v.getKey())) {
        continue;
      }
      List<List<Row>> reps = v.getValue();
      double[] seconds = new double[reps.size()];
      int[] epochs = new int[reps.size()];
      for (int r = 0; r < reps.size(); r++) {
        double cumulative = 0;
        seconds[r] = Double.NaN;
        for (Row e : reps.get(r)) {
          cumulative += e.number(EpochColumn.EPOCH_SECONDS);
          if (e.number(EpochColumn.VAL_ACCURACY) >= target) {
            seconds[r] = cumulative;
            epochs[r] = e.integer(EpochColumn.EPOCH, 0);
            break;
          }
        }
      }
      times.add(time(v.getKey(), seconds, epochs));
    }
    return new CommonAccuracy(
        first.dataset(), first.model(), target, List.copyOf(times), List.copyOf(withoutCurve));
  }

  private static VariantTime time(VariantKey variant, double[] seconds, int[] epochs) {
    double[] known = Arrays.stream(seconds).filter(s -> s > 0).toArray();
    double median = known.length > 0 ? Median.withDefaults().evaluate(known) : Double.NaN;
    double lower = Double.NaN;
    double upper = Double.NaN;
    if (known.length >= 2) {
      double[] logs = Arrays.stream(known).map(Math::log).toArray();
      double mean = Mean.of(logs).getAsDouble();
      double half =
          TDistribution.of(logs.length - 1.0)
                  .inverseSurvivalProbability((1 - SpeedComparison.CONFIDENCE) / 2)
              * Math.sqrt(Variance.of(logs).getAsDouble() / logs.length);
      lower = Math.exp(mean - half);
      upper = Math.exp(mean + half);
    }
    return new VariantTime(variant, seconds, epochs, median, lower, upper);
  }

  /**
   * @return the highest validation accuracy of a repetition, NaN when it recorded none
   */
  private static double best(List<Row> curve) {
    return curve.stream()
        .mapToDouble(e -> e.number(EpochColumn.VAL_ACCURACY))
        .filter(a -> !Double.isNaN(a))
        .max()
        .orElse(Double.NaN);
  }
}
