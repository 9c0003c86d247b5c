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
      "eval_seconds", "images_per_second");

  /** Columns of {@code trials.csv}. */
  public static final List<String> TRIAL_COLUMNS = List.of("run_id", "trial_id", "framework",
      "framework_version", "dataset", "model", "device", "repetition", "status", "reason", "params",
      "threads", "epochs", "engine_load_seconds", "first_step_seconds", "train_seconds", "test_loss",
      "test_accuracy", "peak_heap_mb", "peak_rss_mb", "batch_size", "samples", "seed",
      "data_load_seconds", "test_seconds", "inference_setup_seconds", "wall_seconds",
      "init_weights_sha256", "data_order_sha256");

  /** CSV dialect of every file: RFC 4180 with a header row and {@code \n} line ends. */
  static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\n").build();

  private final Path dir;
  private final CSVPrinter epochs;
  private final CSVPrinter trials;

  private ResultsStore(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
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
