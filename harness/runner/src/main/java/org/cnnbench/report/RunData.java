package org.cnnbench.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * A run's CSV files read back: every number in the report comes from here.
 *
 * @param trials rows of {@code trials.csv}
 * @param epochs rows of {@code epochs.csv}
 * @param environment rows of {@code environment.csv}
 */
public record RunData(List<Map<String, String>> trials, List<Map<String, String>> epochs,
    Map<String, String> environment) {

  /**
   * @param runDir {@code results/<run-id>}
   * @return the data
   * @throws IOException if a file cannot be read
   */
  public static RunData read(Path runDir) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (Map<String, String> row : rows(runDir.resolve("environment.csv"))) {
      env.put(row.get("key"), row.get("value"));
    }
    return new RunData(rows(runDir.resolve("trials.csv")), rows(runDir.resolve("epochs.csv")), env);
  }

  static List<Map<String, String>> rows(Path file) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    if (!Files.exists(file)) {
      return rows;
    }
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (CSVRecord record : format.parse(r)) {
        if (record.isConsistent()) {
          rows.add(new LinkedHashMap<>(record.toMap()));
        }
      }
    }
    return rows;
  }
}
