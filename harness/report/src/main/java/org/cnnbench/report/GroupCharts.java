package org.cnnbench.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.cnnbench.report.Analysis.EpochPoint;
import org.cnnbench.report.Analysis.Group;
import org.cnnbench.report.Analysis.VariantResult;
import org.cnnbench.report.Stats.Spread;

/**
 * The charts of one dataset and model; a chart with nothing to draw is null, and the page leaves it
 * out.
 *
 * @param accuracy accuracy per epoch
 * @param loss loss per epoch
 * @param time training time per variant
 * @param throughput images per second per variant
 * @param breakdown where a trial's wall time goes
 * @param tta time to the target accuracy
 * @param memory peak heap and RSS
 */
record GroupCharts(
    Chart accuracy,
    Chart loss,
    Chart time,
    Chart throughput,
    Chart breakdown,
    Chart tta,
    Chart memory) {

  /**
   * Draws the charts of a group.
   *
   * @param g the group
   * @param title the group's title
   * @param label names a variant
   * @param t the labels
   * @param charts where the charts go
   * @return the charts drawn
   * @throws IOException if a chart cannot be written
   */
  static GroupCharts draw(
      Group g, String title, Function<VariantResult, String> label, Labels t, Charts charts)
      throws IOException {
    String base = g.id();
    List<Charts.Curve> acc = new ArrayList<>();
    List<Charts.Curve> loss = new ArrayList<>();
    int colour = 0;
    boolean anyCurve = false;
    for (VariantResult v : g.variants()) {
      if (!v.curve().isEmpty()) {
        anyCurve = true;
        acc.add(
            curve(label.apply(v) + " " + t.get("series_validation"), colour, false, v, true, true));
        loss.add(
            curve(
                label.apply(v) + " " + t.get("series_validation"), colour, false, v, false, true));
      }
      colour++;
    }
    colour = 0;
    for (VariantResult v : g.variants()) {
      if (!v.curve().isEmpty()) {
        acc.add(
            curve(label.apply(v) + " " + t.get("series_training"), colour, true, v, true, false));
        loss.add(
            curve(label.apply(v) + " " + t.get("series_training"), colour, true, v, false, false));
      }
      colour++;
    }
    Chart accuracyChart = null;
    Chart lossChart = null;
    if (anyCurve) {
      accuracyChart =
          Chart.of(
              charts,
              charts.curves(
                  base + "-accuracy",
                  t.get("chart_accuracy", title),
                  t.get("axis_epoch"),
                  t.get("axis_accuracy"),
                  acc),
              base + "-accuracy",
              t.get("chart_accuracy", title));
      lossChart =
          Chart.of(
              charts,
              charts.curves(
                  base + "-loss",
                  t.get("chart_loss", title),
                  t.get("axis_epoch"),
                  t.get("axis_loss"),
                  loss),
              base + "-loss",
              t.get("chart_loss", title));
    }
    List<String> frameworks =
        new ArrayList<>(
            new LinkedHashSet<>(g.variants().stream().map(v -> v.variant().framework()).toList()));
    Map<String, Map<String, Spread>> time = new LinkedHashMap<>();
    Map<String, Map<String, Spread>> throughput = new LinkedHashMap<>();
    boolean anyOk = false;
    for (VariantResult v : g.variants()) {
      if (v.trainSeconds().known()) {
        anyOk = true;
        time.computeIfAbsent(v.variant().device(), k -> new LinkedHashMap<>())
            .put(v.variant().framework(), v.trainSeconds());
      }
      if (v.throughput().known()) {
        throughput
            .computeIfAbsent(v.variant().device(), k -> new LinkedHashMap<>())
            .put(v.variant().framework(), v.throughput());
      }
    }
    Chart timeChart = null;
    if (anyOk) {
      timeChart =
          Chart.of(
              charts,
              charts.bars(
                  base + "-train-time",
                  t.get("chart_time", title),
                  t.get("axis_seconds"),
                  time,
                  frameworks),
              base + "-train-time",
              t.get("chart_time", title));
    }
    Chart throughputChart = null;
    if (!throughput.isEmpty()) {
      throughputChart =
          Chart.of(
              charts,
              charts.bars(
                  base + "-throughput",
                  t.get("chart_throughput", title),
                  t.get("axis_imagesPerSecond"),
                  throughput,
                  frameworks),
              base + "-throughput",
              t.get("chart_throughput", title));
    }
    List<String> okLabels = new ArrayList<>();
    Map<String, Map<String, Double>> parts = new LinkedHashMap<>();
    for (String part : Analysis.TIME_PARTS) {
      Map<String, Double> byVariant = new LinkedHashMap<>();
      for (VariantResult v : g.variants()) {
        Spread s = v.timeParts().get(part);
        if (!v.ok().isEmpty() && s.known()) {
          byVariant.put(label.apply(v), s.median());
        }
      }
      if (byVariant.values().stream().anyMatch(d -> d > 0)) {
        parts.put(t.get("part_" + part), byVariant);
      }
    }
    g.variants().stream().filter(v -> !v.ok().isEmpty()).forEach(v -> okLabels.add(label.apply(v)));
    Chart breakdownChart = null;
    if (!parts.isEmpty()) {
      breakdownChart =
          Chart.of(
              charts,
              charts.stacked(
                  base + "-time-breakdown",
                  t.get("chart_breakdown", title),
                  t.get("axis_seconds"),
                  parts,
                  okLabels),
              base + "-time-breakdown",
              t.get("chart_breakdown", title));
    }
    Chart ttaChart = null;
    if (!Double.isNaN(g.target()) && g.variants().stream().anyMatch(v -> v.reachedTarget() > 0)) {
      Map<String, Map<String, Spread>> tta = new LinkedHashMap<>();
      List<String> categories = new ArrayList<>();
      Map<String, Spread> values = new LinkedHashMap<>();
      for (VariantResult v : g.variants()) {
        if (v.ok().isEmpty()) {
          continue;
        }
        String name =
            v.reachedTarget() == 0
                ? label.apply(v) + " " + t.get("tta_notReachedShort")
                : label.apply(v);
        categories.add(name);
        values.put(name, v.timeToTarget());
      }
      tta.put(t.get("series_tta", Format.fixed(g.target(), 2)), values);
      String ttaTitle = t.get("chart_tta", title, Format.fixed(g.target(), 2));
      ttaChart =
          Chart.of(
              charts,
              charts.bars(
                  base + "-time-to-accuracy", ttaTitle, t.get("axis_seconds"), tta, categories),
              base + "-time-to-accuracy",
              ttaTitle);
    }
    Map<String, Map<String, Spread>> memory = new LinkedHashMap<>();
    for (VariantResult v : g.variants()) {
      if (v.peakHeap().known() || v.peakRss().known()) {
        memory
            .computeIfAbsent(t.get("series_heap"), k -> new LinkedHashMap<>())
            .put(label.apply(v), v.peakHeap());
        memory
            .computeIfAbsent(t.get("series_rss"), k -> new LinkedHashMap<>())
            .put(label.apply(v), v.peakRss());
      }
    }
    Chart memoryChart = null;
    if (!memory.isEmpty()) {
      memoryChart =
          Chart.of(
              charts,
              charts.bars(
                  base + "-memory",
                  t.get("chart_memory", title),
                  t.get("axis_mib"),
                  memory,
                  okLabels),
              base + "-memory",
              t.get("chart_memory", title));
    }
    return new GroupCharts(
        accuracyChart,
        lossChart,
        timeChart,
        throughputChart,
        breakdownChart,
        ttaChart,
        memoryChart);
  }

  private static Charts.Curve curve(
      String name,
      int colour,
      boolean dashed,
      VariantResult v,
      boolean accuracy,
      boolean validation) {
    List<double[]> points = new ArrayList<>();
    for (EpochPoint p : v.curve()) {
      Spread s =
          accuracy
              ? (validation ? p.valAccuracy() : p.trainAccuracy())
              : (validation ? p.valLoss() : p.trainLoss());
      points.add(new double[] {p.epoch(), s.median(), s.min(), s.max()});
    }
    return new Charts.Curve(name, colour, dashed, points);
  }
}
