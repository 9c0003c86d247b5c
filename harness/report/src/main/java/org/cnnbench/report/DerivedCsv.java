package org.cnnbench.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.cnnbench.results.CsvNumbers;
import org.cnnbench.results.HarnessOverheadColumn;
import org.cnnbench.results.StepRatioColumn;
import org.cnnbench.results.StepSummaryColumn;
import org.cnnbench.results.TrialColumn;

/**
 * The tables the report step writes into the run folder for scripts to read, so that no script
 * recomputes what the harness computes: {@code step-summary.csv} (per OK trial), {@code
 * step-ratios.csv} (per dataset, model, framework, device, threads and batch) and {@code
 * harness-overhead.csv} (when there is a JMH summary to compare with). Their columns are the enums
 * of {@code org.cnnbench.results}; milliseconds with three decimals, ratios with three, an empty
 * cell for a number that is unknown.
 */
final class DerivedCsv {

  /** Per OK trial: its step times. */
  static final String STEP_SUMMARY = "step-summary.csv";

  /**
   * Per dataset, model, framework, device, threads and batch: medians, and ratios to each
   * framework.
   */
  static final String STEP_RATIOS = "step-ratios.csv";

  /** The report's harness-overhead table. */
  static final String HARNESS_OVERHEAD = "harness-overhead.csv";

  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setRecordSeparator("\n").build();

  private DerivedCsv() {}

  /**
   * Writes the tables, each replacing the file atomically; {@code harness-overhead.csv} is removed
   * when there is no row, so that no stale table stays behind.
   *
   * @param runDir the run folder
   * @param data the run
   * @param overhead the harness-overhead rows
   * @throws IOException if a file cannot be written
   */
  static void write(Path runDir, RunData data, List<HarnessOverhead.Ratio> overhead)
      throws IOException {
    List<StepTables.Trial> trials = StepTables.trials(data);
    write(runDir.resolve(STEP_SUMMARY), StepSummaryColumn.HEADERS, stepSummary(trials));
    write(
        runDir.resolve(STEP_RATIOS),
        StepRatioColumn.HEADERS,
        stepRatios(StepTables.groups(trials)));
    Path overheadFile = runDir.resolve(HARNESS_OVERHEAD);
    if (overhead.isEmpty()) {
      Files.deleteIfExists(overheadFile);
    } else {
      write(overheadFile, HarnessOverheadColumn.HEADERS, harnessOverhead(overhead));
    }
  }

  /**
   * @return the rows of {@code step-summary.csv}, in {@link StepSummaryColumn} order
   */
  static List<List<String>> stepSummary(List<StepTables.Trial> trials) {
    List<List<String>> rows = new ArrayList<>();
    for (StepTables.Trial t : trials) {
      RunData.Row r = t.trial();
      rows.add(
          List.of(
              r.trialId(),
              r.framework(),
              r.dataset(),
              r.model(),
              r.device(),
              r.text(TrialColumn.THREADS),
              r.text(TrialColumn.BATCH_SIZE),
              r.text(TrialColumn.REPETITION),
              String.valueOf(t.epochs().size()),
              ms(t.epochMeanStepMs()),
              ms(r.number(TrialColumn.STEP_MS_MEDIAN)),
              ms(r.number(TrialColumn.STEP_MS_P99)),
              t.lastEpoch() > 0 ? String.valueOf(t.lastEpoch()) : "",
              ms(t.lastEpochMs())));
    }
    return rows;
  }

  /**
   * @return the rows of {@code step-ratios.csv}, in {@link StepRatioColumn} order
   */
  static List<List<String>> stepRatios(List<StepTables.Group> groups) {
    List<List<String>> rows = new ArrayList<>();
    for (StepTables.Group g : groups) {
      StepTables.Key k = g.key();
      rows.add(
          List.of(
              k.dataset(),
              k.model(),
              k.framework(),
              k.device(),
              k.threads(),
              k.batchSize(),
              String.valueOf(g.trials()),
              String.valueOf(g.epochs()),
              ms(g.epochMeanStepMs()),
              ms(g.stepMsMedian()),
              ms(g.stepMsP99()),
              ms(g.lastEpochMs()),
              g.reference(),
              ratio(g.epochMeanRatio()),
              ratio(g.stepMsMedianRatio()),
              ratio(g.lastEpochRatio())));
    }
    return rows;
  }

  /**
   * @return the rows of {@code harness-overhead.csv}, in {@link HarnessOverheadColumn} order
   */
  static List<List<String>> harnessOverhead(List<HarnessOverhead.Ratio> overhead) {
    List<List<String>> rows = new ArrayList<>();
    for (HarnessOverhead.Ratio r : overhead) {
      rows.add(
          List.of(
              r.framework(),
              r.model(),
              r.threads(),
              r.trialStatistic(),
              ms(r.trialMs()),
              ms(r.trialP99Ms()),
              ms(r.jmhMs()),
              ms(r.jmhP99Ms()),
              ratio(r.ratio()),
              ms(r.lastEpochMs()),
              ratio(r.lastEpochRatio()),
              String.valueOf(r.ratio() <= HarnessOverhead.TARGET)));
    }
    return rows;
  }

  private static String ms(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? "" : CsvNumbers.fixed(value, 3);
  }

  private static String ratio(double value) {
    return ms(value);
  }

  private static void write(Path file, List<String> headers, List<List<String>> rows)
      throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
        CSVPrinter p = new CSVPrinter(w, FORMAT)) {
      p.printRecord(headers);
      for (List<String> row : rows) {
        p.printRecord(row);
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
