package org.cnnbench.spi;

/**
 * How an adapter runs its framework, in the words a report shows; written into each run folder
 * ({@code frameworks.csv}) so that the report needs nothing but the run folder.
 *
 * @param drivenBy one sentence: which library, engine and native code train the network and how the
 *     adapter reaches them, e.g. {@code Deep Java Library (DJL) with its PyTorch engine (libtorch
 *     through JNI)}
 * @param api the programming interface the adapter uses, e.g. {@code DJL Java API}
 * @param language the language the network is written in, e.g. {@code Java} or {@code Python}
 * @param reference whether this is the framework the others are measured against (the report's
 *     "Java vs Python" table); at most one adapter says so
 */
public record FrameworkDescription(
    String drivenBy, String api, String language, boolean reference) {

  /** Rejects blank or multi-line parts: each is one cell of a table. */
  public FrameworkDescription {
    drivenBy = oneLine(drivenBy, "drivenBy");
    api = oneLine(api, "api");
    language = oneLine(language, "language");
  }

  /**
   * A framework that is compared, not the reference.
   *
   * @param drivenBy how it is driven
   * @param api the API the adapter uses
   * @param language the language of the network
   */
  public FrameworkDescription(String drivenBy, String api, String language) {
    this(drivenBy, api, language, false);
  }

  private static String oneLine(String value, String what) {
    if (value == null || value.isBlank() || value.contains("\n") || value.contains("\r")) {
      throw new IllegalArgumentException(
          "a framework description's " + what + " must be one non-blank line, got: " + value);
    }
    return value.trim();
  }
}
