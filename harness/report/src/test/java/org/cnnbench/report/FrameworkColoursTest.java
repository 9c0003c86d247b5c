package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FrameworkColoursTest {

  /**
   * The palette is part of the report's look: a framework keeps its colour from release to release.
   */
  @Test
  void knownFrameworksKeepTheirOkabeItoColours() {
    Map<String, String> expected =
        Map.of(
            "pytorch",
            "#0072B2",
            "mxnet",
            "#D55E00",
            "tensorflow",
            "#E69F00",
            "dl4j",
            "#009E73",
            "dl4j-samediff",
            "#CC79A7",
            "python-pytorch",
            "#56B4E9");
    assertEquals(expected.keySet(), Set.copyOf(FrameworkColours.known()));
    expected.forEach((f, hex) -> assertEquals(hex, FrameworkColours.hex(f), f));
    assertEquals("#0072B2", FrameworkColours.hex("PyTorch "), "case and spaces are ignored");
    assertEquals(
        List.of(
            new FrameworkColours.Swatch("mxnet", "#D55E00"),
            new FrameworkColours.Swatch("dl4j", "#009E73")),
        FrameworkColours.legend(List.of("mxnet", "dl4j", "mxnet")));
  }

  @Test
  void knownColoursAreDistinctAlsoWithRedGreenColourBlindness() {
    List<Color> colours = FrameworkColours.known().stream().map(FrameworkColours::of).toList();
    for (int i = 0; i < colours.size(); i++) {
      for (int j = i + 1; j < colours.size(); j++) {
        String pair = FrameworkColours.known().get(i) + " / " + FrameworkColours.known().get(j);
        assertTrue(distance(colours.get(i), colours.get(j)) > 60, pair + " look alike");
        assertTrue(
            distance(deuteranope(colours.get(i)), deuteranope(colours.get(j))) > 25,
            pair + " look alike to a deuteranope");
        assertTrue(
            distance(protanope(colours.get(i)), protanope(colours.get(j))) > 25,
            pair + " look alike to a protanope");
      }
    }
  }

  @Test
  void anUnknownFrameworkGetsTheSameFallbackColourEveryTime() {
    Color a = FrameworkColours.of("onnxruntime");
    assertEquals(a, FrameworkColours.of("onnxruntime"));
    assertEquals(a, FrameworkColours.of("ONNXRuntime"));
    for (String known : FrameworkColours.known()) {
      assertNotEquals(
          FrameworkColours.of(known), a, "a fallback colour is none of the known frameworks'");
    }
    List<Color> fallbacks = new ArrayList<>();
    for (String name : List.of("a", "b", "c", "d", "e", "f", "g", "h")) {
      fallbacks.add(FrameworkColours.of(name));
    }
    assertTrue(
        fallbacks.stream().distinct().count() > 1,
        "unknown names spread over the fallback colours");
  }

  @Test
  void chartLabelsNameTheirFramework() {
    assertEquals("dl4j-samediff", FrameworkColours.frameworkOf("dl4j-samediff (cpu)"));
    assertEquals("dl4j", FrameworkColours.frameworkOf("dl4j (cpu)"));
    assertEquals("python-pytorch", FrameworkColours.frameworkOf("python-pytorch · mnist-cnn"));
    assertEquals("pytorch", FrameworkColours.frameworkOf("pytorch not reached"));
    assertEquals("pytorch", FrameworkColours.frameworkOf("pytorch (gpu) validation"));
    assertEquals("pytorchx", FrameworkColours.frameworkOf("pytorchx (cpu)"));
    assertEquals("onnx", FrameworkColours.frameworkOf("onnx · mnist-cnn"));
    assertTrue(FrameworkColours.isKnown("tensorflow (cpu)"));
    assertFalse(FrameworkColours.isKnown("2"));
  }

  private static double distance(Color a, Color b) {
    double dr = a.getRed() - b.getRed();
    double dg = a.getGreen() - b.getGreen();
    double db = a.getBlue() - b.getBlue();
    return Math.sqrt(dr * dr + dg * dg + db * db);
  }

  /** Viénot, Brettel and Mollon (1999): dichromat simulation in linear RGB. */
  private static Color deuteranope(Color c) {
    return simulate(
        c, new double[][] {{0.29275, 0.70725, 0}, {0.29275, 0.70725, 0}, {-0.02234, 0.02234, 1}});
  }

  private static Color protanope(Color c) {
    return simulate(
        c, new double[][] {{0.11238, 0.88762, 0}, {0.11238, 0.88762, 0}, {0.00401, -0.00401, 1}});
  }

  private static Color simulate(Color c, double[][] m) {
    double[] lin = {linear(c.getRed()), linear(c.getGreen()), linear(c.getBlue())};
    int[] out = new int[3];
    for (int i = 0; i < 3; i++) {
      double v = m[i][0] * lin[0] + m[i][1] * lin[1] + m[i][2] * lin[2];
      out[i] = (int) Math.round(255 * gamma(Math.max(0, Math.min(1, v))));
    }
    return new Color(out[0], out[1], out[2]);
  }

  private static double linear(int v) {
    double s = v / 255.0;
    return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  }

  private static double gamma(double v) {
    return v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
  }
}
