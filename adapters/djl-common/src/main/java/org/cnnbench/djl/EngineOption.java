package org.cnnbench.djl;

import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * One engine setting of a DJL adapter that a run may change with a {@code -D} option for an A/B
 * measurement (docs/options.md, the adapter's README): its name, its valid values and its default. Pure
 * Java: the runner reads and checks it in its own JVM and passes the value to each trial, where
 * {@code environment.csv} records it.
 *
 * @param key the system property, e.g. {@code mxnet.engine}
 * @param values the valid values, the default first; empty for a positive integer
 * @param defaultValue the value when the option is not given
 */
public record EngineOption(String key, List<String> values, String defaultValue) {

  /** Copies the list; the default must be valid. */
  public EngineOption {
    values = List.copyOf(values);
    if (!values.isEmpty() && !values.contains(defaultValue)) {
      throw new IllegalArgumentException(defaultValue + " is not among " + values);
    }
  }

  /**
   * @param key the system property
   * @param values the valid values, the default first
   * @return the option
   */
  public static EngineOption choice(String key, String... values) {
    return new EngineOption(key, List.of(values), values[0]);
  }

  /**
   * @param key the system property
   * @param defaultValue its value when not given
   * @return an option whose value is a positive integer
   */
  public static EngineOption positiveInt(String key, int defaultValue) {
    return new EngineOption(key, List.of(), String.valueOf(defaultValue));
  }

  /** @return the value of this JVM's system property, or the default */
  public String value() {
    return value(System::getProperty);
  }

  /**
   * @param property the value of a property, or null when it is not set
   * @return the checked value (a valid value as spelled in {@link #values}), or the default
   * @throws IllegalArgumentException naming the option and listing the valid values
   */
  public String value(UnaryOperator<String> property) {
    String given = property.apply(key);
    if (given == null || given.isBlank()) {
      return defaultValue;
    }
    String v = given.trim();
    if (values.isEmpty()) {
      try {
        int n = Integer.parseInt(v);
        if (n > 0) {
          return String.valueOf(n);
        }
      } catch (NumberFormatException e) {
        // fall through to the message
      }
      throw new IllegalArgumentException("-D" + key + "=" + given + " is not valid; valid: a positive"
          + " integer (default " + defaultValue + ")");
    }
    for (String valid : values) {
      if (valid.toLowerCase(Locale.ROOT).equals(v.toLowerCase(Locale.ROOT))) {
        return valid;
      }
    }
    throw new IllegalArgumentException("-D" + key + "=" + given + " is not valid; valid: "
        + String.join(", ", values) + " (default " + defaultValue + ")");
  }
}
