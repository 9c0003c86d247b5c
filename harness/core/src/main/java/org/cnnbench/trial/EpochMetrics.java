package org.cnnbench.trial;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cnnbench.results.CsvNumbers;
import org.cnnbench.results.EpochColumn;

/**
 * What a trial measured in one epoch: the fields of its {@code epoch} message, which become a row
 * of {@code epochs.csv} after the trial's identity.
 *
 * @param epoch epoch number, from 1
 * @param trainLoss mean training loss
 * @param trainAccuracy training accuracy
 * @param valLoss validation loss, NaN without a validation split
 * @param valAccuracy validation accuracy, NaN without a validation split
 * @param epochNanos wall time of the epoch
 * @param stepSeconds seconds of the timed steps
 * @param dataNanos time the loop waited for batches
 * @param evalNanos time of the validation
 * @param imagesPerSecond images per second of the timed steps
 * @param stepMsMedian median milliseconds of a timed step
 * @param stepMsP99 99th-percentile milliseconds of a timed step
 * @param workerStepSeconds a worker-process adapter's own seconds of the timed steps, NaN in-JVM
 */
public record EpochMetrics(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    double valLoss,
    double valAccuracy,
    long epochNanos,
    double stepSeconds,
    long dataNanos,
    long evalNanos,
    double imagesPerSecond,
    double stepMsMedian,
    double stepMsP99,
    double workerStepSeconds) {

  /**
   * @return the message's fields, in {@link EpochColumn} order, numbers as {@link CsvNumbers}
   *     writes them
   */
  public Map<String, String> fields() {
    Map<String, String> row = new LinkedHashMap<>();
    row.put(EpochColumn.EPOCH.header(), Integer.toString(epoch));
    row.put(EpochColumn.TRAIN_LOSS.header(), CsvNumbers.metric(trainLoss));
    row.put(EpochColumn.TRAIN_ACCURACY.header(), CsvNumbers.metric(trainAccuracy));
    row.put(EpochColumn.VAL_LOSS.header(), CsvNumbers.metric(valLoss));
    row.put(EpochColumn.VAL_ACCURACY.header(), CsvNumbers.metric(valAccuracy));
    row.put(EpochColumn.EPOCH_SECONDS.header(), CsvNumbers.seconds(epochNanos));
    row.put(EpochColumn.STEP_SECONDS.header(), CsvNumbers.metric(stepSeconds));
    row.put(EpochColumn.DATA_SECONDS.header(), CsvNumbers.seconds(dataNanos));
    row.put(EpochColumn.EVAL_SECONDS.header(), CsvNumbers.seconds(evalNanos));
    row.put(EpochColumn.IMAGES_PER_SECOND.header(), CsvNumbers.metric(imagesPerSecond));
    row.put(EpochColumn.STEP_MS_MEDIAN.header(), CsvNumbers.metric(stepMsMedian));
    row.put(EpochColumn.STEP_MS_P99.header(), CsvNumbers.metric(stepMsP99));
    row.put(EpochColumn.WORKER_STEP_SECONDS.header(), CsvNumbers.metric(workerStepSeconds));
    return row;
  }
}
