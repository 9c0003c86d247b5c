package org.cnnbench.spi;

import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * One {@code -D} option, declared once: the runner's own options in its registry, a framework's own
 * settings by its provider ({@link FrameworkProvider#options()}). The runner validates every given
 * option with {@link #parse(String)} before any work, records it in the run folder, restores it on
 * resume and hashes it into a plan's fingerprint unless declared otherwise. Pure Java and
 * immutable.
 *
 * @param key the system property, e.g. {@code tensorflow.onednn}
 * @param type what kind of value it takes
 * @param values the valid values of a {@link Type#CHOICE} (the default first) or, for a custom
 *     {@code parser}, the forms the help lists; empty otherwise
 * @param defaultValue its value when not given ("" when there is none)
 * @param help one sentence for the options table
 * @param scope whether it is recorded with the run, restored on resume and part of a plan's
 *     fingerprint
 * @param parser checks a given value and returns it as recorded, throwing {@link
 *     IllegalArgumentException} naming the option and its valid values; null for the type's own
 *     check
 */
public record OptionSpec(
    String key,
    Type type,
    List<String> values,
    String defaultValue,
    String help,
    Scope scope,
    UnaryOperator<String> parser) {

  /** What an option belongs to. */
  public enum Scope {
    /**
     * What a plan measures: recorded in {@code run.properties}, restored by {@code -Dresume}, part
     * of the plan's fingerprint (shards must agree on it); the usual scope of a framework option.
     */
    PLAN,
    /**
     * The run but not what it measures (e.g. the shard, the report's language): recorded, not
     * hashed.
     */
    RUN,
    /**
     * A place (a folder or file): recorded, but a resumed run takes it from the command that
     * resumes, and it is not hashed.
     */
    PLACE,
    /** This command only (e.g. {@code -Dverbose}): neither recorded nor hashed. */
    COMMAND
  }

  /** What kind of value an option takes. */
  public enum Type {
    /** One of {@link OptionSpec#values()}, matched without regard to case. */
    CHOICE("one of"),
    /** A whole number of at least 1. */
    POSITIVE_INT("a positive integer"),
    /** A number. */
    NUMBER("a number"),
    /** {@code true} or {@code false}. */
    BOOLEAN("true or false"),
    /** A folder or file. */
    PATH("a path"),
    /** A whole number. */
    INTEGER("an integer"),
    /** Free text, checked where it is used. */
    TEXT("text");

    private final String description;

    Type(String description) {
      this.description = description;
    }

    /**
     * @return how the options table describes it, e.g. {@code a positive integer}
     */
    public String description() {
      return description;
    }
  }

  /** Copies the list and checks the declaration. */
  public OptionSpec {
    values = List.copyOf(values);
    if (key == null || key.isBlank() || help == null || help.isBlank()) {
      throw new IllegalArgumentException("an option needs a key and a help text: " + key);
    }
    if (type == Type.CHOICE
        && parser == null
        && !values.isEmpty()
        && !values.contains(defaultValue)) {
      throw new IllegalArgumentException(
          "-D" + key + ": default " + defaultValue + " is not among " + values);
    }
  }

  /**
   * @param key the system property
   * @param help one sentence
   * @param values the valid values, the default first
   * @return an option that takes one of the values
   */
  public static OptionSpec choice(String key, String help, String... values) {
    return new OptionSpec(key, Type.CHOICE, List.of(values), values[0], help, Scope.PLAN, null);
  }

  /**
   * @param key the system property
   * @param defaultValue its value when not given
   * @param help one sentence
   * @return an option whose value is a whole number of at least 1
   */
  public static OptionSpec positiveInt(String key, int defaultValue, String help) {
    return new OptionSpec(
        key, Type.POSITIVE_INT, List.of(), String.valueOf(defaultValue), help, Scope.PLAN, null);
  }

  /**
   * @param key the system property
   * @param type its kind of value
   * @param defaultValue its value when not given, "" for none
   * @param help one sentence
   * @return an option of a plan, or a place if its type is {@link Type#PATH}
   */
  public static OptionSpec of(String key, Type type, String defaultValue, String help) {
    return new OptionSpec(
        key,
        type,
        List.of(),
        defaultValue,
        help,
        type == Type.PATH ? Scope.PLACE : Scope.PLAN,
        null);
  }

  /**
   * @param newScope what the option belongs to
   * @return this option in another scope
   */
  public OptionSpec in(Scope newScope) {
    return new OptionSpec(key, type, values, defaultValue, help, newScope, parser);
  }

  /**
   * @param validForms the valid values, or the forms the help lists
   * @return this option with the values the table and messages list
   */
  public OptionSpec withValues(List<String> validForms) {
    return new OptionSpec(key, type, validForms, defaultValue, help, scope, parser);
  }

  /**
   * @return true if it names a place, which a resumed run takes from the command that resumes
   */
  public boolean place() {
    return scope == Scope.PLACE;
  }

  /**
   * @return true if shards must agree on it: it is part of a plan's fingerprint
   */
  public boolean inFingerprint() {
    return scope == Scope.PLAN;
  }

  /**
   * @return true if a run records it in {@code run.properties}
   */
  public boolean recorded() {
    return scope != Scope.COMMAND;
  }

  /**
   * @param validForms the forms the help lists, e.g. {@code default, off, no-<optimizer>,...}
   * @param check checks a given value and returns it as recorded
   * @return this option, checked by {@code check} instead of its type's own check
   */
  public OptionSpec withParser(List<String> validForms, UnaryOperator<String> check) {
    return new OptionSpec(key, type, validForms, defaultValue, help, scope, check);
  }

  /**
   * @param value the new default, e.g. {@code auto}
   * @return this option with another default
   */
  public OptionSpec withDefault(String value) {
    return new OptionSpec(key, type, values, value, help, scope, parser);
  }

  /**
   * Checks a value.
   *
   * @param given the option's value, or null / blank when it is not given
   * @return the value as recorded (a {@link Type#CHOICE} in its declared spelling), or the default
   * @throws IllegalArgumentException naming the option and listing the valid values
   */
  public String parse(String given) {
    if (given == null || given.isBlank()) {
      return defaultValue;
    }
    String v = given.trim();
    if (parser != null) {
      return parser.apply(v);
    }
    switch (type) {
      case CHOICE -> {
        for (String valid : values) {
          if (valid.toLowerCase(Locale.ROOT).equals(v.toLowerCase(Locale.ROOT))) {
            return valid;
          }
        }
      }
      case POSITIVE_INT -> {
        try {
          int n = Integer.parseInt(v);
          if (n > 0) {
            return String.valueOf(n);
          }
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      case NUMBER -> {
        try {
          Double.parseDouble(v);
          return v;
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      case INTEGER -> {
        try {
          return String.valueOf(Long.parseLong(v));
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      case BOOLEAN -> {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
          return v.toLowerCase(Locale.ROOT);
        }
      }
      default -> {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "-D"
            + key
            + "="
            + given
            + " is not valid; valid: "
            + validValues()
            + (defaultValue.isEmpty() ? "" : " (default " + defaultValue + ")"));
  }

  /**
   * @param property the value of a property, or null when it is not set
   * @return the checked value of this option, or its default
   * @throws IllegalArgumentException naming the option and listing the valid values
   */
  public String value(UnaryOperator<String> property) {
    return parse(property.apply(key));
  }

  /**
   * The value in this JVM: in the runner the run's own (it sets the framework options of the run as
   * system properties before any adapter is asked), in a trial what the harness passed.
   *
   * @return the checked value of this JVM's system property, or the default
   */
  public String value() {
    return value(System::getProperty);
  }

  /**
   * @return the valid values for a message or the options table, e.g. {@code on, off}
   */
  public String validValues() {
    return values.isEmpty() ? type.description() : String.join(", ", values);
  }
}
