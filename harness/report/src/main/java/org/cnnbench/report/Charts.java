package org.cnnbench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cnnbench.report.Stats.Spread;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/** Draws the report's charts with JFreeChart into SVG files (and a PNG copy for slides). */
final class Charts {

  static final int WIDTH = 900;
  static final int HEIGHT = 480;
  /** Colour-blind-safe palette (Okabe–Ito), one colour per series. */
  static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
      new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000),
      new Color(0xF0E442), new Color(0x999999)};
  private static final Font TITLE = new Font("SansSerif", Font.BOLD, 17);
  private static final Font TEXT = new Font("SansSerif", Font.PLAIN, 13);

  private final Path dir;
  private final boolean png;

  /**
   * @param dir the report folder the files go into
   * @param png whether to write a PNG copy beside each SVG
   */
  Charts(Path dir, boolean png) {
    this.dir = dir;
    this.png = png;
  }

  /** @return whether PNG copies are written */
  boolean png() {
    return png;
  }

  /**
   * One line of an epoch chart.
   *
   * @param name legend text
   * @param colour palette index
   * @param dashed dashed line (training curves) or solid (validation curves)
   * @param points {epoch, median, min, max}
   */
  record Curve(String name, int colour, boolean dashed, List<double[]> points) {}

  /**
   * A line chart of a metric per epoch: median lines with a shaded min–max band.
   *
   * @return the SVG file name
   */
  String curves(String base, String title, String xLabel, String yLabel, List<Curve> curves)
      throws IOException {
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    for (Curve c : curves) {
      YIntervalSeries s = new YIntervalSeries(c.name());
      for (double[] p : c.points()) {
        if (!Double.isNaN(p[1])) {
          s.add(p[0], p[1], c.dashed() ? p[1] : p[2], c.dashed() ? p[1] : p[3]);
        }
      }
      data.addSeries(s);
    }
    NumberAxis x = new NumberAxis(xLabel);
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    x.setAutoRangeIncludesZero(false);
    NumberAxis y = new NumberAxis(yLabel);
    y.setAutoRangeIncludesZero(false);
    DeviationRenderer renderer = new DeviationRenderer(true, true);
    renderer.setAlpha(0.18f);
    for (int i = 0; i < curves.size(); i++) {
      Curve c = curves.get(i);
      Color colour = PALETTE[c.colour() % PALETTE.length];
      renderer.setSeriesPaint(i, colour);
      renderer.setSeriesFillPaint(i, colour);
      renderer.setSeriesStroke(i, c.dashed()
          ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f)
          : new BasicStroke(2.4f));
      renderer.setSeriesShapesVisible(i, !c.dashed());
    }
    XYPlot plot = new XYPlot(data, x, y, renderer);
    return write(base, decorate(new JFreeChart(title, TITLE, plot, true), plot));
  }

  /**
   * A bar chart of medians with each repetition's value as a dot and a min–max whisker.
   *
   * @param values series (legend) to category (axis) to spread; missing or unknown spreads draw no bar
   * @return the SVG file name
   */
  String bars(String base, String title, String yLabel, Map<String, Map<String, Spread>> values,
      List<String> categories) throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    double top = 0;
    for (Map.Entry<String, Map<String, Spread>> s : values.entrySet()) {
      for (String category : categories) {
        Spread v = s.getValue().get(category);
        data.addValue(v == null || !v.known() ? null : v.median(), s.getKey(), category);
        if (v != null && v.known()) {
          top = Math.max(top, v.max());
        }
      }
    }
    SpreadBarRenderer renderer = new SpreadBarRenderer(values, categories);
    CategoryPlot plot = categoryPlot(data, yLabel, renderer, values.size());
    if (top > 0) {
      plot.getRangeAxis().setRange(0, top * 1.12);
    }
    return write(base, decorate(new JFreeChart(title, TITLE, plot, values.size() > 1), plot));
  }

  /**
   * A stacked bar chart.
   *
   * @param values part (legend) to category to value
   * @return the SVG file name
   */
  String stacked(String base, String title, String yLabel, Map<String, Map<String, Double>> values,
      List<String> categories) throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    values.forEach((part, byCategory) -> categories.forEach(c -> data.addValue(byCategory.get(c), part, c)));
    StackedBarRenderer renderer = new StackedBarRenderer();
    CategoryPlot plot = categoryPlot(data, yLabel, renderer, values.size());
    return write(base, decorate(new JFreeChart(title, TITLE, plot, true), plot));
  }

  private static CategoryPlot categoryPlot(CategoryDataset data, String yLabel, BarRenderer renderer,
      int series) {
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDrawBarOutline(false);
    renderer.setMaximumBarWidth(0.18);
    renderer.setItemMargin(0.04);
    for (int i = 0; i < series; i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
    }
    CategoryAxis x = new CategoryAxis();
    x.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
    x.setMaximumCategoryLabelLines(2);
    NumberAxis y = new NumberAxis(yLabel);
    return new CategoryPlot(data, x, y, renderer);
  }

  private static JFreeChart decorate(JFreeChart chart, org.jfree.chart.plot.Plot plot) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setTitle(new TextTitle(chart.getTitle().getText(), TITLE));
    plot.setBackgroundPaint(Color.WHITE);
    if (plot instanceof XYPlot xy) {
      xy.setRangeGridlinePaint(new Color(0xDDDDDD));
      xy.setDomainGridlinePaint(new Color(0xDDDDDD));
      axisFonts(xy.getDomainAxis());
      axisFonts(xy.getRangeAxis());
    } else if (plot instanceof CategoryPlot cp) {
      cp.setRangeGridlinePaint(new Color(0xDDDDDD));
      cp.getDomainAxis().setTickLabelFont(TEXT);
      cp.getDomainAxis().setLabelFont(TEXT);
      axisFonts(cp.getRangeAxis());
    }
    LegendTitle legend = chart.getLegend();
    if (legend != null) {
      legend.setItemFont(TEXT);
      legend.setPosition(RectangleEdge.BOTTOM);
      legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
    }
    return chart;
  }

  private static void axisFonts(ValueAxis axis) {
    axis.setTickLabelFont(TEXT);
    axis.setLabelFont(TEXT);
  }

  private String write(String base, JFreeChart chart) throws IOException {
    SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
    chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
    String svg = base + ".svg";
    Files.writeString(dir.resolve(svg), g.getSVGDocument(), StandardCharsets.UTF_8);
    if (png) {
      ChartUtils.saveChartAsPNG(dir.resolve(base + ".png").toFile(), chart, WIDTH, HEIGHT);
    }
    return svg;
  }

  /** Bars at the median, with a min–max whisker and one dot per repetition. */
  private static final class SpreadBarRenderer extends BarRenderer {
    private static final long serialVersionUID = 1L;
    private final transient Map<String, Spread> spreads = new HashMap<>();

    SpreadBarRenderer(Map<String, Map<String, Spread>> values, List<String> categories) {
      int row = 0;
      for (Map<String, Spread> byCategory : values.values()) {
        for (int col = 0; col < categories.size(); col++) {
          Spread s = byCategory.get(categories.get(col));
          if (s != null) {
            spreads.put(row + ":" + col, s);
          }
        }
        row++;
      }
    }

    @Override
    public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea,
        CategoryPlot plot, CategoryAxis domainAxis, ValueAxis rangeAxis, CategoryDataset dataset, int row,
        int column, int pass) {
      super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
      Spread s = spreads.get(row + ":" + column);
      if (pass != 0 || s == null || s.n() < 2) {
        return;
      }
      double x0 = calculateBarW0(plot, PlotOrientation.VERTICAL, dataArea, domainAxis, state, row, column);
      double cx = x0 + state.getBarWidth() / 2;
      RectangleEdge edge = plot.getRangeAxisEdge();
      double yMin = rangeAxis.valueToJava2D(s.min(), dataArea, edge);
      double yMax = rangeAxis.valueToJava2D(s.max(), dataArea, edge);
      double cap = Math.min(8, state.getBarWidth() / 4);
      g2.setPaint(Color.BLACK);
      g2.setStroke(new BasicStroke(1.3f));
      g2.draw(new Line2D.Double(cx, yMin, cx, yMax));
      g2.draw(new Line2D.Double(cx - cap, yMin, cx + cap, yMin));
      g2.draw(new Line2D.Double(cx - cap, yMax, cx + cap, yMax));
      for (double v : s.values()) {
        double y = rangeAxis.valueToJava2D(v, dataArea, edge);
        g2.setPaint(Color.WHITE);
        g2.fill(new java.awt.geom.Ellipse2D.Double(cx - 3.5, y - 3.5, 7, 7));
        g2.setPaint(Color.BLACK);
        g2.draw(new java.awt.geom.Ellipse2D.Double(cx - 3.5, y - 3.5, 7, 7));
      }
    }
  }
}
