package org.cnnbench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.report.Stats.Spread;
import org.cnnbench.results.JmhColumn;
import org.cnnbench.results.ThreadColumn;

/**
 * The run's own micro-benchmarks as tables: JMH's latencies per framework, model and benchmark
 * ({@code jmh.csv}) and the thread sweep's throughput per thread count ({@code threads.csv}, with a
 * chart). Each section is there only when its file is; a file that cannot be parsed gives a one-line
 * note instead of the table.
 */
final class Benchmarks {

  /** JMH's summary in a run folder. */
  static final String JMH = "jmh.csv";

  /** The thread sweep's summary in a run folder. */
  static final String THREADS = "threads.csv";

  private Benchmarks() {}

  /**
   * @param runDir the run folder
   * @param t the labels
   * @return the JMH section's context (rows, or a note), or null when the run has no {@code jmh.csv}
   */
  static Map<String, Object> jmh(Path runDir, Labels t) {
    Path file = runDir.resolve(JMH);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    List<Row> rows = rows(file, m, t);
    List<Map<String, String>> out = new ArrayList<>();
    for (Row r : rows == null ? List.<Row>of() : rows) {
      Map<String, String> row = new LinkedHashMap<>();
      String unit = r.text(JmhColumn.UNIT);
      row.put("framework", r.framework());
      row.put("model", r.model());
      row.put("benchmark", r.text(JmhColumn.BENCHMARK));
      row.put("batch", r.text(JmhColumn.BATCH));
      row.put("threads", r.text(JmhColumn.THREADS));
      row.put("mode", r.text(JmhColumn.MODE));
      row.put("samples", r.text(JmhColumn.SAMPLES));
      row.put("median", number(r.number(JmhColumn.MEDIAN), unit));
      double error = r.number(JmhColumn.ERROR);
      row.put("mean", number(r.number(JmhColumn.MEAN), unit)
          + (Double.isNaN(error) ? "" : " ± " + number(error, "")));
      row.put("p99", number(r.number(JmhColumn.P99), unit));
      row.put("reason", r.text(JmhColumn.REASON));
      row.put("cls", r.text(JmhColumn.REASON).isEmpty() ? "" : "bad");
      out.add(row);
    }
    m.put("rows", out);
    return m;
  }

  /**
   * @param runDir the run folder
   * @param t the labels
   * @param charts where the chart goes
   * @return the thread sweep's context (rows, a chart, or a note), or null when the run has no
   *     {@code threads.csv}
   * @throws IOException if the chart cannot be written
   */
  static Map<String, Object> threads(Path runDir, Labels t, Charts charts) throws IOException {
    Path file = runDir.resolve(THREADS);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    List<Row> rows = rows(file, m, t);
    List<Map<String, String>> out = new ArrayList<>();
    Map<String, Map<String, Spread>> bySeries = new LinkedHashMap<>();
    Set<Integer> counts = new java.util.TreeSet<>();
    for (Row r : rows == null ? List.<Row>of() : rows) {
      boolean best = "true".equalsIgnoreCase(r.text(ThreadColumn.BEST));
      Map<String, String> row = new LinkedHashMap<>();
      row.put("framework", r.framework());
      row.put("model", r.model());
      row.put("threads", r.text(ThreadColumn.THREADS));
      row.put("imagesPerSecond", r.text(ThreadColumn.IMAGES_PER_SECOND));
      row.put("msPerStep", r.text(ThreadColumn.MS_PER_STEP));
      row.put("batch", r.text(ThreadColumn.BATCH_SIZE));
      row.put("repetitions", r.text(ThreadColumn.REPETITIONS));
      row.put("best", best ? "✓" : "");
      row.put("cls", best ? "ok" : "");
      out.add(row);
      double ips = r.number(ThreadColumn.IMAGES_PER_SECOND);
      int threads = r.integer("threads", -1);
      if (!Double.isNaN(ips) && threads > 0) {
        counts.add(threads);
        bySeries.computeIfAbsent(r.framework() + " · " + r.model(), k -> new LinkedHashMap<>())
            .put(String.valueOf(threads), Stats.spread(new double[] {ips}));
      }
    }
    m.put("rows", out);
    if (!bySeries.isEmpty()) {
      List<String> categories = new ArrayList<>(new LinkedHashSet<>(counts.stream().map(String::valueOf)
          .toList()));
      String base = "thread-sweep-throughput";
      String title = t.get("chart_threads");
      Map<String, String> chart = new LinkedHashMap<>();
      chart.put("svg", charts.bars(base, title, t.get("axis_imagesPerSecond"), bySeries, categories));
      chart.put("png", charts.png() ? base + ".png" : "");
      chart.put("alt", title);
      m.put("chart", chart);
    }
    return m;
  }

  /** @return the rows, or null after putting a note into {@code m} when the file cannot be parsed */
  private static List<Row> rows(Path file, Map<String, Object> m, Labels t) {
    try {
      return RunData.rows(file);
    } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
      m.put("note", t.get("note_unreadable", file.getFileName(), String.valueOf(e.getMessage())));
      return null;
    }
  }

  private static String number(double value, String unit) {
    if (Double.isNaN(value)) {
      return "—";
    }
    double abs = Math.abs(value);
    String text = abs != 0 && (abs < 0.001 || abs >= 1e6) ? String.format(java.util.Locale.ROOT, "%.3g", value)
        : Format.fixed(value, abs >= 100 ? 1 : 3);
    return unit.isEmpty() ? text : text + " " + unit;
  }
}
