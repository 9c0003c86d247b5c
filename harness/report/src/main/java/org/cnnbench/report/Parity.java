package org.cnnbench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.results.ParityColumn;

/**
 * The parity matrix ({@code parity.csv}): each check of each model, one column per framework.
 *
 * @param frameworks the frameworks checked, in file order
 * @param rows one per model, check and reference
 * @param verdict whether every check passed
 * @param verdictClass CSS class: ok or bad
 */
record Parity(List<String> frameworks, List<Check> rows, String verdict, String verdictClass) {

  /**
   * One check of one model against one reference.
   *
   * @param model the catalogue model
   * @param check forward, sgd_step or adam_step
   * @param reference what the frameworks are compared with
   * @param cells one per framework
   */
  record Check(String model, String check, String reference, List<Cell> cells) {}

  /**
   * One framework's result of a check.
   *
   * @param text pass mark, the largest difference and the tolerance; an em dash when not checked
   * @param cls CSS class: ok, bad or empty
   * @param title why the check failed, as a tooltip
   */
  record Cell(String text, String cls, String title) {}

  /**
   * @param data the run
   * @param t the labels
   * @return the matrix, or null when the run has no parity rows
   */
  static Parity of(RunData data, Labels t) {
    if (data.parityRows().isEmpty()) {
      return null;
    }
    List<String> frameworks =
        new ArrayList<>(
            new LinkedHashSet<>(data.parityRows().stream().map(Row::framework).toList()));
    Map<List<String>, Map<String, Row>> byCheck = new LinkedHashMap<>();
    for (Row r : data.parityRows()) {
      byCheck
          .computeIfAbsent(
              List.of(r.model(), r.text(ParityColumn.CHECK), r.text(ParityColumn.REFERENCE)),
              k -> new LinkedHashMap<>())
          .put(r.framework(), r);
    }
    List<Check> rows = new ArrayList<>();
    int failures = 0;
    for (Map.Entry<List<String>, Map<String, Row>> e : byCheck.entrySet()) {
      List<String> k = e.getKey();
      List<Cell> cells = new ArrayList<>();
      for (String f : frameworks) {
        Row r = e.getValue().get(f);
        if (r == null) {
          cells.add(new Cell("—", "", ""));
          continue;
        }
        String passText = r.text(ParityColumn.PASS);
        boolean pass =
            passText.equalsIgnoreCase("true")
                || passText.equalsIgnoreCase("ok")
                || passText.equalsIgnoreCase("yes");
        if (!pass) {
          failures++;
        }
        cells.add(
            new Cell(
                (pass ? "✓ " : "✗ ")
                    + r.text(ParityColumn.MAX_ABS_DIFF)
                    + " ≤? "
                    + r.text(ParityColumn.TOLERANCE),
                pass ? "ok" : "bad",
                r.text(ParityColumn.REASON)));
      }
      rows.add(new Check(k.get(0), k.get(1), k.get(2), cells));
    }
    return new Parity(
        frameworks,
        rows,
        failures == 0 ? t.get("parity_allPass") : t.get("parity_fails", failures),
        failures == 0 ? "ok" : "bad");
  }
}
