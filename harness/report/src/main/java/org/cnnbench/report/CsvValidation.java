package org.cnnbench.report;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.cnnbench.results.Column;
import org.cnnbench.results.EpochColumn;
import org.cnnbench.results.MemoryColumn;
import org.cnnbench.results.MemorySweepColumn;
import org.cnnbench.results.ParityColumn;
import org.cnnbench.results.TrialColumn;
import org.cnnbench.results.TrialStatus;

/**
 * Reads a run's CSV file checking what the report relies on: the expected columns are there, every
 * row has as many cells as the header, numbers parse, a status is one the runner writes. A row that
 * fails is not returned but becomes a {@link ReadWarning} naming file and line.
 */
final class CsvValidation {

  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?|NaN|[-+]?Infinity");

  /**
   * What a file must hold.
   *
   * @param required columns that must be in the header
   * @param numeric columns that are empty or a number
   */
  record Schema(List<String> required, Set<String> numeric) {}

  /** Files whose rows feed the report's numbers; other files are only checked for row length. */
  static final Map<String, Schema> SCHEMAS =
      Map.of(
          "trials.csv",
          schema(
              List.of(
                  TrialColumn.TRIAL_ID,
                  TrialColumn.FRAMEWORK,
                  TrialColumn.DATASET,
                  TrialColumn.MODEL,
                  TrialColumn.DEVICE,
                  TrialColumn.STATUS),
              List.of(
                  TrialColumn.REPETITION,
                  TrialColumn.PARAMS,
                  TrialColumn.THREADS,
                  TrialColumn.EPOCHS,
                  TrialColumn.ENGINE_LOAD_SECONDS,
                  TrialColumn.FIRST_STEP_SECONDS,
                  TrialColumn.TRAIN_SECONDS,
                  TrialColumn.TEST_LOSS,
                  TrialColumn.TEST_ACCURACY,
                  TrialColumn.PEAK_HEAP_MB,
                  TrialColumn.PEAK_RSS_MB,
                  TrialColumn.BATCH_SIZE,
                  TrialColumn.SAMPLES,
                  TrialColumn.SEED,
                  TrialColumn.DATA_LOAD_SECONDS,
                  TrialColumn.TEST_SECONDS,
                  TrialColumn.INFERENCE_SETUP_SECONDS,
                  TrialColumn.WALL_SECONDS,
                  TrialColumn.PEAK_GPU_MB,
                  TrialColumn.PEAK_TREE_RSS_MB,
                  TrialColumn.PEAK_TREE_ANON_MB,
                  TrialColumn.TREE_HWM_SUM_MB,
                  TrialColumn.TREE_PROCESSES,
                  TrialColumn.MEMORY_SAMPLE_MS)),
          "epochs.csv",
          schema(
              List.of(
                  EpochColumn.TRIAL_ID,
                  EpochColumn.FRAMEWORK,
                  EpochColumn.DATASET,
                  EpochColumn.MODEL,
                  EpochColumn.EPOCH),
              List.of(
                  EpochColumn.REPETITION,
                  EpochColumn.EPOCH,
                  EpochColumn.TRAIN_LOSS,
                  EpochColumn.TRAIN_ACCURACY,
                  EpochColumn.VAL_LOSS,
                  EpochColumn.VAL_ACCURACY,
                  EpochColumn.EPOCH_SECONDS,
                  EpochColumn.STEP_SECONDS,
                  EpochColumn.DATA_SECONDS,
                  EpochColumn.EVAL_SECONDS,
                  EpochColumn.IMAGES_PER_SECOND)),
          "parity.csv",
          schema(
              List.of(
                  ParityColumn.MODEL,
                  ParityColumn.FRAMEWORK,
                  ParityColumn.CHECK,
                  ParityColumn.PASS),
              List.of(ParityColumn.MAX_ABS_DIFF, ParityColumn.TOLERANCE)),
          MemoryData.SAMPLES_FILE,
          schema(
              List.of(MemoryColumn.TRIAL_ID, MemoryColumn.T_MS, MemoryColumn.RSS_MB),
              List.of(
                  MemoryColumn.T_MS,
                  MemoryColumn.RSS_MB,
                  MemoryColumn.ANON_MB,
                  MemoryColumn.FILE_MB,
                  MemoryColumn.PROCESSES,
                  MemoryColumn.EPOCH,
                  MemoryColumn.STEP)),
          MemoryData.SWEEP_FILE,
          schema(
              List.of(
                  MemorySweepColumn.FRAMEWORK,
                  MemorySweepColumn.MODEL,
                  MemorySweepColumn.BATCH_SIZE,
                  MemorySweepColumn.STATUS),
              List.of(
                  MemorySweepColumn.BATCH_SIZE,
                  MemorySweepColumn.REPETITION,
                  MemorySweepColumn.PEAK_TREE_RSS_MB,
                  MemorySweepColumn.PEAK_JVM_RSS_MB,
                  MemorySweepColumn.PEAK_HEAP_MB,
                  MemorySweepColumn.STEP_MS,
                  MemorySweepColumn.IMAGES_PER_SECOND,
                  MemorySweepColumn.STEPS,
                  MemorySweepColumn.CAP_MB)));

  private static Schema schema(List<? extends Column> required, List<? extends Column> numeric) {
    return new Schema(
        required.stream().map(Column::header).toList(),
        numeric.stream().map(Column::header).collect(Collectors.toUnmodifiableSet()));
  }

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
        warnings.add(
            new ReadWarning(
                name,
                0,
                "",
                "",
                "",
                "the header lacks column(s) "
                    + String.join(", ", missing)
                    + "; none of its "
                    + "rows are used"));
        return rows;
      }
      int[] lineStarts = lineStarts(text);
      for (CSVRecord rec : parser) {
        long line = lineOf(lineStarts, rec.getCharacterPosition());
        String framework = cell(rec, header, TrialColumn.FRAMEWORK.header());
        String dataset = cell(rec, header, TrialColumn.DATASET.header());
        String model = cell(rec, header, TrialColumn.MODEL.header());
        String problem = problem(rec, header, schema, name);
        if (problem != null) {
          warnings.add(new ReadWarning(name, line, framework, dataset, model, problem));
        } else {
          rows.add(rec.toMap());
        }
      }
    } catch (IllegalStateException | UncheckedIOException e) {
      // Commons CSV reports a malformed file (an unclosed quote) this way
      warnings.add(
          new ReadWarning(
              name,
              0,
              "",
              "",
              "",
              "cannot be parsed as CSV ("
                  + e.getMessage()
                  + "); the rows after the problem are not used"));
    }
    return rows;
  }

  private static String problem(CSVRecord rec, List<String> header, Schema schema, String name) {
    if (rec.size() < header.size()) {
      return "the row has "
          + rec.size()
          + " of the header's "
          + header.size()
          + " cells (cut short)";
    }
    if (rec.size() > header.size()) {
      return "the row has "
          + rec.size()
          + " cells, the header "
          + header.size()
          + " (an extra column)";
    }
    for (String column : header) {
      String v = rec.get(column);
      if (schema.numeric().contains(column)
          && !v.isBlank()
          && !NUMBER.matcher(v.strip()).matches()) {
        return "column " + column + " is \"" + abbreviate(v) + "\", not a number";
      }
    }
    String status = TrialColumn.STATUS.header();
    if ((name.equals("trials.csv") || name.equals(MemoryData.SWEEP_FILE))
        && TrialStatus.find(rec.get(status)).isEmpty()) {
      return "status \""
          + abbreviate(rec.get(status))
          + "\" is not one of "
          + String.join(
              ", ", new TreeSet<>(Arrays.stream(TrialStatus.values()).map(Enum::name).toList()));
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
    int i = Arrays.binarySearch(lineStarts, (int) position);
    return (i >= 0 ? i : -i - 2) + 1L;
  }
}
