package org.cnnbench.runner;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a run's CSV files under {@code results/<run-id>/}, one flushed row at a time, so a killed
 * run keeps everything up to its last finished epoch.
 */
public final class ResultsStore implements AutoCloseable {

  /** Columns of {@code epochs.csv}. */
  public static final List<String> EPOCH_COLUMNS = List.of("run_id", "trial_id", "framework",
      "framework_version", "dataset", "model", "device", "repetition", "epoch", "train_loss",
      "train_accuracy", "val_loss", "val_accuracy", "epoch_seconds", "step_seconds", "data_seconds",
      "eval_seconds", "images_per_second", "worker_step_seconds");

  /** Columns of {@code trials.csv}. */
  public static final List<String> TRIAL_COLUMNS = List.of("run_id", "trial_id", "framework",
      "framework_version", "dataset", "model", "device", "repetition", "status", "reason", "params",
      "threads", "epochs", "engine_load_seconds", "first_step_seconds", "train_seconds", "test_loss",
      "test_accuracy", "peak_heap_mb", "peak_rss_mb", "batch_size", "samples", "seed",
      "data_load_seconds", "test_seconds", "inference_setup_seconds", "wall_seconds",
      "init_weights_sha256", "data_order_sha256", "resumed", "peak_gpu_mb", "step_ms", "worker_step_ms",
      "transfer_overhead");

  /** CSV dialect of every file: RFC 4180 with a header row and {@code \n} line ends. */
  static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\n").build();

  private final Path dir;
  private final CSVPrinter epochs;
  private final CSVPrinter trials;

  private ResultsStore(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    dropTornLine(dir.resolve("epochs.csv"));
    dropTornLine(dir.resolve("trials.csv"));
    this.epochs = open(dir.resolve("epochs.csv"), EPOCH_COLUMNS);
    this.trials = open(dir.resolve("trials.csv"), TRIAL_COLUMNS);
  }

  /**
   * Opens (creating if needed) the CSV files of a run folder.
   *
   * @param dir {@code results/<run-id>}
   * @return the store
   */
  public static ResultsStore open(Path dir) {
    try {
      return new ResultsStore(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create results in " + dir, e);
    }
  }

  /** @return the run folder */
  public Path dir() {
    return dir;
  }

  /**
   * Cuts a file back to its last complete line: a process killed in the middle of a write leaves at
   * most one torn line at the end, which is dropped rather than read as data.
   *
   * @param file a CSV file, possibly absent
   * @return true if something was cut
   */
  static boolean dropTornLine(Path file) throws IOException {
    if (!Files.exists(file) || Files.size(file) == 0) {
      return false;
    }
    byte[] bytes = Files.readAllBytes(file);
    if (bytes[bytes.length - 1] == '\n') {
      return false;
    }
    int end = bytes.length - 1;
    while (end >= 0 && bytes[end] != '\n') {
      end--;
    }
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
        StandardOpenOption.WRITE)) {
      ch.truncate(end + 1L);
    }
    return true;
  }

  /**
   * Removes the epoch rows of trials that have no trial row (interrupted trials about to be rerun),
   * rewriting {@code epochs.csv} atomically; called before the store is opened.
   *
   * @param dir the run folder
   * @param finished ids of the trials that have a row in trials.csv
   * @return ids of the interrupted trials whose rows were removed
   */
  static java.util.Set<String> dropUnfinishedEpochs(Path dir, java.util.Set<String> finished)
      throws IOException {
    Path file = dir.resolve("epochs.csv");
    if (!Files.exists(file)) {
      return java.util.Set.of();
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    java.util.Set<String> dropped = new java.util.TreeSet<>();
    List<String> kept = new ArrayList<>();
    kept.add(lines.get(0));
    int trialColumn = EPOCH_COLUMNS.indexOf("trial_id");
    for (String line : lines.subList(1, lines.size())) {
      // trial ids never contain commas or quotes, so the second field is found without a CSV parser
      String trialId = line.split(",", trialColumn + 2)[trialColumn];
      if (finished.contains(trialId)) {
        kept.add(line);
      } else {
        dropped.add(trialId);
      }
    }
    if (!dropped.isEmpty()) {
      Path tmp = dir.resolve("epochs.csv.tmp");
      Files.write(tmp, (String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    return dropped;
  }

  /**
   * Prepares a run folder for resuming: drops torn last lines, reads which trials finished and removes
   * the epoch rows of the trials that did not.
   *
   * @param dir the run folder
   * @return finished and interrupted trials
   */
  static Resumption prepareResume(Path dir) throws IOException {
    dropTornLine(dir.resolve("epochs.csv"));
    dropTornLine(dir.resolve("trials.csv"));
    java.util.Set<String> finished = new java.util.LinkedHashSet<>();
    Path trials = dir.resolve("trials.csv");
    if (Files.exists(trials)) {
      CSVFormat header = FORMAT.builder().setHeader().setSkipHeaderRecord(true).build();
      try (java.io.Reader r = Files.newBufferedReader(trials, StandardCharsets.UTF_8)) {
        for (org.apache.commons.csv.CSVRecord rec : header.parse(r)) {
          if (rec.isConsistent()) {
            finished.add(rec.get("trial_id"));
          }
        }
      }
    }
    return new Resumption(finished, dropUnfinishedEpochs(dir, finished));
  }

  /**
   * What a resumed run found.
   *
   * @param finished trials with a row in trials.csv, kept as they are
   * @param interrupted trials that had epoch rows but no trial row, whose epoch rows were removed
   */
  record Resumption(java.util.Set<String> finished, java.util.Set<String> interrupted) {}

  private static CSVPrinter open(Path file, List<String> columns) throws IOException {
    boolean fresh = !Files.exists(file) || Files.size(file) == 0;
    BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    CSVPrinter printer = new CSVPrinter(w, FORMAT);
    if (fresh) {
      printer.printRecord(columns);
      printer.flush();
    }
    return printer;
  }

  /**
   * Appends and flushes one row of {@code epochs.csv}.
   *
   * @param row column to value; missing columns are empty
   */
  public synchronized void appendEpoch(Map<String, String> row) {
    append(epochs, EPOCH_COLUMNS, row);
  }

  /**
   * Appends and flushes one row of {@code trials.csv}.
   *
   * @param row column to value; missing columns are empty
   */
  public synchronized void appendTrial(Map<String, String> row) {
    append(trials, TRIAL_COLUMNS, row);
  }

  private static void append(CSVPrinter printer, List<String> columns, Map<String, String> row) {
    List<String> values = new ArrayList<>(columns.size());
    for (String c : columns) {
      String v = row.get(c);
      values.add(v == null ? "" : v);
    }
    try {
      printer.printRecord(values);
      printer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Rewrites {@code environment.csv} (key,value) atomically.
   *
   * @param environment keys and values, in order
   */
  public synchronized void writeEnvironment(Map<String, String> environment) {
    Path file = dir.resolve("environment.csv");
    Path tmp = dir.resolve("environment.csv.tmp");
    try (CSVPrinter p = new CSVPrinter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), FORMAT)) {
      p.printRecord("key", "value");
      for (Map.Entry<String, String> e : environment.entrySet()) {
        p.printRecord(e.getKey(), e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Points {@code <parent>/latest} at a run folder: a symbolic link, or a one-line file holding the
   * run id where links are not possible.
   *
   * @param parent {@code results} or {@code reports}
   * @param runId the newest run
   */
  public static void markLatest(Path parent, String runId) {
    Path latest = parent.resolve("latest");
    try {
      Files.deleteIfExists(latest);
      try {
        Files.createSymbolicLink(latest, Path.of(runId));
      } catch (IOException | UnsupportedOperationException e) {
        Files.writeString(latest, runId + "\n", StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param parent {@code results} or {@code reports}
   * @return the run id {@code latest} points at, or null
   */
  public static String latest(Path parent) {
    Path latest = parent.resolve("latest");
    try {
      if (Files.isSymbolicLink(latest)) {
        return Files.readSymbolicLink(latest).getFileName().toString();
      }
      if (Files.isRegularFile(latest)) {
        return Files.readString(latest, StandardCharsets.UTF_8).trim();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return null;
  }

  @Override
  public synchronized void close() {
    try {
      epochs.close();
      trials.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
