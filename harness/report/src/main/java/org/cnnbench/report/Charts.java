package org.cnnbench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.cnnbench.report.Stats.Spread;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * Draws the report's charts with JFreeChart into SVG files (and a PNG copy for slides). Every line
 * and bar takes its framework's colour ({@link FrameworkColours}), the same in every chart; every
 * bar chart has error bars and says in a subtitle what they span.
 */
final class Charts {

  static final int WIDTH = 900;
  static final int HEIGHT = 480;

  /**
   * Okabe–Ito in its own order, for series that are not frameworks; frameworks: {@link
   * FrameworkColours}.
   */
  static final Color[] PALETTE = {
    new Color(0x0072B2),
    new Color(0xD55E00),
    new Color(0x009E73),
    new Color(0xCC79A7),
    new Color(0xE69F00),
    new Color(0x56B4E9),
    new Color(0x000000),
    new Color(0xF0E442),
    new Color(0x999999)
  };

  private static final Font TITLE = new Font("SansSerif", Font.BOLD, 17);
  private static final Font TEXT = new Font("SansSerif", Font.PLAIN, 13);
  private static final Font SMALL = new Font("SansSerif", Font.PLAIN, 11);

  private static final Color NEUTRAL = new Color(0x555555);

  private final Path dir;
  private final boolean png;
  private final Labels labels;

  /**
   * Charts with English subtitles.
   *
   * @param dir the report folder the files go into
   * @param png whether to write a PNG copy beside each SVG
   */
  Charts(Path dir, boolean png) {
    this(dir, png, Labels.of("en"));
  }

  /**
   * @param dir the report folder the files go into
   * @param png whether to write a PNG copy beside each SVG
   * @param labels the words of the subtitles that say what the error bars span
   */
  Charts(Path dir, boolean png, Labels labels) {
    this.dir = dir;
    this.png = png;
    this.labels = labels;
  }

  /**
   * @return whether PNG copies are written
   */
  boolean png() {
    return png;
  }

  /**
   * One line of an epoch chart.
   *
   * @param name legend text
   * @param framework whose colour the line takes; null: the framework {@code name} starts with
   *     ({@link FrameworkColours#frameworkOf})
   * @param colour not used for the colour any more (kept for callers that pass it): lines take
   *     their framework's colour
   * @param dashed dashed line (training curves) or solid (validation curves)
   * @param points {epoch, median, min, max}
   */
  record Curve(String name, String framework, int colour, boolean dashed, List<double[]> points) {

    /** A line whose framework is read from its name. */
    Curve(String name, int colour, boolean dashed, List<double[]> points) {
      this(name, null, colour, dashed, points);
    }

    /**
     * @return the framework whose colour the line takes
     */
    String colourKey() {
      return framework != null
          ? framework
          : Objects.requireNonNullElse(FrameworkColours.frameworkOf(name), "");
    }
  }

  /** What an error bar spans. */
  enum Interval {
    /** The smallest to the largest repetition. */
    MIN_MAX,
    /** A 95 % confidence interval of the bar's value. */
    CI95
  }

  /**
   * One bar of a bar chart with its error bar.
   *
   * @param series legend entry (a device, a kind of memory...); the bars of one framework take
   *     lighter tones of its colour, series after series
   * @param category the axis label the bar stands at
   * @param framework whose colour the bar takes; null: the framework the category names, else the
   *     one the series names ({@link FrameworkColours#frameworkOf})
   * @param value the bar's height (a median); NaN draws no bar
   * @param low lower end of the error bar, NaN for none
   * @param high upper end of the error bar, NaN for none
   * @param interval what low–high spans
   * @param points the repetitions' values, each drawn as a dot (may be empty)
   */
  @SuppressWarnings("ArrayRecordComponent") // the raw points of a bar, drawn once as double[]
  record Bar(
      String series,
      String category,
      String framework,
      double value,
      double low,
      double high,
      Interval interval,
      double[] points) {

    /**
     * A bar at a spread's median, with its min–max as the error bar (none below two repetitions).
     */
    static Bar minMax(String series, String category, String framework, Spread s) {
      boolean spread = s.n() >= 2;
      return new Bar(
          series,
          category,
          framework,
          s.known() ? s.median() : Double.NaN,
          spread ? s.min() : Double.NaN,
          spread ? s.max() : Double.NaN,
          Interval.MIN_MAX,
          s.values());
    }

    /**
     * A bar at a spread's median with a 95 % confidence interval [low, high] (dots: the
     * repetitions).
     */
    static Bar ci(
        String series, String category, String framework, Spread s, double low, double high) {
      return new Bar(
          series,
          category,
          framework,
          s.known() ? s.median() : Double.NaN,
          low,
          high,
          Interval.CI95,
          s.values());
    }

    /**
     * @return whether the bar has an error bar
     */
    boolean hasErrorBar() {
      return !Double.isNaN(low) && !Double.isNaN(high);
    }

    /**
     * @return the number of repetitions behind the bar
     */
    int n() {
      return points.length;
    }
  }

  /**
   * A line chart of a metric per epoch: median lines with a shaded min–max band, each in its
   * framework's colour; lines of one framework and style (another device) differ by their markers.
   *
   * @return the SVG file name
   */
  String curves(String base, String title, String xLabel, String yLabel, List<Curve> curves)
      throws IOException {
    return write(base, curvesChart(title, xLabel, yLabel, curves));
  }

  JFreeChart curvesChart(String title, String xLabel, String yLabel, List<Curve> curves) {
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
    Shape[] shapes = DefaultDrawingSupplier.createStandardSeriesShapes();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < curves.size(); i++) {
      Curve c = curves.get(i);
      Color colour = FrameworkColours.of(c.colourKey());
      renderer.setSeriesPaint(i, colour);
      renderer.setSeriesFillPaint(i, colour);
      renderer.setSeriesStroke(
          i,
          c.dashed()
              ? new BasicStroke(
                  1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f)
              : new BasicStroke(2.4f));
      renderer.setSeriesShapesVisible(i, !c.dashed());
      int occurrence =
          seen.merge(c.colourKey() + (c.dashed() ? "/dashed" : "/solid"), 1, Integer::sum) - 1;
      renderer.setSeriesShape(i, shapes[occurrence % shapes.length]);
    }
    XYPlot plot = new XYPlot(data, x, y, renderer);
    return decorate(new JFreeChart(title, TITLE, plot, true), plot);
  }

  /**
   * A bar chart of medians with each repetition's value as a dot and a min–max whisker; bars take
   * their framework's colour, found in the category or else the series name.
   *
   * @param values series (legend) to category (axis) to spread; missing or unknown spreads draw no
   *     bar
   * @return the SVG file name
   */
  String bars(
      String base,
      String title,
      String yLabel,
      Map<String, Map<String, Spread>> values,
      List<String> categories)
      throws IOException {
    List<Bar> bars = new ArrayList<>();
    for (Map.Entry<String, Map<String, Spread>> s : values.entrySet()) {
      for (String category : categories) {
        Spread v = s.getValue().get(category);
        if (v != null && v.known()) {
          bars.add(Bar.minMax(s.getKey(), category, null, v));
        }
      }
    }
    for (String category : categories) {
      if (bars.stream().noneMatch(b -> b.category().equals(category)) && !values.isEmpty()) {
        bars.add(
            new Bar(
                values.keySet().iterator().next(),
                category,
                null,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Interval.MIN_MAX,
                new double[0]));
      }
    }
    return write(
        base, barsChart(title, yLabel, bars, new ArrayList<>(values.keySet()), categories));
  }

  /**
   * A bar chart: one bar per {@link Bar}, series and categories in the order they first appear,
   * each bar in its framework's colour with its error bar; a subtitle says what the error bars
   * span.
   *
   * @return the SVG file name
   */
  String bars(String base, String title, String yLabel, List<Bar> bars) throws IOException {
    return write(base, barsChart(title, yLabel, bars));
  }

  JFreeChart barsChart(String title, String yLabel, List<Bar> bars) {
    return barsChart(
        title,
        yLabel,
        bars,
        new ArrayList<>(new LinkedHashSet<>(bars.stream().map(Bar::series).toList())),
        new ArrayList<>(new LinkedHashSet<>(bars.stream().map(Bar::category).toList())));
  }

  private JFreeChart barsChart(
      String title, String yLabel, List<Bar> bars, List<String> series, List<String> categories) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (String s : series) {
      for (String c : categories) {
        data.addValue(null, s, c);
      }
    }
    double top = 0;
    for (Bar b : bars) {
      data.setValue(Double.isNaN(b.value()) ? null : b.value(), b.series(), b.category());
      top =
          Math.max(
              top,
              Math.max(Double.isNaN(b.value()) ? 0 : b.value(), b.hasErrorBar() ? b.high() : 0));
      for (double v : b.points()) {
        top = Math.max(top, v);
      }
    }
    Colouring colouring = new Colouring(bars, series, categories);
    IntervalBarRenderer renderer = new IntervalBarRenderer(bars, series, categories, colouring);
    CategoryPlot plot = categoryPlot(data, yLabel, renderer);
    if (top > 0) {
      plot.getRangeAxis().setRange(0, top * 1.12);
    }
    colouring.colourTickLabels((CategoryAxis) plot.getDomainAxis());
    boolean legend = colouring.byCategory() ? series.size() > 1 : true;
    JFreeChart chart = decorate(new JFreeChart(title, TITLE, plot, legend), plot);
    if (legend) {
      plot.setFixedLegendItems(colouring.legend(series));
    }
    chart.addSubtitle(new TextTitle(errorBarNote(bars), TEXT));
    return chart;
  }

  /**
   * @return the subtitle that says what the error bars span and over how many repetitions
   */
  String errorBarNote(List<Bar> bars) {
    TreeSet<Integer> minMaxN = new TreeSet<>();
    boolean ci = false;
    boolean none = false;
    for (Bar b : bars) {
      if (Double.isNaN(b.value())) {
        continue;
      }
      if (!b.hasErrorBar()) {
        none = true;
      } else if (b.interval() == Interval.CI95) {
        ci = true;
      } else {
        minMaxN.add(b.n());
      }
    }
    List<String> parts = new ArrayList<>();
    if (ci) {
      parts.add(labels.get("chart_errorCi"));
    }
    if (!minMaxN.isEmpty()) {
      String n =
          minMaxN.first().equals(minMaxN.last())
              ? String.valueOf(minMaxN.first())
              : minMaxN.first() + "–" + minMaxN.last();
      parts.add(labels.get("chart_errorMinMax", n));
    }
    if (none) {
      parts.add(labels.get("chart_errorNone"));
    }
    return labels.get("chart_errorBars") + " " + String.join(" ", parts);
  }

  /**
   * A stacked bar chart, each bar in its framework's colour (found in the category), its parts in
   * lighter tones from the bottom up; the legend shows the parts' tones in grey.
   *
   * @param values part (legend) to category to value
   * @return the SVG file name
   */
  String stacked(
      String base,
      String title,
      String yLabel,
      Map<String, Map<String, Double>> values,
      List<String> categories)
      throws IOException {
    return stacked(base, title, yLabel, values, categories, Map.of());
  }

  /**
   * A stacked bar chart as above with an error bar on each total: the min–max of the repetitions'
   * totals.
   *
   * @param totals category to the spread of its total over the repetitions (categories left out, or
   *     with fewer than two repetitions, get none)
   * @return the SVG file name
   */
  String stacked(
      String base,
      String title,
      String yLabel,
      Map<String, Map<String, Double>> values,
      List<String> categories,
      Map<String, Spread> totals)
      throws IOException {
    return write(base, stackedChart(title, yLabel, values, categories, totals));
  }

  JFreeChart stackedChart(
      String title,
      String yLabel,
      Map<String, Map<String, Double>> values,
      List<String> categories,
      Map<String, Spread> totals) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    values.forEach(
        (part, byCategory) -> categories.forEach(c -> data.addValue(byCategory.get(c), part, c)));
    int parts = values.size();
    StackedBarRenderer renderer =
        new StackedBarRenderer() {
          private static final long serialVersionUID = 1L;

          @Override
          public Paint getItemPaint(int row, int column) {
            return FrameworkColours.tint(
                FrameworkColours.of(
                    Objects.requireNonNullElse(
                        FrameworkColours.frameworkOf(categories.get(column)), "")),
                partTone(row, parts));
          }

          @Override
          public void drawItem(
              Graphics2D g2,
              CategoryItemRendererState state,
              Rectangle2D dataArea,
              CategoryPlot plot,
              CategoryAxis domainAxis,
              ValueAxis rangeAxis,
              CategoryDataset dataset,
              int row,
              int column,
              int pass) {
            super.drawItem(
                g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
            Spread total = totals.get(categories.get(column));
            if (row != dataset.getRowCount() - 1
                || pass != getPassCount() - 1
                || total == null
                || total.n() < 2) {
              return;
            }
            double cx =
                domainAxis.getCategoryMiddle(
                    column, dataset.getColumnCount(), dataArea, plot.getDomainAxisEdge());
            whisker(
                g2,
                rangeAxis,
                dataArea,
                plot.getRangeAxisEdge(),
                cx,
                state.getBarWidth(),
                total.min(),
                total.max(),
                new double[0]);
          }
        };
    renderer.setDrawBarOutline(true);
    renderer.setDefaultOutlinePaint(Color.WHITE);
    renderer.setDefaultOutlineStroke(new BasicStroke(1f));
    CategoryPlot plot = categoryPlot(data, yLabel, renderer);
    // Tones of one hue are hard to match with a legend: parts tall enough carry their name.
    double tallest =
        categories.stream()
            .mapToDouble(
                c ->
                    values.values().stream()
                        .map(m -> m.get(c))
                        .filter(Objects::nonNull)
                        .mapToDouble(Double::doubleValue)
                        .sum())
            .max()
            .orElse(0);
    renderer.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator() {
          private static final long serialVersionUID = 1L;

          @Override
          public String generateLabel(CategoryDataset dataset, int row, int column) {
            Number v = dataset.getValue(row, column);
            return v != null && v.doubleValue() >= tallest * 0.045
                ? String.valueOf(dataset.getRowKey(row))
                : null;
          }
        });
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setDefaultItemLabelFont(SMALL);
    renderer.setDefaultPositiveItemLabelPosition(
        new ItemLabelPosition(ItemLabelAnchor.CENTER, TextAnchor.CENTER));
    for (int row = 0; row < parts; row++) {
      renderer.setSeriesItemLabelPaint(row, partTone(row, parts) < 0.4 ? Color.WHITE : Color.BLACK);
    }
    if (!totals.isEmpty()) {
      double top = 0;
      for (String c : categories) {
        double sum =
            values.values().stream()
                .map(m -> m.get(c))
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .sum();
        Spread t = totals.get(c);
        top = Math.max(top, t != null && t.known() ? Math.max(sum, t.max()) : sum);
      }
      if (top > 0) {
        plot.getRangeAxis().setRange(0, top * 1.12);
      }
    }
    LegendItemCollection legend = new LegendItemCollection();
    int row = 0;
    for (String part : values.keySet()) {
      legend.add(swatch(part, FrameworkColours.tint(NEUTRAL, partTone(row++, parts))));
    }
    plot.setFixedLegendItems(legend);
    new Colouring(categories).colourTickLabels((CategoryAxis) plot.getDomainAxis());
    JFreeChart chart = decorate(new JFreeChart(title, TITLE, plot, true), plot);
    boolean anyTotal = totals.values().stream().anyMatch(t -> t.n() >= 2);
    chart.addSubtitle(
        new TextTitle(
            anyTotal
                ? labels.get("chart_errorBars")
                    + " "
                    + labels.get(
                        "chart_errorTotal",
                        totals.values().stream().mapToInt(Spread::n).max().orElse(0))
                : labels.get("chart_errorStacked"),
            TEXT));
    return chart;
  }

  /**
   * A vertical mark on a {@link Line}: where an epoch or the test begins.
   *
   * @param x where, in the x axis' unit
   * @param label a short text drawn at the mark's top ({@code e2}, {@code test}), empty for none
   */
  record Mark(double x, String label) {}

  /**
   * One line of an x–y line chart, in its framework's colour.
   *
   * @param name legend text
   * @param framework whose colour the line and its marks take
   * @param dashed dashed (a second device of the same framework) or solid
   * @param points {x, y} in x order; NaN y values are left out
   * @param marks vertical marks in the line's colour (may be empty)
   */
  record Line(
      String name, String framework, boolean dashed, List<double[]> points, List<Mark> marks) {

    /** Copies the lists. */
    Line {
      points = List.copyOf(points);
      marks = List.copyOf(marks);
    }
  }

  /**
   * A line chart of y against x, one line per {@link Line} in its framework's colour, with each
   * line's marks as thin vertical lines of the same colour and a subtitle.
   *
   * @param subtitle what the lines are (which repetition, what the marks mean); empty for none
   * @param log2X an x axis in powers of two (batch sizes), else linear from zero
   * @return the SVG file name
   */
  String lines(
      String base,
      String title,
      String subtitle,
      String xLabel,
      String yLabel,
      boolean log2X,
      List<Line> lines)
      throws IOException {
    return write(base, linesChart(title, subtitle, xLabel, yLabel, log2X, lines));
  }

  JFreeChart linesChart(
      String title,
      String subtitle,
      String xLabel,
      String yLabel,
      boolean log2X,
      List<Line> lines) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Line l : lines) {
      XYSeries s = new XYSeries(l.name(), false, true);
      for (double[] p : l.points()) {
        if (!Double.isNaN(p[1]) && (!log2X || p[0] > 0)) {
          s.add(p[0], p[1]);
        }
      }
      data.addSeries(s);
    }
    ValueAxis x;
    if (log2X) {
      LogAxis log = new LogAxis(xLabel);
      log.setBase(2);
      log.setTickUnit(new NumberTickUnit(1));
      log.setNumberFormatOverride(
          new DecimalFormat("0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
      log.setSmallestValue(1);
      x = log;
    } else {
      NumberAxis linear = new NumberAxis(xLabel);
      linear.setAutoRangeIncludesZero(true);
      x = linear;
    }
    NumberAxis y = new NumberAxis(yLabel);
    y.setAutoRangeIncludesZero(true);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, log2X);
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      Color colour = FrameworkColours.of(l.framework());
      renderer.setSeriesPaint(i, colour);
      renderer.setSeriesStroke(
          i,
          l.dashed()
              ? new BasicStroke(
                  2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f)
              : new BasicStroke(2f));
    }
    XYPlot plot = new XYPlot(data, x, y, renderer);
    for (Line l : lines) {
      Color colour = FrameworkColours.of(l.framework());
      for (Mark m : l.marks()) {
        ValueMarker marker =
            new ValueMarker(
                m.x(),
                colour,
                new BasicStroke(
                    1f,
                    BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER,
                    10f,
                    new float[] {3f, 3f},
                    0f));
        if (!m.label().isEmpty()) {
          marker.setLabel(m.label());
          marker.setLabelFont(SMALL);
          marker.setLabelPaint(colour);
          marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
          marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
          marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        }
        plot.addDomainMarker(marker);
      }
    }
    JFreeChart chart = decorate(new JFreeChart(title, TITLE, plot, true), plot);
    if (!subtitle.isEmpty()) {
      chart.addSubtitle(new TextTitle(subtitle, TEXT));
    }
    return chart;
  }

  /**
   * @return the share of white of a part's tone: dark and light alternate so that neighbours differ
   */
  private static double partTone(int row, int parts) {
    int level = row % 2 == 0 ? row / 2 : (parts + 1) / 2 + row / 2;
    return FrameworkColours.toneShare(level, parts);
  }

  private static LegendItem swatch(String label, Color colour) {
    return new LegendItem(
        label,
        null,
        null,
        null,
        new Rectangle2D.Double(-6, -6, 12, 12),
        colour,
        new BasicStroke(0.5f),
        Color.GRAY);
  }

  private static CategoryPlot categoryPlot(
      CategoryDataset data, String yLabel, BarRenderer renderer) {
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setMaximumBarWidth(0.18);
    renderer.setItemMargin(0.04);
    CategoryAxis x = new CategoryAxis();
    x.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
    x.setMaximumCategoryLabelLines(2);
    NumberAxis y = new NumberAxis(yLabel);
    return new CategoryPlot(data, x, y, renderer);
  }

  private static JFreeChart decorate(JFreeChart chart, Plot plot) {
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
      legend.setFrame(BlockBorder.NONE);
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

  /** A black whisker from low to high with caps, and a white dot with a black ring per value. */
  private static void whisker(
      Graphics2D g2,
      ValueAxis rangeAxis,
      Rectangle2D dataArea,
      RectangleEdge edge,
      double cx,
      double barWidth,
      double low,
      double high,
      double[] points) {
    double yLow = rangeAxis.valueToJava2D(low, dataArea, edge);
    double yHigh = rangeAxis.valueToJava2D(high, dataArea, edge);
    double cap = Math.min(8, barWidth / 4);
    g2.setPaint(Color.BLACK);
    g2.setStroke(new BasicStroke(1.3f));
    g2.draw(new Line2D.Double(cx, yLow, cx, yHigh));
    g2.draw(new Line2D.Double(cx - cap, yLow, cx + cap, yLow));
    g2.draw(new Line2D.Double(cx - cap, yHigh, cx + cap, yHigh));
    for (double v : points) {
      double y = rangeAxis.valueToJava2D(v, dataArea, edge);
      Ellipse2D dot = new Ellipse2D.Double(cx - 3.5, y - 3.5, 7, 7);
      g2.setPaint(Color.WHITE);
      g2.fill(dot);
      g2.setPaint(Color.BLACK);
      g2.draw(dot);
    }
  }

  /**
   * Which framework each bar stands for and which tone it takes. The framework is the bar's own,
   * else the one its category names when the categories name known frameworks, else the one its
   * series names. Coloured by category, the series are tones (legend in grey tones); coloured by
   * series, the n-th series of a framework takes its n-th tone (legend in the bars' colours).
   */
  private static final class Colouring {
    private final boolean byCategory;
    private final Map<String, Color> paint = new HashMap<>();
    private final Map<String, Color> seriesPaint = new LinkedHashMap<>();
    private final Map<String, Color> categoryPaint = new HashMap<>();
    private final int seriesCount;

    /** Categories that are frameworks, one series. */
    Colouring(List<String> categories) {
      this.byCategory = true;
      this.seriesCount = 1;
      for (String c : categories) {
        categoryPaint.put(
            c,
            FrameworkColours.of(Objects.requireNonNullElse(FrameworkColours.frameworkOf(c), "")));
      }
    }

    Colouring(List<Bar> bars, List<String> series, List<String> categories) {
      this.seriesCount = series.size();
      boolean categoriesKnown = categories.stream().anyMatch(FrameworkColours::isKnown);
      boolean seriesKnown = series.stream().anyMatch(FrameworkColours::isKnown);
      this.byCategory = categoriesKnown || !seriesKnown;
      Map<String, Integer> tonesPerFramework = new HashMap<>();
      Map<String, Integer> seriesTone = new HashMap<>();
      if (!byCategory) {
        for (String s : series) {
          String f = FrameworkColours.frameworkOf(s);
          seriesTone.put(s, tonesPerFramework.merge(f, 1, Integer::sum) - 1);
        }
      }
      for (Bar b : bars) {
        String f =
            b.framework() != null
                ? b.framework()
                : FrameworkColours.frameworkOf(byCategory ? b.category() : b.series());
        Color base = FrameworkColours.of(Objects.requireNonNullElse(f, ""));
        Color c =
            byCategory
                ? FrameworkColours.tint(
                    base, FrameworkColours.toneShare(series.indexOf(b.series()), seriesCount))
                : FrameworkColours.tint(
                    base,
                    FrameworkColours.toneShare(
                        seriesTone.get(b.series()),
                        tonesPerFramework.get(FrameworkColours.frameworkOf(b.series()))));
        paint.put(b.series() + "\u0000" + b.category(), c);
        seriesPaint.putIfAbsent(b.series(), c);
        categoryPaint.putIfAbsent(b.category(), base);
      }
    }

    boolean byCategory() {
      return byCategory;
    }

    Color paint(String series, String category) {
      return paint.getOrDefault(series + "\u0000" + category, NEUTRAL);
    }

    /** Category labels that name a framework are written in its colour. */
    void colourTickLabels(CategoryAxis axis) {
      if (byCategory) {
        categoryPaint.forEach(
            (category, colour) -> axis.setTickLabelPaint(category, colour.darker()));
      }
    }

    LegendItemCollection legend(List<String> series) {
      LegendItemCollection items = new LegendItemCollection();
      for (int i = 0; i < series.size(); i++) {
        String s = series.get(i);
        items.add(
            swatch(
                s,
                byCategory
                    ? FrameworkColours.tint(NEUTRAL, FrameworkColours.toneShare(i, seriesCount))
                    : seriesPaint.getOrDefault(s, NEUTRAL)));
      }
      return items;
    }
  }

  /** Bars in their framework's colour, with an error bar and one dot per repetition. */
  private static final class IntervalBarRenderer extends BarRenderer {
    private static final long serialVersionUID = 1L;
    private final transient Map<String, Bar> bars = new HashMap<>();
    private final transient List<String> series;
    private final transient List<String> categories;
    private final transient Colouring colouring;

    IntervalBarRenderer(
        List<Bar> bars, List<String> series, List<String> categories, Colouring colouring) {
      for (Bar b : bars) {
        this.bars.put(b.series() + "\u0000" + b.category(), b);
      }
      this.series = series;
      this.categories = categories;
      this.colouring = colouring;
      setDrawBarOutline(true);
      setDefaultOutlinePaint(Color.WHITE);
    }

    @Override
    public Paint getItemPaint(int row, int column) {
      return colouring.paint(series.get(row), categories.get(column));
    }

    @Override
    public void drawItem(
        Graphics2D g2,
        CategoryItemRendererState state,
        Rectangle2D dataArea,
        CategoryPlot plot,
        CategoryAxis domainAxis,
        ValueAxis rangeAxis,
        CategoryDataset dataset,
        int row,
        int column,
        int pass) {
      super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
      Bar b = bars.get(series.get(row) + "\u0000" + categories.get(column));
      if (pass != 0 || b == null || Double.isNaN(b.value()) || !b.hasErrorBar()) {
        return;
      }
      double x0 =
          calculateBarW0(plot, PlotOrientation.VERTICAL, dataArea, domainAxis, state, row, column);
      whisker(
          g2,
          rangeAxis,
          dataArea,
          plot.getRangeAxisEdge(),
          x0 + state.getBarWidth() / 2,
          state.getBarWidth(),
          b.low(),
          b.high(),
          b.points().length >= 2 ? b.points() : new double[0]);
    }
  }
}
