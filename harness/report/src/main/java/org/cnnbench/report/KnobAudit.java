package org.cnnbench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.results.Column;
import org.cnnbench.results.CsvNumbers;
import org.cnnbench.results.StepRatioColumn;

/**
 * The summary of {@code bench/knob-audit.sh}: over a list of runs, each with the engine settings it
 * was started with, per model and framework the median ms per step of the baseline and of each
 * setting over its runs, the spread (largest minus smallest, in % of the median) and the ratio to
 * the baseline's median (below 1: the setting is faster). A run's ms per step of a framework is
 * {@code epoch_mean_step_ms} of its {@code step-ratios.csv} (the row with the framework as its own
 * reference); a run's setting for a framework is its {@code -D<framework>.*} options, none being
 * the baseline.
 *
 * <p>Run as {@code java org.cnnbench.report.KnobAudit RUN_LIST OUT.csv}: RUN_LIST holds lines
 * {@code round<TAB>results/<run-id><TAB>options}; the table goes to OUT.csv (columns {@link
 * AuditColumn}).
 */
public final class KnobAudit {

  /** The columns of the audit's CSV. */
  enum AuditColumn implements Column {
    /** The catalogue model. */
    MODEL,
    /** The adapter. */
    FRAMEWORK,
    /** The {@code -D<framework>.*} options of the runs, or {@code baseline}. */
    SETTING,
    /** Runs with this setting. */
    RUNS,
    /** Median over those runs of their ms per step. */
    STEP_MS,
    /** Largest minus smallest ms per step over those runs, in % of the median. */
    SPREAD_PERCENT,
    /** {@code step_ms} over the baseline's; empty without a baseline run. */
    BASELINE_RATIO;

    static final List<String> HEADERS = Column.headers(AuditColumn.class);
  }

  private KnobAudit() {}

  /**
   * @param args the run list and the CSV to write
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: java org.cnnbench.report.KnobAudit RUN_LIST OUT.csv");
      System.exit(2);
    }
    write(
        rows(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8), System.err),
        Path.of(args[1]));
  }

  /**
   * @param runList lines {@code round<TAB>run folder<TAB>options}
   * @param err where runs without a step-ratios.csv are named
   * @return the table's rows, in {@link AuditColumn} order, by model and framework, settings in the
   *     order first seen
   * @throws IOException if a step-ratios.csv cannot be read
   */
  static List<List<String>> rows(List<String> runList, PrintStream err) throws IOException {
    Map<List<String>, Map<String, List<Double>>> ms = new TreeMap<>(KnobAudit::compare);
    List<String> order = new ArrayList<>();
    for (String line : runList) {
      if (line.isBlank()) {
        continue;
      }
      String[] cells = Arrays.copyOf(line.split("\t", 3), 3);
      Path table = Path.of(cells[1]).resolve(DerivedCsv.STEP_RATIOS);
      if (!Files.isRegularFile(table)) {
        err.println("knob-audit: " + table + " does not exist; run left out");
        continue;
      }
      String options = cells[2] == null ? "" : cells[2];
      for (Row r : RunData.rows(table)) {
        String framework = r.text(StepRatioColumn.FRAMEWORK);
        double step = r.number(StepRatioColumn.EPOCH_MEAN_STEP_MS);
        if (!framework.equals(r.text(StepRatioColumn.REFERENCE)) || Double.isNaN(step)) {
          continue;
        }
        String setting =
            String.join(
                " ",
                Arrays.stream(options.trim().split("\\s+"))
                    .filter(o -> o.startsWith("-D" + framework + "."))
                    .toList());
        setting = setting.isEmpty() ? "baseline" : setting;
        if (!order.contains(setting)) {
          order.add(setting);
        }
        ms.computeIfAbsent(
                List.of(r.text(StepRatioColumn.MODEL), framework), k -> new LinkedHashMap<>())
            .computeIfAbsent(setting, k -> new ArrayList<>())
            .add(step);
      }
    }
    List<List<String>> rows = new ArrayList<>();
    ms.forEach(
        (modelFramework, bySetting) -> {
          List<Double> base = bySetting.get("baseline");
          double baseMedian = base == null ? Double.NaN : median(base);
          for (String setting : order) {
            List<Double> v = bySetting.get(setting);
            if (v == null) {
              continue;
            }
            double median = median(v);
            double spread =
                100
                    * (v.stream().mapToDouble(d -> d).max().orElseThrow()
                        - v.stream().mapToDouble(d -> d).min().orElseThrow())
                    / median;
            rows.add(
                List.of(
                    modelFramework.get(0),
                    modelFramework.get(1),
                    setting,
                    String.valueOf(v.size()),
                    CsvNumbers.fixed(median, 1),
                    CsvNumbers.fixed(spread, 0),
                    Double.isNaN(baseMedian) ? "" : CsvNumbers.fixed(median / baseMedian, 3)));
          }
        });
    return rows;
  }

  private static int compare(List<String> a, List<String> b) {
    int c = a.get(0).compareTo(b.get(0));
    return c != 0 ? c : a.get(1).compareTo(b.get(1));
  }

  private static double median(List<Double> values) {
    return Stats.spread(values.stream().mapToDouble(Double::doubleValue).toArray()).median();
  }

  private static void write(List<List<String>> rows, Path out) throws IOException {
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        CSVPrinter p =
            new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator("\n").build())) {
      p.printRecord(AuditColumn.HEADERS);
      for (List<String> row : rows) {
        p.printRecord(row);
      }
    }
  }
}
