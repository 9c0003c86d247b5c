package org.cnnbench.tensorflow;

import org.cnnbench.spec.Loss;

/**
 * Keras 3's losses computed in Java from probabilities, for outputs that another engine produced.
 */
final class TfLoss {

  private TfLoss() {}

  /**
   * @param loss the spec's loss
   * @param outputs probabilities, {@code size * units}
   * @param labels class index per example
   * @param units output units
   * @return the mean over the batch, with probabilities clipped to [1e-7, 1 - 1e-7]
   */
  static float mean(Loss loss, float[] outputs, int[] labels, int units) {
    float lo = Loss.EPSILON;
    float hi = 1f - Loss.EPSILON;
    double sum = 0;
    for (int e = 0; e < labels.length; e++) {
      if (loss == Loss.CATEGORICAL_CROSSENTROPY) {
        float p = Math.min(Math.max(outputs[e * units + labels[e]], lo), hi);
        sum -= Math.log(p);
      } else {
        float p = Math.min(Math.max(outputs[e], lo), hi);
        int y = labels[e];
        sum -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
      }
    }
    return (float) (sum / labels.length);
  }
}
