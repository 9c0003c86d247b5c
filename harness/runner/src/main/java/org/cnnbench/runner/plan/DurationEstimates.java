package org.cnnbench.runner.plan;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.cnnbench.results.TrialColumn;
import org.cnnbench.results.TrialStatus;
import org.cnnbench.runner.store.ResultsStore;
import org.cnnbench.runner.store.RunFolder;

/** Estimates a planned trial's duration from the wall times of the same trial in earlier runs. */
public final class DurationEstimates {

  private final Map<String, List<Double>> wallSeconds = new HashMap<>();

  private DurationEstimates() {}

  /**
   * Reads every {@code results/<run>/trials.csv}; unreadable runs are ignored.
   *
   * @param resultsDir the results folder
   * @return the estimates
   */
  public static DurationEstimates read(Path resultsDir) {
    return read(resultsDir, run -> true);
  }

  /**
   * @return true if a run folder is a merge of shard runs, whose trials the shard runs already hold
   */
  static boolean merged(Path run) {
    Path props = run.resolve(RunFolder.OPTIONS);
    try {
      return Files.isRegularFile(props)
          && Files.readString(props, StandardCharsets.UTF_8).contains("merge.runs=");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Reads the {@code trials.csv} of the runs a filter accepts.
   *
   * @param resultsDir the results folder
   * @param include whether a run folder counts
   * @return the estimates
   */
  public static DurationEstimates read(Path resultsDir, Predicate<Path> include) {
    DurationEstimates e = new DurationEstimates();
    if (!Files.isDirectory(resultsDir)) {
      return e;
    }
    CSVFormat header = ResultsStore.FORMAT.builder().setHeader().setSkipHeaderRecord(true).build();
    try (Stream<Path> runs = Files.list(resultsDir)) {
      for (Path run : runs.filter(Files::isDirectory).toList()) {
        Path trials = run.resolve("trials.csv");
        if (Files.isSymbolicLink(run)
            || !Files.exists(trials)
            || merged(run)
            || !include.test(run)) {
          continue;
        }
        try (Reader r = Files.newBufferedReader(trials, StandardCharsets.UTF_8)) {
          for (CSVRecord rec : header.parse(r)) {
            if (rec.isConsistent()
                && rec.isMapped(TrialColumn.WALL_SECONDS.header())
                && TrialStatus.OK.name().equals(rec.get(TrialColumn.STATUS.header()))) {
              e.wallSeconds
                  .computeIfAbsent(
                      key(
                          rec.get(TrialColumn.FRAMEWORK.header()),
                          rec.get(TrialColumn.DATASET.header()),
                          rec.get(TrialColumn.MODEL.header()),
                          rec.get(TrialColumn.DEVICE.header()),
                          rec.get(TrialColumn.EPOCHS.header()),
                          rec.get(TrialColumn.BATCH_SIZE.header()),
                          rec.get(TrialColumn.SAMPLES.header()),
                          rec.get(TrialColumn.THREADS.header())),
                      k -> new ArrayList<>())
                  .add(Double.parseDouble(rec.get(TrialColumn.WALL_SECONDS.header())));
            }
          }
        } catch (IOException | RuntimeException ignored) {
          // a run from another version or a torn file: no estimate from it
        }
      }
    } catch (IOException ignored) {
      // no estimates
    }
    return e;
  }

  /**
   * @param t a planned trial
   * @param threads its pinned threads
   * @return the median wall time of the same trial in earlier runs, or NaN if none ran
   */
  public double seconds(PlannedTrial t, int threads) {
    List<Double> values =
        wallSeconds.get(
            key(
                t.framework(),
                t.dataset(),
                t.model(),
                t.device().id(),
                String.valueOf(t.epochs()),
                String.valueOf(t.batchSize()),
                String.valueOf(t.samples()),
                String.valueOf(threads)));
    if (values == null || values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String key(String... parts) {
    return String.join("|", parts);
  }
}
