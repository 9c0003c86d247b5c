package org.cnnbench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.statistics.descriptive.Median;
import org.apache.commons.statistics.descriptive.Variance;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.report.SteadyState.VariantKey;
import org.cnnbench.results.TrialColumn;

/**
 * Test accuracy as a check that the frameworks train the same network, not as a race: per dataset
 * and model, how far each framework's median test accuracy lies from the median of all frameworks,
 * against a tolerance derived from the test set's size and the repetitions' spread
 * (docs/statistics.md). A framework outside the tolerance is a likely defect (a wrong layer, loss
 * or learning rate); inside it, no framework is better than another.
 */
final class AccuracyAgreement {

  /**
   * Chance that any framework of a model is flagged when none is defective: 1 %, shared among them.
   */
  static final double FALSE_FLAG_RATE = 0.01;

  private AccuracyAgreement() {}

  /**
   * One framework's test accuracy.
   *
   * @param variant the framework and device
   * @param median median test accuracy over its OK repetitions
   * @param repetitions OK repetitions with a test accuracy
   * @param deviation median minus the model's reference accuracy
   * @param outside whether the deviation exceeds the tolerance: a likely defect
   */
  record FrameworkAccuracy(
      VariantKey variant, double median, int repetitions, double deviation, boolean outside) {}

  /**
   * The frameworks of one dataset and model.
   *
   * @param dataset dataset name
   * @param model catalogue model name
   * @param testExamples the test set's size ({@code environment.csv}), 0 when not recorded
   * @param reference median of the frameworks' median test accuracies
   * @param spread largest minus smallest framework median
   * @param repetitionSd pooled standard deviation of test accuracy between repetitions of a
   *     framework, 0 when every framework repeats itself exactly or has one repetition
   * @param tolerance largest deviation from the reference that noise explains, NaN when the test
   *     set's size is not recorded
   * @param frameworks every framework with an OK repetition, in the order trials appear
   */
  record ModelAccuracy(
      String dataset,
      String model,
      int testExamples,
      double reference,
      double spread,
      double repetitionSd,
      double tolerance,
      List<FrameworkAccuracy> frameworks) {

    /**
     * @return whether every framework lies within the tolerance (false when it is unknown)
     */
    boolean agree() {
      return !Double.isNaN(tolerance) && frameworks.stream().noneMatch(FrameworkAccuracy::outside);
    }

    /**
     * @return the frameworks outside the tolerance
     */
    List<FrameworkAccuracy> likelyDefects() {
      return frameworks.stream().filter(FrameworkAccuracy::outside).toList();
    }
  }

  /**
   * @param data a run
   * @return one check per dataset and model, in the order of the trial rows
   */
  static List<ModelAccuracy> of(RunData data) {
    Map<String, Map<VariantKey, List<Double>>> groups = new LinkedHashMap<>();
    for (Row t : data.trialRows()) {
      VariantKey k = VariantKey.of(t);
      double acc = t.number(TrialColumn.TEST_ACCURACY);
      if (t.ok() && !Double.isNaN(acc)) {
        groups
            .computeIfAbsent(k.group(), g -> new LinkedHashMap<>())
            .computeIfAbsent(k, v -> new ArrayList<>())
            .add(acc);
      }
    }
    List<ModelAccuracy> out = new ArrayList<>();
    groups.forEach(
        (group, variants) -> {
          VariantKey first = variants.keySet().iterator().next();
          String n =
              data.env("dataset." + first.dataset() + "." + first.model() + ".test_examples");
          int testExamples = n.matches("[0-9]+") ? Integer.parseInt(n) : 0;
          out.add(check(first.dataset(), first.model(), testExamples, variants));
        });
    return out;
  }

  /**
   * The tolerance: {@code z · sqrt(2 p (1 − p) / N + 2 s²)}, with p the reference accuracy, N the
   * test set's size, s the pooled standard deviation between repetitions of one framework, and z
   * the normal quantile that keeps the chance of flagging any of k sound frameworks at {@link
   * #FALSE_FLAG_RATE} (two-sided, Bonferroni over k).
   */
  static ModelAccuracy check(
      String dataset, String model, int testExamples, Map<VariantKey, List<Double>> variants) {
    List<VariantKey> keys = List.copyOf(variants.keySet());
    double[] medians =
        keys.stream()
            .mapToDouble(
                k ->
                    Median.withDefaults()
                        .evaluate(
                            variants.get(k).stream().mapToDouble(Double::doubleValue).toArray()))
            .toArray();
    double reference = Median.withDefaults().withCopy(true).evaluate(medians);
    double spread =
        Arrays.stream(medians).max().orElseThrow() - Arrays.stream(medians).min().orElseThrow();
    double sumSquares = 0;
    int df = 0;
    for (List<Double> v : variants.values()) {
      if (v.size() > 1) {
        sumSquares +=
            Variance.of(v.stream().mapToDouble(Double::doubleValue).toArray()).getAsDouble()
                * (v.size() - 1);
        df += v.size() - 1;
      }
    }
    double repetitionVariance = df > 0 ? sumSquares / df : 0;
    double z =
        NormalDistribution.of(0, 1)
            .inverseSurvivalProbability(FALSE_FLAG_RATE / (2 * variants.size()));
    double tolerance =
        testExamples > 0
            ? z * Math.sqrt(2 * reference * (1 - reference) / testExamples + 2 * repetitionVariance)
            : Double.NaN;
    List<FrameworkAccuracy> frameworks = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      double deviation = medians[i] - reference;
      frameworks.add(
          new FrameworkAccuracy(
              keys.get(i),
              medians[i],
              variants.get(keys.get(i)).size(),
              deviation,
              Math.abs(deviation) > tolerance));
    }
    return new ModelAccuracy(
        dataset,
        model,
        testExamples,
        reference,
        spread,
        Math.sqrt(repetitionVariance),
        tolerance,
        List.copyOf(frameworks));
  }
}
