package org.cnnbench.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.cnnbench.results.Column;
import org.cnnbench.results.EnvironmentColumn;
import org.cnnbench.results.EnvironmentKey;
import org.cnnbench.results.TrialColumn;
import org.cnnbench.results.TrialStatus;

/**
 * A run's CSV files read back: every number in the report comes from here.
 *
 * @param trials rows of {@code trials.csv}, column name to text
 * @param epochs rows of {@code epochs.csv}
 * @param environment rows of {@code environment.csv}, in file order
 * @param parity rows of {@code parity.csv}; empty when the run has none
 * @param warnings rows that could not be used (bad cell, wrong length, unknown status), left out of
 *     the lists above
 */
public record RunData(
    List<Map<String, String>> trials,
    List<Map<String, String>> epochs,
    Map<String, String> environment,
    List<Map<String, String>> parity,
    List<ReadWarning> warnings) {

  /** Copies the collections. */
  public RunData {
    trials = List.copyOf(trials);
    epochs = List.copyOf(epochs);
    environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    parity = List.copyOf(parity);
    warnings = List.copyOf(warnings);
  }

  /**
   * Data read without a problem.
   *
   * @param trials rows of trials.csv
   * @param epochs rows of epochs.csv
   * @param environment rows of environment.csv
   * @param parity rows of parity.csv
   */
  public RunData(
      List<Map<String, String>> trials,
      List<Map<String, String>> epochs,
      Map<String, String> environment,
      List<Map<String, String>> parity) {
    this(trials, epochs, environment, parity, List.of());
  }

  /**
   * Reads {@code trials.csv}, {@code epochs.csv}, {@code environment.csv} and {@code parity.csv}; a
   * missing file reads as no rows, a row that fails {@link CsvValidation} becomes a warning.
   *
   * @param runDir {@code results/<run-id>}
   * @return the data
   * @throws IOException if a file cannot be read
   */
  public static RunData read(Path runDir) throws IOException {
    List<ReadWarning> warnings = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    for (Map<String, String> row :
        CsvValidation.read(runDir.resolve("environment.csv"), warnings)) {
      env.put(
          row.getOrDefault(EnvironmentColumn.KEY.header(), ""),
          row.getOrDefault(EnvironmentColumn.VALUE.header(), ""));
    }
    if (!env.containsKey(EnvironmentKey.RUN_ID.key())) {
      env.put(
          EnvironmentKey.RUN_ID.key(),
          runDir.toAbsolutePath().normalize().getFileName().toString());
    }
    List<Map<String, String>> trials = CsvValidation.read(runDir.resolve("trials.csv"), warnings);
    List<Map<String, String>> epochs = CsvValidation.read(runDir.resolve("epochs.csv"), warnings);
    List<Map<String, String>> parity = CsvValidation.read(runDir.resolve("parity.csv"), warnings);
    return new RunData(trials, epochs, env, parity, warnings);
  }

  /**
   * @return the run's id ({@code run_id} of environment.csv, else the folder's name)
   */
  public String runId() {
    return env(EnvironmentKey.RUN_ID);
  }

  /**
   * @return the environment value of a key, or an empty string
   */
  String env(String key) {
    return environment.getOrDefault(key, "");
  }

  /**
   * @return the environment value of a key, or an empty string
   */
  String env(EnvironmentKey key) {
    return env(key.key());
  }

  List<Row> trialRows() {
    return trials.stream().map(Row::new).toList();
  }

  List<Row> epochRows() {
    return epochs.stream().map(Row::new).toList();
  }

  List<Row> parityRows() {
    return parity.stream().map(Row::new).toList();
  }

  static List<Row> rows(Path file) throws IOException {
    List<Row> rows = new ArrayList<>();
    if (!Files.exists(file)) {
      return rows;
    }
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (CSVRecord record : format.parse(r)) {
        if (record.isConsistent()) {
          rows.add(new Row(record.toMap()));
        }
      }
    }
    return rows;
  }

  /**
   * One CSV row, read by typed column; a missing column reads as empty text and as NaN. Every cell
   * that holds a number is parsed once, when the row is read.
   *
   * @param columns column name to text
   * @param numbers column name to the number it holds, for the cells that hold one
   */
  record Row(Map<String, String> columns, Map<String, Double> numbers) {

    /** Copies the maps. */
    Row {
      columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
      numbers = Map.copyOf(numbers);
    }

    /**
     * Reads a row, parsing its numbers.
     *
     * @param columns column name to text
     */
    Row(Map<String, String> columns) {
      this(columns, parse(columns));
    }

    private static Map<String, Double> parse(Map<String, String> columns) {
      Map<String, Double> numbers = new HashMap<>();
      columns.forEach(
          (column, v) -> {
            if (v != null && !v.isBlank()) {
              try {
                numbers.put(column, Double.parseDouble(v.trim()));
              } catch (NumberFormatException e) {
                // not a number: reads as NaN
              }
            }
          });
      return numbers;
    }

    /**
     * @return the text of a column, empty when absent
     */
    String text(Column column) {
      String v = columns.get(column.header());
      return v == null ? "" : v;
    }

    /**
     * @return the number in a column, NaN when absent or not a number
     */
    double number(Column column) {
      return numbers.getOrDefault(column.header(), Double.NaN);
    }

    /**
     * @return the integer in a column, or {@code fallback}
     */
    int integer(Column column, int fallback) {
      double d = number(column);
      return Double.isNaN(d) ? fallback : (int) d;
    }

    String framework() {
      return text(TrialColumn.FRAMEWORK);
    }

    String device() {
      return text(TrialColumn.DEVICE);
    }

    String dataset() {
      return text(TrialColumn.DATASET);
    }

    String model() {
      return text(TrialColumn.MODEL);
    }

    String status() {
      return text(TrialColumn.STATUS);
    }

    boolean ok() {
      return TrialStatus.OK.name().equals(status());
    }

    int repetition() {
      return integer(TrialColumn.REPETITION, 1);
    }

    String trialId() {
      return text(TrialColumn.TRIAL_ID);
    }
  }
}
