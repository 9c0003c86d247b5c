package org.cnnbench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.cnnbench.report.Analysis.Group;
import org.cnnbench.report.Analysis.VariantResult;
import org.cnnbench.report.Charts.Line;
import org.cnnbench.report.Charts.Mark;
import org.cnnbench.report.MemoryData.Sample;
import org.cnnbench.report.MemoryData.SweepPoint;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.report.Stats.Spread;
import org.cnnbench.results.TrialColumn;
import org.cnnbench.results.TrialStatus;

/**
 * Memory as the runner measured it: per model, the resident set of each trial's whole process tree
 * over time ({@code memory.csv}) with each framework's peaks and what they include ({@code
 * trials.csv}), and, when the run has one, the batch-size sweep ({@code memory-sweep.csv}): peak
 * memory and throughput per batch size and where each framework stopped. A run from before the
 * sampler shows a note in place of each chart.
 */
final class MemorySection {

  private static final String SETUP = "setup";
  private static final String TEST = "test";

  private MemorySection() {}

  /**
   * The memory section of the page.
   *
   * @param note why the memory files could not be read, empty when they could
   * @param warnings rows of the memory files that could not be read
   * @param models one per dataset and model
   * @param sweep the batch-size sweep, or null when the run has none
   */
  record Section(String note, List<String> warnings, List<ModelMemory> models, Sweep sweep) {

    /**
     * @return whether rows could not be read
     */
    boolean hasWarnings() {
      return !warnings.isEmpty();
    }
  }

  /**
   * One dataset and model.
   *
   * @param id a file-name-safe id
   * @param title {@code model · dataset}
   * @param chart the tree's resident set over time, or null when there is nothing to draw
   * @param chartNote why there is no chart, or which frameworks it leaves out; empty when neither
   * @param peaks one per framework and device
   * @param peakNote what the peaks include
   */
  record ModelMemory(
      String id,
      String title,
      Chart chart,
      String chartNote,
      List<PeakRow> peaks,
      String peakNote) {}

  /**
   * The peaks of one framework and device, each {@code median [min–max]} over its OK repetitions,
   * MiB.
   *
   * @param variant framework (and device)
   * @param colour the framework's colour, CSS hex
   * @param ok OK repetitions
   * @param treeRss largest sampled sum of VmRSS over the tree (a lower bound on its peak)
   * @param treeAnon anonymous pages of the tree at that sample
   * @param hwmSum sum of each process's own VmHWM (an upper bound)
   * @param jvmRss the trial JVM's own VmHWM
   * @param processes the most processes seen in a trial's tree
   */
  record PeakRow(
      String variant,
      String colour,
      String ok,
      String treeRss,
      String treeAnon,
      String hwmSum,
      String jvmRss,
      String processes) {}

  /**
   * The batch-size sweep.
   *
   * @param caption how the sweep was run: steps per point and the memory cap
   * @param memory peak tree memory per batch size, or null when no point is OK
   * @param throughput images per second per batch size, or null when no point is OK
   * @param stops where each framework stopped, and why
   * @param points every point
   */
  record Sweep(
      String caption, Chart memory, Chart throughput, List<StopRow> stops, List<PointRow> points) {}

  /**
   * Where one framework's sweep of one model stopped.
   *
   * @param framework the adapter
   * @param colour its colour, CSS hex
   * @param model the model
   * @param largestOk the largest batch size that ran OK, or a dash
   * @param stoppedAt the size that stopped the sweep, or a dash when every size ran
   * @param status that size's status, or a sentence saying that every size ran
   * @param reason why
   * @param cls CSS class: bad where it stopped
   */
  record StopRow(
      String framework,
      String colour,
      String model,
      String largestOk,
      String stoppedAt,
      String status,
      String reason,
      String cls) {}

  /**
   * One point of the sweep.
   *
   * @param framework the adapter
   * @param model the model
   * @param batch the batch size
   * @param status how the trial ended
   * @param treeRss peak tree resident set, MiB
   * @param jvmRss peak of the trial JVM alone, MiB
   * @param heap peak heap, MiB
   * @param stepMs mean milliseconds per timed step
   * @param imagesPerSecond training images per second
   * @param cls CSS class: bad unless OK
   */
  record PointRow(
      String framework,
      String model,
      String batch,
      String status,
      String treeRss,
      String jvmRss,
      String heap,
      String stepMs,
      String imagesPerSecond,
      String cls) {}

  /**
   * @param runDir the run folder
   * @param groups its datasets and models
   * @param t the labels
   * @param charts where the charts go
   * @return the section, or null when the run has no trials and no sweep
   * @throws IOException if a chart cannot be written
   */
  static Section of(Path runDir, List<Group> groups, Labels t, Charts charts) throws IOException {
    boolean hasSamples = Files.isRegularFile(runDir.resolve(MemoryData.SAMPLES_FILE));
    MemoryData memory;
    String note = "";
    try {
      memory = MemoryData.read(runDir);
    } catch (IOException
        | UncheckedIOException
        | IllegalArgumentException
        | IllegalStateException e) {
      memory = new MemoryData(List.of(), List.of(), List.of());
      note =
          t.get(
              "note_unreadable",
              MemoryData.SAMPLES_FILE + ", " + MemoryData.SWEEP_FILE,
              String.valueOf(e.getMessage()));
      hasSamples = false;
    }
    if (groups.isEmpty() && memory.sweep().isEmpty()) {
      return null;
    }
    Map<String, List<Sample>> byTrial = memory.byTrial();
    List<ModelMemory> models = new ArrayList<>();
    for (Group g : groups) {
      models.add(model(g, byTrial, hasSamples, t, charts));
    }
    return new Section(
        note,
        memory.warnings().stream().map(ReadWarning::text).toList(),
        models,
        memory.sweep().isEmpty() ? null : sweep(memory.sweep(), t, charts));
  }

  private static ModelMemory model(
      Group g, Map<String, List<Sample>> byTrial, boolean hasSamples, Labels t, Charts charts)
      throws IOException {
    String title = g.model() + " · " + g.dataset();
    List<PeakRow> peaks = new ArrayList<>();
    TreeSet<Integer> intervals = new TreeSet<>();
    for (VariantResult v : g.variants()) {
      List<Row> ok = v.ok();
      ok.forEach(
          r -> {
            int ms = r.integer(TrialColumn.MEMORY_SAMPLE_MS, 0);
            if (ms > 0) {
              intervals.add(ms);
            }
          });
      Spread processes = spread(ok, r -> r.number(TrialColumn.TREE_PROCESSES));
      peaks.add(
          new PeakRow(
              v.variant().label(g.withDevice()),
              FrameworkColours.hex(v.variant().framework()),
              ok.size() + "/" + v.trials().size(),
              mib(ok, TrialColumn.PEAK_TREE_RSS_MB),
              mib(ok, TrialColumn.PEAK_TREE_ANON_MB),
              mib(ok, TrialColumn.TREE_HWM_SUM_MB),
              mib(ok, TrialColumn.PEAK_RSS_MB),
              processes.known() ? Format.fixed(processes.max(), 0) : "—"));
    }
    String interval =
        intervals.isEmpty()
            ? "?"
            : intervals.first().equals(intervals.last())
                ? String.valueOf(intervals.first())
                : intervals.first() + "–" + intervals.last();
    String peakNote = t.get("mem_peakNote", interval);
    if (!hasSamples) {
      return new ModelMemory(
          g.id(), title, null, t.get("mem_noSamples", MemoryData.SAMPLES_FILE), peaks, peakNote);
    }
    List<Line> lines = new ArrayList<>();
    List<String> leftOut = new ArrayList<>();
    TreeSet<Integer> repetitions = new TreeSet<>();
    for (VariantResult v : g.variants()) {
      String label = v.variant().label(g.withDevice());
      Row chosen =
          v.ok().stream()
              .filter(r -> byTrial.containsKey(r.trialId()))
              .min(Comparator.comparingInt(Row::repetition))
              .orElse(null);
      if (chosen == null) {
        leftOut.add(label);
        continue;
      }
      repetitions.add(chosen.repetition());
      lines.add(
          line(
              label,
              v.variant().framework(),
              g.withDevice() && "gpu".equals(v.variant().device()),
              byTrial.get(chosen.trialId()),
              t));
    }
    String leftOutNote = leftOut.isEmpty() ? "" : t.get("mem_leftOut", String.join(", ", leftOut));
    if (lines.isEmpty()) {
      return new ModelMemory(
          g.id(),
          title,
          null,
          t.get("mem_noTrialSamples", MemoryData.SAMPLES_FILE),
          peaks,
          peakNote);
    }
    String which =
        repetitions.size() == 1
            ? t.get("mem_repetition", repetitions.first())
            : t.get("mem_firstOk");
    String base = g.id() + "-memory-time";
    String chartTitle = t.get("chart_memoryTime", title);
    Chart chart =
        Chart.of(
            charts,
            charts.lines(
                base,
                chartTitle,
                t.get("mem_subtitle", which, interval),
                t.get("axis_secondsSinceStart"),
                t.get("axis_mib"),
                false,
                lines),
            base,
            chartTitle);
    return new ModelMemory(g.id(), title, chart, leftOutNote, peaks, peakNote);
  }

  /**
   * A trial's samples as a line of MiB against seconds, marked where each epoch and the test begin.
   */
  static Line line(String name, String framework, boolean dashed, List<Sample> samples, Labels t) {
    List<double[]> points = new ArrayList<>();
    List<Mark> marks = new ArrayList<>();
    int epoch = 0;
    boolean test = false;
    for (Sample s : samples) {
      double seconds = s.tMs() / 1000.0;
      points.add(new double[] {seconds, s.rssMb()});
      if (TEST.equals(s.phase())) {
        if (!test) {
          marks.add(new Mark(seconds, t.get("mem_markTest")));
          test = true;
        }
      } else if (!SETUP.equals(s.phase()) && s.epoch() > epoch) {
        epoch = s.epoch();
        marks.add(new Mark(seconds, t.get("mem_markEpoch", epoch)));
      }
    }
    return new Line(name, framework, dashed, points, marks);
  }

  private static Sweep sweep(List<SweepPoint> sweep, Labels t, Charts charts) throws IOException {
    boolean manyModels = sweep.stream().map(SweepPoint::model).distinct().count() > 1;
    Map<String, List<SweepPoint>> bySeries = new LinkedHashMap<>();
    for (SweepPoint p : sweep) {
      bySeries.computeIfAbsent(p.framework() + "\u0000" + p.model(), k -> new ArrayList<>()).add(p);
    }
    List<Line> memoryLines = new ArrayList<>();
    List<Line> throughputLines = new ArrayList<>();
    List<StopRow> stops = new ArrayList<>();
    for (List<SweepPoint> points : bySeries.values()) {
      SweepPoint first = points.get(0);
      String name = manyModels ? first.framework() + " · " + first.model() : first.framework();
      memoryLines.add(
          new Line(
              name,
              first.framework(),
              false,
              perBatch(points, SweepPoint::peakTreeRssMb),
              List.of()));
      throughputLines.add(
          new Line(
              name,
              first.framework(),
              false,
              perBatch(points, SweepPoint::imagesPerSecond),
              List.of()));
      int largestOk =
          points.stream()
              .filter(p -> p.status() == TrialStatus.OK)
              .mapToInt(SweepPoint::batchSize)
              .max()
              .orElse(0);
      SweepPoint stop = points.stream().filter(SweepPoint::stoppedHere).findFirst().orElse(null);
      String colour = FrameworkColours.hex(first.framework());
      stops.add(
          stop == null
              ? new StopRow(
                  first.framework(),
                  colour,
                  first.model(),
                  largestOk > 0 ? String.valueOf(largestOk) : "—",
                  "—",
                  t.get("sweep_noStop"),
                  "",
                  "")
              : new StopRow(
                  first.framework(),
                  colour,
                  first.model(),
                  largestOk > 0 ? String.valueOf(largestOk) : "—",
                  String.valueOf(stop.batchSize()),
                  stop.status().name(),
                  stop.reason(),
                  "bad"));
    }
    List<PointRow> rows = new ArrayList<>();
    for (SweepPoint p : sweep) {
      rows.add(
          new PointRow(
              p.framework(),
              p.model(),
              String.valueOf(p.batchSize()),
              p.status().name(),
              number(p.peakTreeRssMb(), 0),
              number(p.peakJvmRssMb(), 0),
              number(p.peakHeapMb(), 0),
              number(p.stepMs(), 1),
              number(p.imagesPerSecond(), 0),
              p.status() == TrialStatus.OK ? "" : "bad"));
    }
    boolean anyOk = sweep.stream().anyMatch(p -> p.status() == TrialStatus.OK);
    Chart memory = null;
    Chart throughput = null;
    if (anyOk) {
      String title = t.get("chart_sweepMemory");
      memory =
          Chart.of(
              charts,
              charts.lines(
                  "memory-sweep-memory",
                  title,
                  t.get("sweep_memorySubtitle"),
                  t.get("axis_batchSize"),
                  t.get("axis_mib"),
                  true,
                  memoryLines),
              "memory-sweep-memory",
              title);
      String title2 = t.get("chart_sweepThroughput");
      throughput =
          Chart.of(
              charts,
              charts.lines(
                  "memory-sweep-throughput",
                  title2,
                  t.get("sweep_throughputSubtitle"),
                  t.get("axis_batchSize"),
                  t.get("axis_imagesPerSecond"),
                  true,
                  throughputLines),
              "memory-sweep-throughput",
              title2);
    }
    TreeSet<Integer> steps = new TreeSet<>();
    TreeSet<Double> caps = new TreeSet<>();
    sweep.forEach(
        p -> {
          steps.add(p.steps());
          if (!Double.isNaN(p.capMb())) {
            caps.add(p.capMb());
          }
        });
    String caption =
        t.get(
            "sweep_caption",
            steps.isEmpty() ? "?" : String.valueOf(steps.last()),
            caps.isEmpty() ? "?" : Format.fixed(caps.last(), 0));
    return new Sweep(caption, memory, throughput, stops, rows);
  }

  /**
   * @return {batch, median value} of the OK points, in batch order
   */
  private static List<double[]> perBatch(
      List<SweepPoint> points, ToDoubleFunction<SweepPoint> value) {
    Map<Integer, List<Double>> byBatch = new TreeMap<>();
    for (SweepPoint p : points) {
      if (p.status() == TrialStatus.OK) {
        byBatch.computeIfAbsent(p.batchSize(), k -> new ArrayList<>()).add(value.applyAsDouble(p));
      }
    }
    List<double[]> out = new ArrayList<>();
    byBatch.forEach(
        (batch, values) ->
            out.add(
                new double[] {
                  batch,
                  Stats.spread(values.stream().mapToDouble(Double::doubleValue).toArray()).median()
                }));
    return out;
  }

  private static Spread spread(List<Row> rows, ToDoubleFunction<Row> value) {
    return Stats.spread(rows.stream().mapToDouble(value).toArray());
  }

  private static String mib(List<Row> rows, TrialColumn column) {
    return Format.spread(spread(rows, r -> r.number(column)), d -> Format.fixed(d, 0));
  }

  private static String number(double v, int decimals) {
    return Double.isNaN(v) ? "—" : Format.fixed(v, decimals);
  }
}
