package org.cnnbench.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One colour per framework, the same in every chart, legend, table and slide of every report: the
 * known frameworks take the colour-blind-safe Okabe–Ito palette in a fixed order; any other name
 * gets a fallback colour chosen from its name alone, so it too keeps its colour from run to run.
 */
final class FrameworkColours {

  /** A framework and its colour as CSS hex ({@code #0072B2}), for HTML legends and tables. */
  record Swatch(String framework, String hex) {}

  /** The frameworks the harness ships, each with its Okabe–Ito colour; this order never changes. */
  private static final Map<String, Color> KNOWN = new LinkedHashMap<>();

  static {
    KNOWN.put("pytorch", new Color(0x0072B2)); // blue
    KNOWN.put("mxnet", new Color(0xD55E00)); // vermillion
    KNOWN.put("tensorflow", new Color(0xE69F00)); // orange
    KNOWN.put("dl4j", new Color(0x009E73)); // bluish green
    KNOWN.put("dl4j-samediff", new Color(0xCC79A7)); // reddish purple
    KNOWN.put("python-pytorch", new Color(0x56B4E9)); // sky blue
  }

  /**
   * Colours for names the harness does not know: Okabe–Ito's black, then darker tones that stay
   * apart from the known colours; Okabe–Ito's yellow is left out, it cannot be read on white.
   */
  private static final Color[] FALLBACK = {
    new Color(0x000000),
    new Color(0x7F7F7F),
    new Color(0x882255),
    new Color(0x117733),
    new Color(0x332288),
    new Color(0x996633)
  };

  private FrameworkColours() {}

  /**
   * @return the frameworks with a fixed colour, in palette order
   */
  static List<String> known() {
    return List.copyOf(KNOWN.keySet());
  }

  /**
   * @param framework a framework name as in {@code trials.csv} (case is ignored)
   * @return its colour: the fixed one of a known framework, else a fallback picked from the name's
   *     characters (the same name always gets the same colour)
   */
  static Color of(String framework) {
    String name = framework.strip().toLowerCase(Locale.ROOT);
    Color known = KNOWN.get(name);
    if (known != null) {
      return known;
    }
    int h = 0;
    for (int i = 0; i < name.length(); i++) {
      h = 31 * h + name.charAt(i);
    }
    return FALLBACK[Math.floorMod(h, FALLBACK.length)];
  }

  /**
   * @return the framework's colour as CSS hex, e.g. {@code #0072B2}
   */
  static String hex(String framework) {
    return hex(of(framework));
  }

  static String hex(Color c) {
    return String.format(Locale.ROOT, "#%02X%02X%02X", c.getRed(), c.getGreen(), c.getBlue());
  }

  /**
   * @return one swatch per distinct framework, in the given order, for an HTML or slide legend
   */
  static List<Swatch> legend(Collection<String> frameworks) {
    List<Swatch> out = new ArrayList<>();
    for (String f : new LinkedHashSet<>(frameworks)) {
      out.add(new Swatch(f, hex(f)));
    }
    return out;
  }

  /**
   * The framework a chart label names: the longest known framework the label starts with, followed
   * by its end, a space, a parenthesis or a middle dot ({@code "dl4j-samediff (cpu)"}, {@code
   * "pytorch · mnist-cnn"}, {@code "mxnet not reached"}); else the label's first word.
   *
   * @return the framework name, or null for a blank label
   */
  static String frameworkOf(String label) {
    String l = label.strip();
    if (l.isEmpty()) {
      return null;
    }
    String lower = l.toLowerCase(Locale.ROOT);
    String best = null;
    for (String k : KNOWN.keySet()) {
      if (lower.startsWith(k)
          && (lower.length() == k.length() || " (·".indexOf(lower.charAt(k.length())) >= 0)
          && (best == null || k.length() > best.length())) {
        best = k;
      }
    }
    if (best != null) {
      return best;
    }
    int end = 0;
    while (end < l.length() && " (·".indexOf(l.charAt(end)) < 0) {
      end++;
    }
    return l.substring(0, end);
  }

  /**
   * @return whether the label names one of the known frameworks
   */
  static boolean isKnown(String label) {
    String f = frameworkOf(label);
    return f != null && KNOWN.containsKey(f);
  }

  /**
   * A lighter tone of a colour, for the second, third... bar of the same framework (another device,
   * another part of the time) so that bars of one framework keep its hue.
   *
   * @param white the share of white mixed in, 0 (the colour itself) to 1 (white)
   */
  static Color tint(Color c, double white) {
    double w = Math.max(0, Math.min(1, white));
    return new Color(
        (int) Math.round(c.getRed() + (255 - c.getRed()) * w),
        (int) Math.round(c.getGreen() + (255 - c.getGreen()) * w),
        (int) Math.round(c.getBlue() + (255 - c.getBlue()) * w));
  }

  /**
   * @param level 0 for the first of {@code levels} tones
   * @return the share of white of that tone: 0 for the first, 0.5 for the second of two, at most
   *     0.75
   */
  static double toneShare(int level, int levels) {
    return levels <= 1 ? 0 : (levels == 2 ? 0.5 : 0.75) * level / (levels - 1);
  }
}
