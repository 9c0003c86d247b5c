package org.cnnbench.trial;

/** Accuracy computed by the harness from an adapter's outputs, the same way for every framework. */
public final class Metrics {

  private Metrics() {}

  /**
   * Counts correct predictions: arg-max for several output units, {@code p >= 0.5} for one unit.
   *
   * @param outputs {@code labels.length * units} probabilities, example-major
   * @param labels class index per example
   * @param units output units per example
   * @return number of examples whose prediction equals the label
   */
  public static int correct(float[] outputs, int[] labels, int units) {
    if (outputs.length != labels.length * units) {
      throw new IllegalStateException(
          "adapter returned "
              + outputs.length
              + " outputs for "
              + labels.length
              + " examples of "
              + units
              + " units");
    }
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      int predicted;
      if (units == 1) {
        predicted = outputs[i] >= 0.5f ? 1 : 0;
      } else {
        predicted = 0;
        for (int u = 1; u < units; u++) {
          if (outputs[i * units + u] > outputs[i * units + predicted]) {
            predicted = u;
          }
        }
      }
      if (predicted == labels[i]) {
        correct++;
      }
    }
    return correct;
  }
}
