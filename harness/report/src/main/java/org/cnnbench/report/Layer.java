package org.cnnbench.report;

import java.util.ArrayList;
import java.util.List;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.results.ModelColumn;

/**
 * One layer of a model's summary, as the run's {@code models.csv} lists it.
 *
 * @param layer the layer's kind, or "total"
 * @param settings its settings
 * @param shape its output shape
 * @param params its parameter count
 */
record Layer(String layer, String settings, String shape, String params) {

  /**
   * @param descriptions the run's descriptions
   * @param model a catalogue model
   * @param t the labels
   * @return the model's layers; empty when the run has no models.csv or it does not list the model
   */
  static List<Layer> of(RunDescriptions descriptions, String model, Labels t) {
    List<Layer> rows = new ArrayList<>();
    if (descriptions.models() == null) {
      return rows;
    }
    for (Row r : descriptions.models().getOrDefault(model, List.of())) {
      boolean total = RunDescriptions.TOTAL.equals(r.text(ModelColumn.POSITION));
      double params = r.number(ModelColumn.PARAMS);
      rows.add(
          new Layer(
              total ? t.get("summary_total") : r.text(ModelColumn.LAYER),
              r.text(ModelColumn.SETTINGS),
              r.text(ModelColumn.OUTPUT_SHAPE),
              Double.isNaN(params) ? r.text(ModelColumn.PARAMS) : Format.count((long) params)));
    }
    return rows;
  }
}
