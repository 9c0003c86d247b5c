package org.cnnbench.report;

import java.util.List;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.results.TrialColumn;

/**
 * One trial of the run's trial table, its cells as {@code trials.csv} wrote them.
 *
 * @param trialId the trial's id
 * @param framework the adapter
 * @param frameworkVersion the version the trial reported
 * @param device cpu or gpu
 * @param repetition the repetition's number
 * @param status the trial's status
 * @param epochs epochs trained
 * @param trainSeconds seconds of all training steps
 * @param firstStepSeconds seconds of the warm-up step
 * @param engineLoadSeconds seconds to load the engine
 * @param testAccuracy test accuracy
 * @param testLoss test loss
 * @param peakHeapMb peak heap, MiB
 * @param peakRssMb peak RSS, MiB
 * @param threads pinned threads
 * @param initWeightsSha256 hash of the initial weights
 * @param shortHash its first 12 characters
 * @param reason why, for every status but OK
 * @param statusClass CSS class: ok or bad
 */
record TrialRow(
    String trialId,
    String framework,
    String frameworkVersion,
    String device,
    String repetition,
    String status,
    String epochs,
    String trainSeconds,
    String firstStepSeconds,
    String engineLoadSeconds,
    String testAccuracy,
    String testLoss,
    String peakHeapMb,
    String peakRssMb,
    String threads,
    String initWeightsSha256,
    String shortHash,
    String reason,
    String statusClass) {

  /**
   * @param data the run
   * @return one row per trial, in file order
   */
  static List<TrialRow> of(RunData data) {
    return data.trialRows().stream().map(TrialRow::of).toList();
  }

  private static TrialRow of(Row r) {
    String hash = r.text(TrialColumn.INIT_WEIGHTS_SHA256);
    return new TrialRow(
        r.trialId(),
        r.framework(),
        r.text(TrialColumn.FRAMEWORK_VERSION),
        r.device(),
        r.text(TrialColumn.REPETITION),
        r.status(),
        r.text(TrialColumn.EPOCHS),
        r.text(TrialColumn.TRAIN_SECONDS),
        r.text(TrialColumn.FIRST_STEP_SECONDS),
        r.text(TrialColumn.ENGINE_LOAD_SECONDS),
        r.text(TrialColumn.TEST_ACCURACY),
        r.text(TrialColumn.TEST_LOSS),
        r.text(TrialColumn.PEAK_HEAP_MB),
        r.text(TrialColumn.PEAK_RSS_MB),
        r.text(TrialColumn.THREADS),
        hash,
        hash.length() > 12 ? hash.substring(0, 12) : hash,
        r.text(TrialColumn.REASON),
        r.ok() ? "ok" : "bad");
  }
}
