package org.cnnbench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.report.Stats.Spread;
import org.cnnbench.results.JmhColumn;
import org.cnnbench.results.ThreadColumn;

/**
 * The run's own micro-benchmarks as tables: JMH's latencies per framework, model and benchmark
 * ({@code jmh.csv}) and the thread sweep's throughput per thread count ({@code threads.csv}, with a
 * chart). Each section is there only when its file is; a file that cannot be parsed gives a
 * one-line note instead of the table.
 */
final class Benchmarks {

  /** JMH's summary in a run folder. */
  static final String JMH = "jmh.csv";

  /** The thread sweep's summary in a run folder. */
  static final String THREADS = "threads.csv";

  private Benchmarks() {}

  /**
   * The JMH section.
   *
   * @param note why the file could not be read, empty when it could
   * @param rows one per benchmark
   */
  record JmhSection(String note, List<JmhRow> rows) {}

  /**
   * One benchmark of {@code jmh.csv}.
   *
   * @param framework the adapter
   * @param model the catalogue model
   * @param benchmark the benchmark method
   * @param batch examples per call
   * @param threads pinned threads
   * @param mode JMH's mode
   * @param samples samples taken
   * @param median the median, with its unit
   * @param mean the mean ± error
   * @param p99 the 99th percentile
   * @param reason why it could not run
   * @param cls CSS class: bad when it could not run
   */
  record JmhRow(
      String framework,
      String model,
      String benchmark,
      String batch,
      String threads,
      String mode,
      String samples,
      String median,
      String mean,
      String p99,
      String reason,
      String cls) {}

  /**
   * The thread sweep's section.
   *
   * @param note why the file could not be read, empty when it could
   * @param chart the throughput per thread count, or null when there is nothing to draw
   * @param rows one per framework, model and thread count
   */
  record ThreadSection(String note, Chart chart, List<ThreadRow> rows) {}

  /**
   * One thread count of {@code threads.csv}.
   *
   * @param framework the adapter
   * @param model the catalogue model
   * @param threads the thread count
   * @param imagesPerSecond throughput
   * @param msPerStep milliseconds per step
   * @param batch examples per step
   * @param repetitions repetitions measured
   * @param best a check mark on the best count
   * @param cls CSS class: ok on the best count
   */
  record ThreadRow(
      String framework,
      String model,
      String threads,
      String imagesPerSecond,
      String msPerStep,
      String batch,
      String repetitions,
      String best,
      String cls) {}

  /**
   * @param runDir the run folder
   * @param t the labels
   * @return the JMH section (rows, or a note), or null when the run has no {@code jmh.csv}
   */
  static JmhSection jmh(Path runDir, Labels t) {
    Path file = runDir.resolve(JMH);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    List<Row> rows;
    try {
      rows = RunData.rows(file);
    } catch (IOException
        | UncheckedIOException
        | IllegalArgumentException
        | IllegalStateException e) {
      return new JmhSection(unreadable(file, e, t), List.of());
    }
    List<JmhRow> out = new ArrayList<>();
    for (Row r : rows) {
      String unit = r.text(JmhColumn.UNIT);
      double error = r.number(JmhColumn.ERROR);
      String reason = r.text(JmhColumn.REASON);
      out.add(
          new JmhRow(
              r.framework(),
              r.model(),
              r.text(JmhColumn.BENCHMARK),
              r.text(JmhColumn.BATCH),
              r.text(JmhColumn.THREADS),
              r.text(JmhColumn.MODE),
              r.text(JmhColumn.SAMPLES),
              number(r.number(JmhColumn.MEDIAN), unit),
              number(r.number(JmhColumn.MEAN), unit)
                  + (Double.isNaN(error) ? "" : " ± " + number(error, "")),
              number(r.number(JmhColumn.P99), unit),
              reason,
              reason.isEmpty() ? "" : "bad"));
    }
    return new JmhSection("", out);
  }

  /**
   * @param runDir the run folder
   * @param t the labels
   * @param charts where the chart goes
   * @return the thread sweep's section (rows, a chart, or a note), or null when the run has no
   *     {@code threads.csv}
   * @throws IOException if the chart cannot be written
   */
  static ThreadSection threads(Path runDir, Labels t, Charts charts) throws IOException {
    Path file = runDir.resolve(THREADS);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    List<Row> rows;
    try {
      rows = RunData.rows(file);
    } catch (IOException
        | UncheckedIOException
        | IllegalArgumentException
        | IllegalStateException e) {
      return new ThreadSection(unreadable(file, e, t), null, List.of());
    }
    List<ThreadRow> out = new ArrayList<>();
    Map<String, Map<String, Spread>> bySeries = new LinkedHashMap<>();
    Set<Integer> counts = new TreeSet<>();
    for (Row r : rows) {
      boolean best = "true".equalsIgnoreCase(r.text(ThreadColumn.BEST));
      out.add(
          new ThreadRow(
              r.framework(),
              r.model(),
              r.text(ThreadColumn.THREADS),
              r.text(ThreadColumn.IMAGES_PER_SECOND),
              r.text(ThreadColumn.MS_PER_STEP),
              r.text(ThreadColumn.BATCH_SIZE),
              r.text(ThreadColumn.REPETITIONS),
              best ? "✓" : "",
              best ? "ok" : ""));
      double ips = r.number(ThreadColumn.IMAGES_PER_SECOND);
      int threads = r.integer(ThreadColumn.THREADS, -1);
      if (!Double.isNaN(ips) && threads > 0) {
        counts.add(threads);
        bySeries
            .computeIfAbsent(r.framework() + " · " + r.model(), k -> new LinkedHashMap<>())
            .put(String.valueOf(threads), Stats.spread(new double[] {ips}));
      }
    }
    Chart chart = null;
    if (!bySeries.isEmpty()) {
      List<String> categories =
          new ArrayList<>(new LinkedHashSet<>(counts.stream().map(String::valueOf).toList()));
      String base = "thread-sweep-throughput";
      String title = t.get("chart_threads");
      chart =
          Chart.of(
              charts,
              charts.bars(base, title, t.get("axis_imagesPerSecond"), bySeries, categories),
              base,
              title);
    }
    return new ThreadSection("", chart, out);
  }

  /**
   * @return the note shown instead of a table when a file cannot be parsed
   */
  private static String unreadable(Path file, Exception e, Labels t) {
    return t.get("note_unreadable", file.getFileName(), String.valueOf(e.getMessage()));
  }

  private static String number(double value, String unit) {
    if (Double.isNaN(value)) {
      return "—";
    }
    double abs = Math.abs(value);
    String text =
        abs != 0 && (abs < 0.001 || abs >= 1e6)
            ? String.format(Locale.ROOT, "%.3g", value)
            : Format.fixed(value, abs >= 100 ? 1 : 3);
    return unit.isEmpty() ? text : text + " " + unit;
  }
}
