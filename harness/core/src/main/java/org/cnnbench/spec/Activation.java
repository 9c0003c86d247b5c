package org.cnnbench.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The activation applied after a layer. */
public enum Activation {
  /** max(0, x). */
  RELU,
  /** 1 / (1 + e^-x). */
  SIGMOID,
  /** e^x / sum(e^x) over the units of one example. */
  SOFTMAX,
  /** identity. */
  LINEAR,
  /** (e^x - e^-x) / (e^x + e^-x). */
  TANH;

  /**
   * @return the lower-case name used in specs and reports
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a name.
   *
   * @param name e.g. {@code relu}
   * @return the activation
   * @throws SpecException listing the valid names if unknown
   */
  public static Activation of(String name) {
    for (Activation a : values()) {
      if (a.id().equalsIgnoreCase(name)) {
        return a;
      }
    }
    throw new SpecException(
        "unknown activation '"
            + name
            + "'; valid: "
            + Arrays.stream(values()).map(Activation::id).collect(Collectors.joining(", ")));
  }
}
