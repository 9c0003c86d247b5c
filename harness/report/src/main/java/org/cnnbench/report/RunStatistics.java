package org.cnnbench.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnnbench.report.AccuracyAgreement.ModelAccuracy;
import org.cnnbench.report.PairwiseSpeed.Pair;
import org.cnnbench.report.TimeToCommonAccuracy.CommonAccuracy;

/**
 * The conclusions a run's repetitions support, computed from its rows alone, for the report's
 * sections: speed ratios of every pair, the accuracy check and the time to a common accuracy
 * (docs/statistics.md).
 *
 * @param speed per {@code dataset/model}, every pair of its variants
 * @param accuracy per dataset and model, the agreement of test accuracy
 * @param timeToAccuracy per dataset and model, the common accuracy and each framework's time to it
 */
record RunStatistics(
    Map<String, List<Pair>> speed,
    List<ModelAccuracy> accuracy,
    List<CommonAccuracy> timeToAccuracy) {

  /** Copies the collections, keeping the order of the speed groups. */
  RunStatistics {
    speed = Collections.unmodifiableMap(new LinkedHashMap<>(speed));
    accuracy = List.copyOf(accuracy);
    timeToAccuracy = List.copyOf(timeToAccuracy);
  }

  /**
   * @param data a run
   * @return its statistics
   */
  static RunStatistics of(RunData data) {
    return new RunStatistics(
        PairwiseSpeed.of(data), AccuracyAgreement.of(data), TimeToCommonAccuracy.of(data));
  }
}
