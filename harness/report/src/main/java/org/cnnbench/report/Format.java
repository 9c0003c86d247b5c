package org.cnnbench.report;

import java.util.Locale;
import java.util.function.DoubleFunction;
import org.cnnbench.report.Stats.Spread;

/** Number text of the report, always with {@link Locale#ROOT}. */
final class Format {

  private Format() {}

  /**
   * @return seconds with 3 significant digits (at least 1 decimal below 100), or an em dash
   */
  static String seconds(double s) {
    if (Double.isNaN(s)) {
      return "—";
    }
    if (Math.abs(s) >= 100) {
      return String.format(Locale.ROOT, "%.0f", s);
    }
    if (Math.abs(s) >= 10) {
      return String.format(Locale.ROOT, "%.1f", s);
    }
    if (Math.abs(s) >= 1) {
      return String.format(Locale.ROOT, "%.2f", s);
    }
    return String.format(Locale.ROOT, "%.3f", s);
  }

  /**
   * @return a number with {@code decimals} decimals, or an em dash for NaN
   */
  static String fixed(double v, int decimals) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /**
   * @return an accuracy as a fraction with 4 decimals
   */
  static String accuracy(double v) {
    return fixed(v, 4);
  }

  /**
   * @return a p-value with 3 significant digits, e.g. {@code 0.100}, {@code 0.00109}, {@code
   *     1.49e-04}
   */
  static String p(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    return v < 0.001
        ? String.format(Locale.ROOT, "%.2e", v)
        : String.format(Locale.ROOT, "%.3g", v);
  }

  /**
   * @return a signed percentage with one decimal, e.g. {@code +4.2 %}
   */
  static String percent(double fraction) {
    return Double.isNaN(fraction) ? "—" : String.format(Locale.ROOT, "%+.1f %%", fraction * 100);
  }

  /**
   * @return an integer with thousands separators, e.g. {@code 85,146}
   */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /**
   * @param s a spread
   * @param unit formatter of one value
   * @return {@code median [min–max]}, only the median with one value, an em dash with none
   */
  static String spread(Spread s, DoubleFunction<String> unit) {
    if (!s.known()) {
      return "—";
    }
    if (s.n() == 1) {
      return unit.apply(s.median());
    }
    return unit.apply(s.median()) + " [" + unit.apply(s.min()) + "–" + unit.apply(s.max()) + "]";
  }
}
