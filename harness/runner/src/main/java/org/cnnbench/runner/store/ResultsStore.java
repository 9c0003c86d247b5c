package org.cnnbench.runner.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.cnnbench.results.CsvNumbers;
import org.cnnbench.results.EnvironmentColumn;
import org.cnnbench.results.EpochColumn;
import org.cnnbench.results.MemoryColumn;
import org.cnnbench.results.ProcessMemoryColumn;
import org.cnnbench.results.TrialColumn;
import org.cnnbench.results.TrialStatus;
import org.cnnbench.runner.OptionException;
import org.cnnbench.runner.TreeMemory;

/**
 * Writes a run's CSV files under {@code results/<run-id>/}, one flushed row at a time, so a killed
 * run keeps everything up to its last finished epoch.
 */
public final class ResultsStore implements AutoCloseable {

  /** CSV dialect of every file: RFC 4180 with a header row and {@code \n} line ends. */
  public static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setRecordSeparator("\n").build();

  /** Opens the writers of the store's files: the seam where a test injects a full disk. */
  @FunctionalInterface
  public interface Output {
    /**
     * @param file the file
     * @param append whether to append to it (else it is created or truncated)
     * @return a writer of UTF-8 text
     */
    Writer open(Path file, boolean append) throws IOException;

    /** The file system. */
    Output FILES =
        (file, append) ->
            append
                ? Files.newBufferedWriter(
                    file,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)
                : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }

  private final Path dir;
  private final Output output;
  private final Appender epochs;
  private final Appender trials;
  private final Appender memory;
  private final Appender processes;

  private ResultsStore(Path dir, Output output) {
    this.dir = dir;
    this.output = output;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ResultsWriteException(dir, e);
    }
    try {
      for (String file : List.of("epochs.csv", "trials.csv", MEMORY, MEMORY_PROCESSES)) {
        dropTornLine(dir.resolve(file));
      }
    } catch (IOException e) {
      throw new ResultsWriteException(dir.resolve("epochs.csv"), e);
    }
    List<Appender> opened = new ArrayList<>();
    try {
      opened.add(new Appender(dir.resolve("epochs.csv"), EpochColumn.HEADERS, output));
      opened.add(new Appender(dir.resolve("trials.csv"), TrialColumn.HEADERS, output));
      opened.add(new Appender(dir.resolve(MEMORY), MemoryColumn.HEADERS, output));
      opened.add(new Appender(dir.resolve(MEMORY_PROCESSES), ProcessMemoryColumn.HEADERS, output));
    } catch (RuntimeException e) {
      opened.forEach(Appender::closeQuietly);
      throw e;
    }
    this.epochs = opened.get(0);
    this.trials = opened.get(1);
    this.memory = opened.get(2);
    this.processes = opened.get(3);
  }

  /**
   * The file of a run's memory samples: the resident set of each trial's process tree over time.
   */
  public static final String MEMORY = "memory.csv";

  /** The file of the processes each trial's memory samples saw, with their own peaks. */
  public static final String MEMORY_PROCESSES = "memory-processes.csv";

  /**
   * Opens (creating if needed) the CSV files of a run folder.
   *
   * @param dir {@code results/<run-id>}
   * @return the store
   * @throws ResultsWriteException naming the file that cannot be written
   */
  public static ResultsStore open(Path dir) {
    return new ResultsStore(dir, Output.FILES);
  }

  /**
   * Opens a store whose files are written through {@code output}.
   *
   * @param dir the run folder
   * @param output opens the writers
   * @return the store
   */
  public static ResultsStore open(Path dir, Output output) {
    return new ResultsStore(dir, output);
  }

  /**
   * @return the first write that failed, or null while every write succeeded
   */
  public synchronized ResultsWriteException failure() {
    for (Appender a : List.of(epochs, trials, memory, processes)) {
      if (a.failure != null) {
        return a.failure;
      }
    }
    return null;
  }

  /**
   * Cuts a file back to its last complete line: a process killed in the middle of a write leaves at
   * most one torn line at the end, which is dropped rather than read as data.
   *
   * @param file a CSV file, possibly absent
   * @return true if something was cut
   */
  public static boolean dropTornLine(Path file) throws IOException {
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
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
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
  static Set<String> dropUnfinishedEpochs(Path dir, Set<String> finished) throws IOException {
    return dropUnfinished(
        dir.resolve("epochs.csv"),
        EpochColumn.HEADERS.indexOf(EpochColumn.TRIAL_ID.header()),
        finished);
  }

  /**
   * Removes the rows of a per-trial file whose trial is not among {@code finished}, atomically.
   *
   * @param file the file, possibly absent
   * @param trialColumn the index of its trial id column
   * @param finished ids of the trials that have a row in trials.csv
   * @return ids of the trials whose rows were removed
   */
  private static Set<String> dropUnfinished(Path file, int trialColumn, Set<String> finished)
      throws IOException {
    if (!Files.exists(file)) {
      return Set.of();
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Set<String> dropped = new TreeSet<>();
    List<String> kept = new ArrayList<>();
    kept.add(lines.get(0));
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
      replace(file, String.join("\n", kept) + "\n");
    }
    return dropped;
  }

  /**
   * Prepares a run folder for resuming: drops torn last lines, reads which trials finished and
   * removes the epoch rows of the trials that did not.
   *
   * @param dir the run folder
   * @return finished and interrupted trials
   */
  public static Resumption prepareResume(Path dir) throws IOException {
    // Before anything is changed: rows of this version appended under another version's header
    // would
    // put numbers under the wrong names.
    requireColumns(dir.resolve("epochs.csv"), EpochColumn.HEADERS);
    requireColumns(dir.resolve("trials.csv"), TrialColumn.HEADERS);
    requireColumns(dir.resolve(MEMORY), MemoryColumn.HEADERS);
    requireColumns(dir.resolve(MEMORY_PROCESSES), ProcessMemoryColumn.HEADERS);
    dropTornLine(dir.resolve("epochs.csv"));
    dropTornLine(dir.resolve("trials.csv"));
    Set<String> finished = new LinkedHashSet<>();
    Set<String> cut = new TreeSet<>();
    Path trials = dir.resolve("trials.csv");
    if (Files.exists(trials)) {
      CSVFormat header = FORMAT.builder().setHeader().setSkipHeaderRecord(true).build();
      List<org.apache.commons.csv.CSVRecord> kept = new ArrayList<>();
      List<String> columns;
      try (Reader r = Files.newBufferedReader(trials, StandardCharsets.UTF_8);
          org.apache.commons.csv.CSVParser parser = header.parse(r)) {
        columns = parser.getHeaderNames();
        for (org.apache.commons.csv.CSVRecord rec : parser) {
          if (rec.isConsistent()
              && TrialStatus.INTERRUPTED.name().equals(rec.get(TrialColumn.STATUS.header()))) {
            cut.add(rec.get(TrialColumn.TRIAL_ID.header()));
          } else {
            kept.add(rec);
            if (rec.isConsistent()) {
              finished.add(rec.get(TrialColumn.TRIAL_ID.header()));
            }
          }
        }
      }
      if (!cut.isEmpty()) {
        // a trial cut by a failed write is rerun: its row goes, like the rows of a killed trial
        StringBuilder text = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(text, FORMAT)) {
          p.printRecord(columns);
          for (org.apache.commons.csv.CSVRecord rec : kept) {
            p.printRecord((Object[]) rec.values());
          }
        }
        replace(trials, text.toString());
        finished.removeAll(cut);
      }
    }
    Set<String> interrupted = new TreeSet<>(dropUnfinishedEpochs(dir, finished));
    dropTornLine(dir.resolve(MEMORY));
    dropTornLine(dir.resolve(MEMORY_PROCESSES));
    dropUnfinished(
        dir.resolve(MEMORY),
        MemoryColumn.HEADERS.indexOf(MemoryColumn.TRIAL_ID.header()),
        finished);
    dropUnfinished(
        dir.resolve(MEMORY_PROCESSES),
        ProcessMemoryColumn.HEADERS.indexOf(ProcessMemoryColumn.TRIAL_ID.header()),
        finished);
    interrupted.addAll(cut);
    return new Resumption(finished, interrupted);
  }

  /**
   * @param file a results file of the run being resumed
   * @param columns the columns this version writes
   * @throws OptionException naming the file and the columns that differ, when its header row is not
   *     {@code columns} (another version of cnn-bench wrote it); an absent or empty file passes
   */
  static void requireColumns(Path file, List<String> columns) throws IOException {
    if (!Files.exists(file) || Files.size(file) == 0) {
      return;
    }
    String first;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      first = r.readLine();
    }
    List<String> found = first == null ? List.of() : List.of(first.split(",", -1));
    if (found.equals(columns)) {
      return;
    }
    List<String> missing = new ArrayList<>(columns);
    missing.removeAll(found);
    List<String> unknown = new ArrayList<>(found);
    unknown.removeAll(columns);
    throw new OptionException(
        "cannot resume: "
            + file
            + " was written by another version of cnn-bench"
            + (missing.isEmpty() ? "" : "; it lacks the columns " + missing)
            + (unknown.isEmpty() ? "" : "; it has columns this version does not write " + unknown)
            + (missing.isEmpty() && unknown.isEmpty() ? " (its columns are in another order)" : "")
            + ". Resume it with the version that started it (its git.commit is in environment.csv), or start"
            + " a new run; nothing in the run folder was changed");
  }

  /** Replaces a file's content atomically, leaving no temporary file when that fails. */
  private static void replace(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.write(tmp, content.getBytes(StandardCharsets.UTF_8));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new ResultsWriteException(file, e);
    }
  }

  /**
   * What a resumed run found.
   *
   * @param finished trials with a row in trials.csv, kept as they are
   * @param interrupted trials that had epoch rows but no trial row, or an INTERRUPTED row, whose
   *     rows were removed
   */
  public record Resumption(Set<String> finished, Set<String> interrupted) {}

  /** One CSV file appended a flushed row at a time; after a failed write it refuses every other. */
  private static final class Appender {
    private final Path file;
    private final List<String> columns;
    private CSVPrinter printer;
    private ResultsWriteException failure;

    Appender(Path file, List<String> columns, Output output) {
      this.file = file;
      this.columns = columns;
      try {
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        printer = new CSVPrinter(output.open(file, true), FORMAT);
        if (fresh) {
          printer.printRecord(columns);
          printer.flush();
        }
      } catch (IOException e) {
        closeQuietly();
        throw new ResultsWriteException(file, e);
      }
    }

    void append(Map<String, String> row) {
      if (failure != null) {
        throw failure;
      }
      List<String> values = new ArrayList<>(columns.size());
      for (String c : columns) {
        String v = row.get(c);
        values.add(v == null ? "" : v);
      }
      try {
        printer.printRecord(values);
        printer.flush();
      } catch (IOException e) {
        failure = new ResultsWriteException(file, e);
        closeQuietly();
        throw failure;
      }
    }

    private void closeQuietly() {
      if (printer != null) {
        try {
          printer.close();
        } catch (IOException e) {
          // the write that failed has been reported; closing a broken file adds nothing
        }
        printer = null;
      }
    }

    void close() {
      if (printer == null) {
        return;
      }
      try {
        printer.close();
      } catch (IOException e) {
        throw new ResultsWriteException(file, e);
      } finally {
        printer = null;
      }
    }
  }

  /**
   * Appends and flushes one row of {@code epochs.csv}.
   *
   * @param row column ({@link EpochColumn#header()}) to value; missing columns are empty
   * @throws ResultsWriteException if the row cannot be written; later rows of this file are refused
   */
  public synchronized void appendEpoch(Map<String, String> row) {
    epochs.append(row);
  }

  /**
   * Appends and flushes one row of {@code trials.csv}.
   *
   * @param row column ({@link TrialColumn#header()}) to value; missing columns are empty
   * @throws ResultsWriteException if the row cannot be written; later rows of this file are refused
   */
  public synchronized void appendTrial(Map<String, String> row) {
    trials.append(row);
  }

  /**
   * Appends and flushes a trial's memory samples to {@code memory.csv} and its processes to {@code
   * memory-processes.csv}.
   *
   * @param trialId the trial
   * @param record what the runner sampled
   * @throws ResultsWriteException if a row cannot be written; later rows of that file are refused
   */
  public synchronized void appendMemory(String trialId, TreeMemory.Summary record) {
    for (TreeMemory.Sample s : record.samples()) {
      Map<String, String> row = new HashMap<>();
      row.put(MemoryColumn.TRIAL_ID.header(), trialId);
      row.put(MemoryColumn.T_MS.header(), String.valueOf(s.tMs()));
      row.put(MemoryColumn.RSS_MB.header(), CsvNumbers.fixed(s.rssMb(), 1));
      row.put(MemoryColumn.ANON_MB.header(), CsvNumbers.fixed(s.anonMb(), 1));
      row.put(MemoryColumn.FILE_MB.header(), CsvNumbers.fixed(s.fileMb(), 1));
      row.put(MemoryColumn.PROCESSES.header(), String.valueOf(s.processes()));
      row.put(MemoryColumn.PHASE.header(), s.phase().id());
      row.put(MemoryColumn.EPOCH.header(), s.epoch() > 0 ? String.valueOf(s.epoch()) : "");
      row.put(MemoryColumn.STEP.header(), s.step() > 0 ? String.valueOf(s.step()) : "");
      memory.append(row);
    }
    for (TreeMemory.ProcessPeak p : record.processes()) {
      Map<String, String> row = new HashMap<>();
      row.put(ProcessMemoryColumn.TRIAL_ID.header(), trialId);
      row.put(ProcessMemoryColumn.PID.header(), String.valueOf(p.pid()));
      row.put(ProcessMemoryColumn.PARENT_PID.header(), String.valueOf(p.parentPid()));
      row.put(ProcessMemoryColumn.NAME.header(), p.name());
      row.put(ProcessMemoryColumn.PEAK_RSS_MB.header(), CsvNumbers.fixed(p.peakRssMb(), 1));
      row.put(ProcessMemoryColumn.VM_HWM_MB.header(), CsvNumbers.fixed(p.vmHwmMb(), 1));
      row.put(ProcessMemoryColumn.FIRST_T_MS.header(), String.valueOf(p.firstMs()));
      row.put(ProcessMemoryColumn.LAST_T_MS.header(), String.valueOf(p.lastMs()));
      processes.append(row);
    }
  }

  /**
   * Rewrites {@code environment.csv} (key,value) atomically.
   *
   * @param environment keys and values, in order
   * @throws ResultsWriteException naming the file; the previous environment.csv is kept and no
   *     temporary file is left
   */
  public synchronized void writeEnvironment(Map<String, String> environment) {
    Path file = dir.resolve(RunFolder.ENVIRONMENT);
    Path tmp = dir.resolve("environment.csv.tmp");
    try {
      try (CSVPrinter p = new CSVPrinter(output.open(tmp, false), FORMAT)) {
        p.printRecord(EnvironmentColumn.HEADERS);
        for (Map.Entry<String, String> e : environment.entrySet()) {
          p.printRecord(e.getKey(), e.getValue());
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new ResultsWriteException(file, e);
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
    // Made beside it under a unique name, then renamed over it: a reader never sees it missing or
    // half written, and two runs marking at once leave one whole link.
    Path tmp = parent.resolve(".latest-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    try {
      try {
        Files.createSymbolicLink(tmp, Path.of(runId));
      } catch (IOException | UnsupportedOperationException e) {
        Files.writeString(tmp, runId + "\n", StandardCharsets.UTF_8);
      }
      Files.move(tmp, latest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the original error matters more
      }
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
    } finally {
      try {
        trials.close();
      } finally {
        try {
          memory.close();
        } finally {
          processes.close();
        }
      }
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // nothing more can be done about a folder that refuses even this
    }
  }
}
