package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.cnnbench.report.Charts.Bar;
import org.cnnbench.report.Charts.Curve;
import org.cnnbench.report.Charts.Line;
import org.cnnbench.report.Charts.Mark;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.entity.CategoryItemEntity;
import org.jfree.chart.entity.ChartEntity;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The charts as drawn: each framework's bars and lines in its own colour, error bars where given,
 * said so.
 */
class ChartsTest {

  @TempDir Path dir;

  private static Stats.Spread spread(double... v) {
    return Stats.spread(v);
  }

  /**
   * A bar chart as the report calls it (devices as series, frameworks on the axis) read back from
   * its PNG.
   */
  @Test
  void barsTakeTheirFrameworksColourWhateverTheirOrder() throws IOException {
    for (List<String> order :
        List.of(List.of("tensorflow", "mxnet"), List.of("mxnet", "tensorflow"))) {
      Map<String, Map<String, Stats.Spread>> values = new LinkedHashMap<>();
      Map<String, Stats.Spread> cpu = new LinkedHashMap<>();
      order.forEach(f -> cpu.put(f, spread(10, 11, 12)));
      values.put("cpu", cpu);
      new Charts(dir, true).bars("t", "training time", "seconds", values, order);
      BufferedImage png = ImageIO.read(dir.resolve("t.png").toFile());
      double[] tensorflow = pixels(png, FrameworkColours.of("tensorflow"));
      double[] mxnet = pixels(png, FrameworkColours.of("mxnet"));
      assertTrue(
          tensorflow[0] > 2000, "tensorflow's bar is in its colour: " + tensorflow[0] + " pixels");
      assertTrue(mxnet[0] > 2000, "mxnet's bar is in its colour: " + mxnet[0] + " pixels");
      assertEquals(
          0,
          pixels(png, FrameworkColours.of("pytorch"))[0],
          "no bar takes another framework's colour");
      assertEquals(
          order.get(0).equals("tensorflow"),
          tensorflow[1] < mxnet[1],
          "each colour stands where its framework's bar is: " + order);
    }
  }

  /**
   * Bars of one framework on two devices: the framework's colour and a lighter tone of it, never
   * another hue.
   */
  @Test
  void aSecondDeviceIsALighterToneOfTheSameColour() {
    Charts charts = new Charts(dir, false);
    JFreeChart chart =
        charts.barsChart(
            "time",
            "s",
            List.of(
                Bar.minMax("cpu", "pytorch", null, spread(10, 11, 12)),
                Bar.minMax("gpu", "pytorch", null, spread(5, 6, 7)),
                Bar.minMax("cpu", "dl4j", null, spread(9, 9.5, 10))));
    Drawn d = draw(chart);
    assertEquals(FrameworkColours.of("pytorch"), d.colourInside("cpu", "pytorch"));
    assertEquals(
        FrameworkColours.tint(FrameworkColours.of("pytorch"), 0.5),
        d.colourInside("gpu", "pytorch"));
    assertEquals(FrameworkColours.of("dl4j"), d.colourInside("cpu", "dl4j"));
  }

  /** The thread sweep's series name framework and model; its categories are thread counts. */
  @Test
  void seriesThatNameAFrameworkTakeItsColour() {
    JFreeChart chart =
        new Charts(dir, false)
            .barsChart(
                "sweep",
                "images/s",
                List.of(
                    Bar.minMax("python-pytorch · mnist-cnn", "1", null, spread(100)),
                    Bar.minMax("dl4j-samediff · mnist-cnn", "1", null, spread(80)),
                    Bar.minMax("python-pytorch · mnist-cnn", "2", null, spread(180))));
    Drawn d = draw(chart);
    assertEquals(
        FrameworkColours.of("python-pytorch"), d.colourInside("python-pytorch · mnist-cnn", "2"));
    assertEquals(
        FrameworkColours.of("dl4j-samediff"), d.colourInside("dl4j-samediff · mnist-cnn", "1"));
  }

  @Test
  void errorBarsAreDrawnWhereGivenAndTheSubtitleSaysWhatTheySpan() {
    Charts charts = new Charts(dir, false);
    Bar ci = Bar.ci("cpu", "pytorch", null, spread(10, 10.5, 11, 10.2, 10.8), 8, 14);
    Bar one = Bar.minMax("cpu", "mxnet", null, spread(10));
    Drawn d = draw(charts.barsChart("time", "s", List.of(ci, one)));
    Rectangle2D withCi = d.bar("cpu", "pytorch");
    Rectangle2D without = d.bar("cpu", "mxnet");
    assertTrue(
        dark(d.image(), withCi.getCenterX(), withCi.getMinY() - 40),
        "the confidence interval's whisker rises above the bar and its dots");
    assertFalse(
        dark(d.image(), without.getCenterX(), without.getMinY() - 40),
        "a single repetition has no whisker");
    String note = charts.errorBarNote(List.of(ci, one));
    assertTrue(note.contains("95 % confidence interval"), note);
    assertTrue(note.contains("One repetition: no error bar"), note);
    String minMax =
        charts.errorBarNote(
            List.of(
                Bar.minMax("cpu", "dl4j", null, spread(1, 2, 3)),
                Bar.minMax("gpu", "dl4j", null, spread(1, 2))));
    assertEquals(
        "Bars: medians. Error bars: min–max over 2–3 repetitions (too few for a confidence interval);"
            + " dots: each repetition.",
        minMax);
    assertTrue(
        new Charts(dir, false, Labels.of("fr"))
            .errorBarNote(List.of(ci))
            .contains("intervalle de confiance"));
  }

  /**
   * Curves as the report passes them (a palette index, the framework in the name) take the
   * framework's colour.
   */
  @Test
  void curvesTakeTheirFrameworksColour() throws IOException {
    List<double[]> points =
        List.of(new double[] {1, 0.9, 0.88, 0.92}, new double[] {2, 0.95, 0.94, 0.96});
    new Charts(dir, true)
        .curves(
            "c",
            "accuracy",
            "epoch",
            "accuracy",
            List.of(
                new Curve("mxnet (cpu) validation", 0, false, points),
                new Curve(
                    "dl4j (cpu) validation",
                    1,
                    false,
                    List.of(new double[] {1, 0.8, 0.8, 0.8}, new double[] {2, 0.85, 0.85, 0.85}))));
    BufferedImage png = ImageIO.read(dir.resolve("c.png").toFile());
    assertTrue(pixels(png, FrameworkColours.of("mxnet"))[0] > 200, "mxnet's line is vermillion");
    assertTrue(pixels(png, FrameworkColours.of("dl4j"))[0] > 200, "dl4j's line is bluish green");
    assertEquals(
        0, pixels(png, FrameworkColours.of("pytorch"))[0], "palette index 0 no longer means blue");
  }

  @Test
  void stackedBarsTakeTheirFrameworksColourFromTheBottomUp() {
    Map<String, Map<String, Double>> parts = new LinkedHashMap<>();
    parts.put("engine load", Map.of("tensorflow (cpu)", 2.0, "dl4j (cpu)", 3.0));
    parts.put("training steps", Map.of("tensorflow (cpu)", 10.0, "dl4j (cpu)", 12.0));
    Drawn d =
        draw(
            new Charts(dir, false)
                .stackedChart(
                    "where",
                    "s",
                    parts,
                    List.of("tensorflow (cpu)", "dl4j (cpu)"),
                    Map.of("dl4j (cpu)", spread(14, 15, 17))));
    assertEquals(
        FrameworkColours.of("tensorflow"), d.colourInside("engine load", "tensorflow (cpu)"));
    assertEquals(FrameworkColours.of("dl4j"), d.colourInside("engine load", "dl4j (cpu)"));
    Rectangle2D top = d.bar("training steps", "dl4j (cpu)");
    assertTrue(
        dark(d.image(), top.getCenterX(), top.getMinY() - 6),
        "the total's min–max whisker rises above the stack");
  }

  private record Drawn(BufferedImage image, ChartRenderingInfo info) {

    Rectangle2D bar(String series, String category) {
      for (Object o : info.getEntityCollection().getEntities()) {
        if (o instanceof CategoryItemEntity e
            && e.getRowKey().equals(series)
            && e.getColumnKey().equals(category)) {
          return e.getArea().getBounds2D();
        }
      }
      throw new AssertionError("no bar " + series + " / " + category);
    }

    /**
     * @return the colour a quarter of the way in from the bar's left edge, just above its bottom
     */
    Color colourInside(String series, String category) {
      Rectangle2D r = bar(series, category);
      return new Color(
          image.getRGB((int) (r.getMinX() + r.getWidth() / 4), (int) (r.getMaxY() - 3)));
    }
  }

  private static Drawn draw(JFreeChart chart) {
    ChartRenderingInfo info = new ChartRenderingInfo();
    BufferedImage img = chart.createBufferedImage(Charts.WIDTH, Charts.HEIGHT, info);
    assertFalse(
        info.getEntityCollection().getEntities().stream().noneMatch(e -> e instanceof ChartEntity));
    return new Drawn(img, info);
  }

  /**
   * @return whether a pixel within one of (x, y) is dark grey to black (an antialiased black line)
   */
  private static boolean dark(BufferedImage img, double x, double y) {
    for (int i = (int) x - 1; i <= (int) x + 1; i++) {
      int rgb = img.getRGB(i, (int) y);
      if (((rgb >> 16) & 0xff) < 110 && ((rgb >> 8) & 0xff) < 110 && (rgb & 0xff) < 110) {
        return true;
      }
    }
    return false;
  }

  /**
   * @return {how many pixels have exactly this colour, their mean x}
   */
  /** The memory charts' lines: each framework's colour, its epoch marks in the same colour. */
  @Test
  void linesAndTheirMarksTakeTheirFrameworksColour() throws IOException {
    Charts charts = new Charts(dir, true);
    List<Line> lines =
        List.of(
            new Line(
                "pytorch",
                "pytorch",
                false,
                List.of(new double[] {0, 60}, new double[] {1, 400}, new double[] {5, 480}),
                List.of(new Mark(0.8, "e1"), new Mark(3, "e2"))),
            new Line(
                "python-pytorch",
                "python-pytorch",
                false,
                List.of(new double[] {0, 80}, new double[] {2, 900}, new double[] {6, 950}),
                List.of(new Mark(1.5, "e1"))));
    charts.lines("m", "memory over time", "repetition 1", "seconds", "MiB", false, lines);
    BufferedImage png = ImageIO.read(dir.resolve("m.png").toFile());
    assertTrue(
        pixels(png, FrameworkColours.of("pytorch"))[0] > 200, "pytorch's line is in its colour");
    assertTrue(
        pixels(png, FrameworkColours.of("python-pytorch"))[0] > 200, "python-pytorch's line too");
    assertEquals(
        0,
        pixels(png, FrameworkColours.of("mxnet"))[0],
        "no line takes another framework's colour");
    JFreeChart chart =
        charts.linesChart("memory over time", "repetition 1", "seconds", "MiB", false, lines);
    List<Color> marks =
        chart.getXYPlot().getDomainMarkers(Layer.FOREGROUND).stream()
            .map(m -> (Color) ((Marker) m).getPaint())
            .toList();
    assertEquals(
        List.of(
            FrameworkColours.of("pytorch"),
            FrameworkColours.of("pytorch"),
            FrameworkColours.of("python-pytorch")),
        marks);
    assertEquals(
        0.8,
        ((ValueMarker) chart.getXYPlot().getDomainMarkers(Layer.FOREGROUND).iterator().next())
            .getValue());
  }

  /** The sweep's batch-size axis is in powers of two: each doubling takes the same width. */
  @Test
  void theBatchSizeAxisIsLog2() {
    JFreeChart chart =
        new Charts(dir, false)
            .linesChart(
                "memory",
                "",
                "batch size",
                "MiB",
                true,
                List.of(
                    new Line(
                        "pytorch",
                        "pytorch",
                        false,
                        List.of(
                            new double[] {16, 500},
                            new double[] {64, 700},
                            new double[] {1024, 1900}),
                        List.of())));
    LogAxis x = (LogAxis) chart.getXYPlot().getDomainAxis();
    assertEquals(2.0, x.getBase());
    chart.createBufferedImage(Charts.WIDTH, Charts.HEIGHT); // lays the axis out
    Rectangle2D area = new Rectangle2D.Double(0, 0, 600, 100);
    double x16 = x.valueToJava2D(16, area, RectangleEdge.BOTTOM);
    double x64 = x.valueToJava2D(64, area, RectangleEdge.BOTTOM);
    double x1024 = x.valueToJava2D(1024, area, RectangleEdge.BOTTOM);
    assertEquals(
        2.0 / 6.0, (x64 - x16) / (x1024 - x16), 1e-9, "16 to 64 is 2 of the 6 doublings to 1024");
  }

  private static double[] pixels(BufferedImage img, Color c) {
    long n = 0;
    double x = 0;
    for (int j = 0; j < img.getHeight(); j++) {
      for (int i = 0; i < img.getWidth(); i++) {
        if ((img.getRGB(i, j) & 0xffffff) == (c.getRGB() & 0xffffff)) {
          n++;
          x += i;
        }
      }
    }
    return new double[] {n, n == 0 ? Double.NaN : x / n};
  }
}
