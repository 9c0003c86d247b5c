package org.cnnbench.spec;

import java.util.Locale;

/** Convolution padding, with Keras' meaning. */
public enum Padding {
  /** No padding: the output shrinks by kernel - 1. */
  VALID,
  /**
   * Zero padding so that, at stride 1, the output keeps the input's size. cnn-bench accepts it only
   * with odd kernels at stride 1, where the padding is symmetric ((k - 1) / 2 on each side) and every
   * framework pads the same way; Keras pads even kernels asymmetrically, which not all frameworks can.
   */
  SAME;

  /** @return the lower-case name used in specs and reports */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
