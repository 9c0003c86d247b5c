package org.cnnbench.spec;

import java.util.Locale;

/**
 * The training loss. Both follow Keras 3: probabilities are clipped to [1e-7, 1 - 1e-7] before the
 * logarithm, and the loss of a batch is the mean over its examples.
 */
public enum Loss {
  /**
   * -sum(y log p) over classes; needs a softmax output with at least two units and class labels.
   */
  CATEGORICAL_CROSSENTROPY,
  /** -(y log p + (1 - y) log(1 - p)); needs one sigmoid output unit and labels 0 or 1. */
  BINARY_CROSSENTROPY;

  /** The clipping epsilon shared by every framework (Keras' backend epsilon). */
  public static final float EPSILON = 1e-7f;

  /**
   * @return the lower-case name used in reports
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
