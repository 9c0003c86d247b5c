package org.cnnbench.report;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a run's CSV file checking what the report relies on: the expected columns are there, every
 * row has as many cells as the header, numbers parse, a status is one the runner writes. A row that
 * fails is not returned but becomes a {@link ReadWarning} naming file and line.
 */
final class CsvValidation {

  /** Statuses the runner writes in trials.csv. */
  static final Set<String> STATUSES = Set.of("OK", "FAILED", "TIMEOUT", "DIVERGED", "SKIPPED",
      "UNSUPPORTED", "INTERRUPTED");

  private static final Pattern NUMBER = Pattern.compile(
      "[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?|NaN|[-+]?Infinity");

  /**
   * What a file must hold.
   *
   * @param required columns that must be in the header
   * @param numeric columns that are empty or a number
   */
  record Schema(List<String> required, Set<String> numeric) {}

  /** Files whose rows feed the report's numbers; other files are only checked for row length. */
  static final Map<String, Schema> SCHEMAS = Map.of(
      "trials.csv", new Schema(List.of("trial_id", "framework", "dataset", "model", "device", "status"),
          Set.of("repetition", "params", "threads", "epochs", "engine_load_seconds", "first_step_seconds",
              "train_seconds", "test_loss", "test_accuracy", "peak_heap_mb", "peak_rss_mb", "batch_size",
              "samples", "seed", "data_load_seconds", "test_seconds", "inference_setup_seconds",
              "wall_seconds", "peak_gpu_mb")),
      "epochs.csv", new Schema(List.of("trial_id", "framework", "dataset", "model", "epoch"),
          Set.of("repetition", "epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy",
              "epoch_seconds", "step_seconds", "data_seconds", "eval_seconds", "images_per_second")),
      "parity.csv", new Schema(List.of("model", "framework", "check", "pass"),
          Set.of("max_abs_diff", "tolerance")));

  private CsvValidation() {}

  /**
   * @param file a CSV file with a header row; absent reads as no rows
   * @param warnings receives one warning per row left out
   * @return the rows that passed, column name to text
   * @throws IOException if the file cannot be read
   */
  static List<Map<String, String>> read(Path file, List<ReadWarning> warnings) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    if (!Files.exists(file)) {
      return rows;
    }
    String name = file.getFileName().toString();
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Schema schema = SCHEMAS.getOrDefault(name, new Schema(List.of(), Set.of()));
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build();
    try (CSVParser parser = format.parse(new StringReader(text))) {
      List<String> header = parser.getHeaderNames();
      List<String> missing = schema.required().stream().filter(c -> !header.contains(c)).toList();
      if (!missing.isEmpty()) {
        warnings.add(new ReadWarning(name, 0, "", "", "", "the header lacks column(s) "
            + String.join(", ", missing) + "; none of its " + "rows are used"));
        return rows;
      }
      int[] lineStarts = lineStarts(text);
      for (CSVRecord rec : parser) {
        long line = lineOf(lineStarts, rec.getCharacterPosition());
        String framework = cell(rec, header, "framework");
        String dataset = cell(rec, header, "dataset");
        String model = cell(rec, header, "model");
        String problem = problem(rec, header, schema, name);
        if (problem != null) {
          warnings.add(new ReadWarning(name, line, framework, dataset, model, problem));
        } else {
          rows.add(rec.toMap());
        }
      }
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      // Commons CSV reports a malformed file (an unclosed quote) this way
      warnings.add(new ReadWarning(name, 0, "", "", "", "cannot be parsed as CSV (" + e.getMessage()
          + "); the rows after the problem are not used"));
    }
    return rows;
  }

  private static String problem(CSVRecord rec, List<String> header, Schema schema, String name) {
    if (rec.size() < header.size()) {
      return "the row has " + rec.size() + " of the header's " + header.size() + " cells (cut short)";
    }
    if (rec.size() > header.size()) {
      return "the row has " + rec.size() + " cells, the header " + header.size() + " (an extra column)";
    }
    for (String column : header) {
      String v = rec.get(column);
      if (schema.numeric().contains(column) && !v.isBlank() && !NUMBER.matcher(v.strip()).matches()) {
        return "column " + column + " is \"" + abbreviate(v) + "\", not a number";
      }
    }
    if (name.equals("trials.csv") && !STATUSES.contains(rec.get("status"))) {
      return "status \"" + abbreviate(rec.get("status")) + "\" is not one of " + String.join(", ",
          new java.util.TreeSet<>(STATUSES));
    }
    return null;
  }

  private static String cell(CSVRecord rec, List<String> header, String column) {
    int i = header.indexOf(column);
    return i >= 0 && i < rec.size() ? rec.get(i) : "";
  }

  private static String abbreviate(String v) {
    return v.length() > 40 ? v.substring(0, 40) + "..." : v;
  }

  private static int[] lineStarts(String text) {
    List<Integer> starts = new ArrayList<>(List.of(0));
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  private static long lineOf(int[] lineStarts, long position) {
    int i = java.util.Arrays.binarySearch(lineStarts, (int) position);
    return (i >= 0 ? i : -i - 2) + 1L;
  }
}
