package org.cnnbench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnnbench.report.SteadyState.Measure;
import org.cnnbench.report.SteadyState.VariantKey;

/**
 * Every pair of variants of each dataset and model of a run, compared by {@link SpeedComparison}.
 */
final class PairwiseSpeed {

  private PairwiseSpeed() {}

  /**
   * Two variants of one dataset and model.
   *
   * @param first the variant whose time is the numerator
   * @param second the variant whose time is the denominator
   * @param measure what was compared
   * @param comparison ratio first/second, interval and verdict ({@link SpeedVerdict#FASTER}: the
   *     first trains faster)
   */
  record Pair(VariantKey first, VariantKey second, Measure measure, SpeedComparison comparison) {}

  /**
   * @param data a run
   * @return per dataset and model ({@code dataset/model}, in the order of the trial rows), every
   *     pair of its variants in the order they appear (first before second)
   */
  static Map<String, List<Pair>> of(RunData data) {
    Measure measure = SteadyState.bestMeasure(data);
    Map<String, List<Map.Entry<VariantKey, double[]>>> groups = new LinkedHashMap<>();
    SteadyState.perRepetition(data, measure)
        .entrySet()
        .forEach(e -> groups.computeIfAbsent(e.getKey().group(), k -> new ArrayList<>()).add(e));
    Map<String, List<Pair>> out = new LinkedHashMap<>();
    groups.forEach(
        (group, variants) -> {
          List<Pair> pairs = new ArrayList<>();
          for (int i = 0; i < variants.size(); i++) {
            for (int j = i + 1; j < variants.size(); j++) {
              pairs.add(
                  new Pair(
                      variants.get(i).getKey(),
                      variants.get(j).getKey(),
                      measure,
                      SpeedComparison.of(variants.get(i).getValue(), variants.get(j).getValue())));
            }
          }
          out.put(group, List.copyOf(pairs));
        });
    return out;
  }
}
