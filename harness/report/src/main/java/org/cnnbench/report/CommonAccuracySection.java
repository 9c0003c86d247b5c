package org.cnnbench.report;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.cnnbench.report.TimeToCommonAccuracy.CommonAccuracy;
import org.cnnbench.report.TimeToCommonAccuracy.VariantTime;

/**
 * A group's time to a common accuracy (see {@link TimeToCommonAccuracy}): the highest validation
 * accuracy every OK repetition of every framework reached, and each framework's training time to
 * it, so every row has a time.
 *
 * @param target the common target, e.g. {@code 0.9440}, an em dash when no framework has validation
 *     accuracy
 * @param targetText the sentence naming the target and how it was chosen
 * @param rows one per framework with validation accuracy, in the order trials appear
 * @param withoutCurve the frameworks left out because they recorded no validation accuracy, empty
 *     when none
 */
record CommonAccuracySection(
    String target, String targetText, List<CommonAccuracySection.Row> rows, String withoutCurve) {

  /**
   * One framework.
   *
   * @param variant its label
   * @param median median seconds over its repetitions
   * @param interval 95 % interval of the geometric mean, or a note that one repetition has none
   * @param epochs the epoch of each repetition that first reached the target
   * @param n its OK repetitions
   */
  record Row(String variant, String median, String interval, String epochs, String n) {

    /**
     * @return median and interval in seconds in one cell, for the slides, e.g. {@code 11.3 [10.7,
     *     12.2]}
     */
    String summary() {
      String seconds = median.replace(" s", "");
      return interval.startsWith("[") ? seconds + " " + interval.replace("] s", "]") : seconds;
    }
  }

  /**
   * @return whether there is a row
   */
  boolean hasRows() {
    return !rows.isEmpty();
  }

  /**
   * @param c the common accuracy of one dataset and model, null when it has no OK repetition
   * @param withDevice whether labels name the device
   * @param t the labels
   * @return the section, null when {@code c} is
   */
  static CommonAccuracySection of(CommonAccuracy c, boolean withDevice, Labels t) {
    if (c == null) {
      return null;
    }
    String without =
        c.withoutCurve().isEmpty()
            ? ""
            : t.get(
                "common_withoutCurve",
                c.withoutCurve().stream()
                    .map(k -> Pair.label(k, withDevice))
                    .collect(Collectors.joining(", ")));
    if (Double.isNaN(c.target())) {
      return new CommonAccuracySection("—", t.get("common_none"), List.of(), without);
    }
    List<Row> rows =
        c.variants().stream()
            .map(
                v ->
                    new Row(
                        Pair.label(v.variant(), withDevice),
                        Double.isNaN(v.median()) ? "—" : Format.seconds(v.median()) + " s",
                        Double.isNaN(v.lower())
                            ? t.get("common_noInterval")
                            : "["
                                + Format.seconds(v.lower())
                                + ", "
                                + Format.seconds(v.upper())
                                + "] s",
                        Arrays.stream(v.epochs())
                            .mapToObj(String::valueOf)
                            .collect(Collectors.joining(", ")),
                        String.valueOf(v.seconds().length)))
            .toList();
    return new CommonAccuracySection(
        Format.accuracy(c.target()),
        t.get("common_target", Format.accuracy(c.target())),
        rows,
        without);
  }

  /**
   * @return the frameworks by median time, e.g. {@code pytorch 7.80 s [7.50, 8.10] s; mxnet ...}
   */
  static String list(CommonAccuracy c, boolean withDevice) {
    return c.variants().stream()
        .sorted(Comparator.comparingDouble(VariantTime::median))
        .map(
            v ->
                Pair.label(v.variant(), withDevice)
                    + " "
                    + Format.seconds(v.median())
                    + " s"
                    + (Double.isNaN(v.lower())
                        ? ""
                        : String.format(
                            Locale.ROOT,
                            " [%s, %s]",
                            Format.seconds(v.lower()),
                            Format.seconds(v.upper()))))
        .collect(Collectors.joining("; "));
  }
}
