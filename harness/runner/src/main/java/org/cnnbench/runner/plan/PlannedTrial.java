package org.cnnbench.runner.plan;

import org.cnnbench.results.TrialStatus;
import org.cnnbench.spi.Device;

/**
 * One trial of the plan.
 *
 * @param trialId unique id in the run, e.g. {@code mnist-mnist-cnn-pytorch-cpu-r1}
 * @param repetition repetition number, from 1
 * @param dataset dataset name
 * @param model catalogue model name
 * @param framework adapter name
 * @param device where it runs
 * @param epochs epochs to train
 * @param batchSize examples per step
 * @param samples cap on training examples before the validation split, 0 for none
 * @param params the spec's parameter count
 * @param threads pinned intra-op threads of this trial
 * @param preStatus {@link TrialStatus#SKIPPED} or {@link TrialStatus#UNSUPPORTED} when the trial
 *     cannot run, else null
 * @param preReason why it cannot run
 */
public record PlannedTrial(
    String trialId,
    int repetition,
    String dataset,
    String model,
    String framework,
    Device device,
    int epochs,
    int batchSize,
    int samples,
    long params,
    int threads,
    TrialStatus preStatus,
    String preReason) {

  /**
   * @param status SKIPPED or UNSUPPORTED
   * @param reason why
   * @return a copy that will not run
   */
  public PlannedTrial notRunnable(TrialStatus status, String reason) {
    return new PlannedTrial(
        trialId,
        repetition,
        dataset,
        model,
        framework,
        device,
        epochs,
        batchSize,
        samples,
        params,
        threads,
        status,
        reason);
  }

  /**
   * @return true when the trial will be launched
   */
  public boolean runnable() {
    return preStatus == null;
  }
}
