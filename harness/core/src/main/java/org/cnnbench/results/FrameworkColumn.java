package org.cnnbench.results;

import java.util.List;

/**
 * The columns of {@code frameworks.csv}, one row per framework of the run, written when the run
 * starts from each provider's description, in file order.
 */
public enum FrameworkColumn implements Column {
  /** The adapter's name ({@code -Dframeworks=}). */
  FRAMEWORK,
  /** The name for people. */
  DISPLAY_NAME,
  /** How the adapter drives its framework, in one sentence. */
  DRIVEN_BY,
  /** The programming interface the adapter uses. */
  API,
  /** The language the network is written in. */
  LANGUAGE,
  /** {@code true} for the framework the others are measured against. */
  REFERENCE,
  /**
   * The adapter's modules and their lines of code, as space-separated {@code module=lines} pairs.
   */
  ADAPTER_MODULES;

  /** The header row of {@code frameworks.csv}. */
  public static final List<String> HEADERS = Column.headers(FrameworkColumn.class);
}
