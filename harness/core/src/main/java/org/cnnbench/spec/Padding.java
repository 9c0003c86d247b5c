package org.cnnbench.spec;

import java.util.Locale;

/** Convolution padding, with Keras' meaning. */
public enum Padding {
  /** No padding: the output shrinks by kernel - 1. */
  VALID,
  /**
   * Zero padding so that the output has {@code ceil(n / stride)} rows and columns, with Keras'
   * (TensorFlow's) placement: the smaller half before, the larger after (see {@link Pads}).
   */
  SAME;

  /**
   * @return the lower-case name used in specs and reports
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
