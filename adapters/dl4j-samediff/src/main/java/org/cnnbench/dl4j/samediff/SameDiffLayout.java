package org.cnnbench.dl4j.samediff;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The memory layout of the SameDiff graph's convolution and pooling activations, chosen with {@code
 * -Dsamediff.layout}. The graph's input stays the canonical NCHW batch and its Flatten the
 * canonical C, H, W order in both layouts: NHWC permutes the input once and the activations back
 * before the Flatten, so weights, data and outputs are the same as every other adapter's.
 */
public enum SameDiffLayout {
  /**
   * Channels last: fewer oneDNN reorders around each op (measured faster on fruit-cnn: module
   * README).
   */
  NHWC("nhwc", "NHWC"),
  /** Channels first, as the canonical batch: the earlier layout, kept for A/B runs. */
  NCHW("nchw", "NCHW");

  /** The system property that chooses the layout, in the runner and in a trial's JVM. */
  public static final String PROPERTY = "samediff.layout";

  /** The layout without {@code -Dsamediff.layout} (see adapters/dl4j-samediff/README.md). */
  public static final SameDiffLayout DEFAULT = NHWC;

  private final String id;
  private final String dataFormat;

  SameDiffLayout(String id, String dataFormat) {
    this.id = id;
    this.dataFormat = dataFormat;
  }

  /**
   * @return the name used in {@code -Dsamediff.layout=} and in results
   */
  public String id() {
    return id;
  }

  /**
   * @return the data format string of SameDiff's {@code Conv2DConfig}, e.g. {@code NHWC}
   */
  String dataFormat() {
    return dataFormat;
  }

  /**
   * Parses {@code -Dsamediff.layout}.
   *
   * @param value the property's value, or null / blank for {@link #DEFAULT}
   * @return the layout
   * @throws IllegalArgumentException naming the option and listing the valid values if unknown
   */
  public static SameDiffLayout of(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT;
    }
    for (SameDiffLayout l : values()) {
      if (l.id.equals(value.trim().toLowerCase(Locale.ROOT))) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "-D"
            + PROPERTY
            + "="
            + value
            + " is not a layout of the"
            + " dl4j-samediff adapter; valid: "
            + Arrays.stream(values()).map(SameDiffLayout::id).collect(Collectors.joining(", "))
            + " (default "
            + DEFAULT.id
            + ")");
  }

  /**
   * @return the layout this JVM's {@code -Dsamediff.layout} chooses
   */
  public static SameDiffLayout fromSystemProperty() {
    return of(System.getProperty(PROPERTY));
  }
}
