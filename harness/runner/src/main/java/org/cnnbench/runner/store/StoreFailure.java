package org.cnnbench.runner.store;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.cnnbench.results.TrialColumn;
import org.cnnbench.results.TrialStatus;

/**
 * What the runner does when a results file cannot be written (full disk, read-only folder): the
 * trial that was cut is recorded INTERRUPTED if trials.csv still takes a row, and the run stops
 * with a message that names the file and says how to continue; {@code -Dresume} reruns the cut
 * trial.
 */
public final class StoreFailure {

  private StoreFailure() {}

  /**
   * Records the cut trial and stops the run.
   *
   * @param failure the write that failed: the store's, or one of the trial's own files
   * @param store the store
   * @param row the trial's row
   * @param statuses statuses so far, updated with the cut trial
   * @param runId the run
   * @param console where the runner's messages go
   * @return the failure, for the caller to throw
   */
  public static ResultsWriteException stop(
      ResultsWriteException failure,
      ResultsStore store,
      Map<String, String> row,
      Map<String, String> statuses,
      String runId,
      PrintStream console) {
    row.put(TrialColumn.STATUS.header(), TrialStatus.INTERRUPTED.name());
    row.put(
        TrialColumn.REASON.header(),
        "cut short because the runner could not record it: "
            + failure.getMessage()
            + "; -Dresume reruns it");
    statuses.put(row.get(TrialColumn.TRIAL_ID.header()), TrialStatus.INTERRUPTED.name());
    String recorded;
    try {
      store.appendTrial(row);
      recorded = "recorded INTERRUPTED";
    } catch (ResultsWriteException e) {
      recorded = "not recorded (" + e.getMessage() + ")";
    }
    console.printf(Locale.ROOT, "    -> %s (%s)%n", TrialStatus.INTERRUPTED, failure.getMessage());
    console.printf(
        Locale.ROOT,
        "the run stopped: %s; trial %s %s; every row written before is kept;"
            + " free space or fix the folder, then continue with -Dresume=%s%n",
        failure.getMessage(),
        row.get("trial_id"),
        recorded,
        runId);
    return failure;
  }

  /**
   * Stops the run after a trial whose row was written (environment.csv failed afterwards).
   *
   * @param failure the write that failed
   * @param trialId the trial just recorded
   * @param runId the run
   * @param console where the runner's messages go
   * @return the failure, for the caller to throw
   */
  public static ResultsWriteException stopAfter(
      ResultsWriteException failure, String trialId, String runId, PrintStream console) {
    console.printf(
        Locale.ROOT,
        "the run stopped: %s; trial %s is recorded; every row written before is"
            + " kept; free space or fix the folder, then continue with -Dresume=%s%n",
        failure.getMessage(),
        trialId,
        runId);
    return failure;
  }
}
