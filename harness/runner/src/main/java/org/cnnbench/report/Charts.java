package org.cnnbench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ChartFactory;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws the report's charts as PNG files. */
final class Charts {

  static final int WIDTH = 900;
  static final int HEIGHT = 480;
  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2),
      new Color(0x7f7f7f)};

  private Charts() {}

  /**
   * A line chart of a metric per epoch: solid validation series, dashed training series.
   *
   * @param title chart title
   * @param yLabel the metric
   * @param validation series name to (epoch, value) points
   * @param training series name to (epoch, value) points, drawn dashed in the same colour
   * @param file PNG destination
   */
  static void epochCurves(String title, String yLabel, Map<String, List<double[]>> validation,
      Map<String, List<double[]>> training, Path file) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, List<double[]>> e : validation.entrySet()) {
      data.addSeries(series(e.getKey() + " (validation)", e.getValue()));
    }
    for (Map.Entry<String, List<double[]>> e : training.entrySet()) {
      data.addSeries(series(e.getKey() + " (training)", e.getValue()));
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", yLabel, data,
        PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    int n = validation.size();
    for (int i = 0; i < data.getSeriesCount(); i++) {
      Color c = PALETTE[(i % n) % PALETTE.length];
      renderer.setSeriesPaint(i, c);
      renderer.setSeriesStroke(i, i < n ? new BasicStroke(2.2f)
          : new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    }
    plot.setRenderer(renderer);
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
  }

  /**
   * A bar chart.
   *
   * @param title chart title
   * @param yLabel the value's name and unit
   * @param values series (e.g. device) to category (e.g. framework) to value
   * @param file PNG destination
   */
  static void bars(String title, String yLabel, Map<String, Map<String, Double>> values, Path file)
      throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    values.forEach((series, byCategory) -> byCategory.forEach((category, v) -> data.addValue(v, series,
        category)));
    JFreeChart chart = ChartFactory.createBarChart(title, "", yLabel, data, PlotOrientation.VERTICAL,
        true, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    for (int i = 0; i < values.size(); i++) {
      plot.getRenderer().setSeriesPaint(i, PALETTE[i % PALETTE.length]);
    }
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
  }

  private static XYSeries series(String name, List<double[]> points) {
    XYSeries s = new XYSeries(name);
    for (double[] p : points) {
      if (!Double.isNaN(p[1])) {
        s.add(p[0], p[1]);
      }
    }
    return s;
  }
}
