package org.cnnbench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnnbench.results.MemoryColumn;
import org.cnnbench.results.MemorySweepColumn;
import org.cnnbench.results.TrialStatus;

/**
 * A run's memory files read back as typed rows, for charts: {@code memory.csv} (the resident set of
 * each trial's whole process tree over time) and {@code memory-sweep.csv} ({@code -Dbench=memory}).
 * A row that fails {@link CsvValidation} becomes a warning and is left out.
 *
 * @param samples rows of memory.csv, in file order (each trial's samples in time order)
 * @param sweep rows of memory-sweep.csv, in file order; empty when the run has no sweep
 * @param warnings rows that could not be used
 */
public record MemoryData(List<Sample> samples, List<SweepPoint> sweep, List<ReadWarning> warnings) {

  /** The file of memory samples in a run folder. */
  public static final String SAMPLES_FILE = "memory.csv";

  /** The file of the batch-size sweep in a run folder. */
  public static final String SWEEP_FILE = "memory-sweep.csv";

  /** Copies the lists. */
  public MemoryData {
    samples = List.copyOf(samples);
    sweep = List.copyOf(sweep);
    warnings = List.copyOf(warnings);
  }

  /**
   * One sample of a trial's process tree.
   *
   * @param trialId the trial
   * @param tMs milliseconds since the trial's process started
   * @param rssMb resident set of the tree (sum of VmRSS), MiB
   * @param anonMb its anonymous pages, MiB
   * @param fileMb its file-backed and shared-memory pages, MiB
   * @param processes processes in the tree
   * @param phase {@code setup}, {@code train} or {@code test}
   * @param epoch the epoch in progress, 0 before training
   * @param step the last step reported in the epoch, 0 if none
   */
  public record Sample(
      String trialId,
      long tMs,
      double rssMb,
      double anonMb,
      double fileMb,
      int processes,
      String phase,
      int epoch,
      int step) {}

  /**
   * One batch size of one framework in the sweep.
   *
   * @param framework the adapter
   * @param model the model
   * @param batchSize examples per step
   * @param repetition the repetition, from 1
   * @param status how the trial ended; SKIPPED after the size that stopped the sweep
   * @param peakTreeRssMb peak resident set of the trial's process tree, MiB; NaN if not measured
   * @param peakJvmRssMb peak resident set of the trial's JVM alone, MiB; NaN if not measured
   * @param peakHeapMb peak heap of the trial's JVM, MiB; NaN if not measured
   * @param stepMs mean milliseconds per timed step; NaN if not measured
   * @param imagesPerSecond training images per second; NaN unless OK
   * @param steps training steps planned
   * @param capMb the sweep's memory cap, MiB
   * @param stoppedHere whether this size stopped the framework's sweep
   * @param reason why, for every status but OK
   */
  public record SweepPoint(
      String framework,
      String model,
      int batchSize,
      int repetition,
      TrialStatus status,
      double peakTreeRssMb,
      double peakJvmRssMb,
      double peakHeapMb,
      double stepMs,
      double imagesPerSecond,
      int steps,
      double capMb,
      boolean stoppedHere,
      String reason) {}

  /**
   * Reads the memory files of a run; an absent file reads as no rows.
   *
   * @param runDir {@code results/<run-id>}
   * @return the rows
   * @throws IOException if a file cannot be read
   */
  public static MemoryData read(Path runDir) throws IOException {
    List<ReadWarning> warnings = new ArrayList<>();
    List<Sample> samples = new ArrayList<>();
    for (Map<String, String> row : CsvValidation.read(runDir.resolve(SAMPLES_FILE), warnings)) {
      samples.add(
          new Sample(
              row.get(MemoryColumn.TRIAL_ID.header()),
              (long) number(row, MemoryColumn.T_MS.header()),
              number(row, MemoryColumn.RSS_MB.header()),
              number(row, MemoryColumn.ANON_MB.header()),
              number(row, MemoryColumn.FILE_MB.header()),
              count(row, MemoryColumn.PROCESSES.header()),
              row.get(MemoryColumn.PHASE.header()),
              count(row, MemoryColumn.EPOCH.header()),
              count(row, MemoryColumn.STEP.header())));
    }
    List<SweepPoint> sweep = new ArrayList<>();
    for (Map<String, String> row : CsvValidation.read(runDir.resolve(SWEEP_FILE), warnings)) {
      sweep.add(
          new SweepPoint(
              row.get(MemorySweepColumn.FRAMEWORK.header()),
              row.get(MemorySweepColumn.MODEL.header()),
              count(row, MemorySweepColumn.BATCH_SIZE.header()),
              count(row, MemorySweepColumn.REPETITION.header()),
              TrialStatus.parse(row.get(MemorySweepColumn.STATUS.header())),
              number(row, MemorySweepColumn.PEAK_TREE_RSS_MB.header()),
              number(row, MemorySweepColumn.PEAK_JVM_RSS_MB.header()),
              number(row, MemorySweepColumn.PEAK_HEAP_MB.header()),
              number(row, MemorySweepColumn.STEP_MS.header()),
              number(row, MemorySweepColumn.IMAGES_PER_SECOND.header()),
              count(row, MemorySweepColumn.STEPS.header()),
              number(row, MemorySweepColumn.CAP_MB.header()),
              Boolean.parseBoolean(row.get(MemorySweepColumn.STOPPED_HERE.header())),
              row.get(MemorySweepColumn.REASON.header())));
    }
    return new MemoryData(samples, sweep, warnings);
  }

  /**
   * @return each trial's samples in time order, trials in file order
   */
  public Map<String, List<Sample>> byTrial() {
    Map<String, List<Sample>> out = new LinkedHashMap<>();
    for (Sample s : samples) {
      out.computeIfAbsent(s.trialId(), k -> new ArrayList<>()).add(s);
    }
    out.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(out);
  }

  private static double number(Map<String, String> row, String column) {
    String v = row.getOrDefault(column, "").strip();
    return v.isEmpty() ? Double.NaN : Double.parseDouble(v);
  }

  private static int count(Map<String, String> row, String column) {
    String v = row.getOrDefault(column, "").strip();
    return v.isEmpty() ? 0 : (int) Double.parseDouble(v);
  }
}
