package org.cnnbench.results;

import java.util.Locale;

/** The text of numbers in a run's files: always {@code Locale.ROOT}, NaN as an empty cell. */
public final class CsvNumbers {

  private CsvNumbers() {}

  /**
   * A trial's metric: 6 significant digits, empty for NaN.
   *
   * @param value a metric
   * @return its text, e.g. {@code 0.312345}
   */
  public static String metric(double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    return String.format(Locale.ROOT, "%.6g", value);
  }

  /**
   * @param nanos a duration in nanoseconds
   * @return it in seconds, as {@link #metric} writes it
   */
  public static String seconds(long nanos) {
    return metric(nanos / 1e9);
  }

  /**
   * A number with a fixed count of decimals ({@code wall_seconds}, {@code threads.csv}).
   *
   * @param value the number
   * @param decimals digits after the point
   * @return its text, e.g. {@code 12.345}
   */
  public static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
