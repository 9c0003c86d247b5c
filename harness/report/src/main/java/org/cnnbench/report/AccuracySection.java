package org.cnnbench.report;

import java.util.List;
import java.util.Locale;
import org.cnnbench.report.AccuracyAgreement.FrameworkAccuracy;
import org.cnnbench.report.AccuracyAgreement.ModelAccuracy;

/**
 * A group's accuracy check (see {@link AccuracyAgreement}): the spread of test accuracy across
 * frameworks, the tolerance, whether all agree, and per framework its deviation; a framework
 * outside the tolerance is flagged as a likely defect. No framework is named more accurate than
 * another.
 *
 * @param summary the spread, the tolerance and the verdict in one sentence
 * @param summaryClass CSS class: ok (all agree), bad (a likely defect), unknown (no tolerance)
 * @param brief the verdict in a few words, for the conclusion slide
 * @param rows one per framework with an OK repetition
 */
record AccuracySection(
    String summary, String summaryClass, String brief, List<AccuracySection.Row> rows) {

  /**
   * One framework.
   *
   * @param variant its label
   * @param median its median test accuracy
   * @param n its OK repetitions with a test accuracy
   * @param deviation its median minus the reference, in percentage points
   * @param verdict within the tolerance, likely defect, or an em dash without a tolerance
   * @param cls CSS class: ok, bad or unknown
   */
  record Row(
      String variant, String median, String n, String deviation, String verdict, String cls) {

    /**
     * @return ✓ within the tolerance, the verdict otherwise
     */
    String briefVerdict() {
      return cls.equals("ok") ? "✓" : verdict;
    }
  }

  /**
   * @param m the check of one dataset and model, null when no framework has an OK test accuracy
   * @param withDevice whether labels name the device
   * @param t the labels
   * @return the section, null when {@code m} is
   */
  static AccuracySection of(ModelAccuracy m, boolean withDevice, Labels t) {
    if (m == null) {
      return null;
    }
    boolean known = !Double.isNaN(m.tolerance());
    List<Row> rows = m.frameworks().stream().map(f -> row(f, known, withDevice, t)).toList();
    String spread = pp(m.spread());
    if (!known) {
      return new AccuracySection(
          t.get("acc_unknown", spread, Format.accuracy(m.reference())),
          "unknown",
          t.get("acc_briefUnknown"),
          rows);
    }
    String tolerance = pp(m.tolerance());
    String basis = t.get("acc_basis", Format.count(m.testExamples()), pp(m.repetitionSd()));
    if (m.agree()) {
      return new AccuracySection(
          t.get("acc_agree", spread, Format.accuracy(m.reference()), tolerance, basis),
          "ok",
          t.get("acc_briefAgree", tolerance),
          rows);
    }
    String defects =
        String.join(
            ", ",
            m.likelyDefects().stream().map(f -> Pair.label(f.variant(), withDevice)).toList());
    return new AccuracySection(
        t.get("acc_defect", spread, Format.accuracy(m.reference()), tolerance, basis, defects),
        "bad",
        t.get("acc_briefDefect", tolerance, defects),
        rows);
  }

  /**
   * @return the verdict for one framework of the slide: agrees or likely defect
   */
  String verdictOf(String variant) {
    return rows.stream()
        .filter(r -> r.variant().equals(variant))
        .map(r -> r.median() + " " + r.briefVerdict())
        .findFirst()
        .orElse("—");
  }

  private static Row row(FrameworkAccuracy f, boolean known, boolean withDevice, Labels t) {
    return new Row(
        Pair.label(f.variant(), withDevice),
        Format.accuracy(f.median()),
        String.valueOf(f.repetitions()),
        String.format(Locale.ROOT, "%+.2f pp", f.deviation() * 100),
        !known ? "—" : f.outside() ? t.get("acc_likelyDefect") : t.get("acc_within"),
        !known ? "unknown" : f.outside() ? "bad" : "ok");
  }

  /**
   * @return a fraction as percentage points with two decimals, e.g. {@code 0.61 pp}
   */
  private static String pp(double fraction) {
    return String.format(Locale.ROOT, "%.2f pp", fraction * 100);
  }
}
