package org.cnnbench.results;

import java.util.List;

/** The columns of {@code parity.csv} ({@code -Dbench=parity}), one row per check, in file order. */
public enum ParityColumn implements Column {
  /** The catalogue model. */
  MODEL,
  /** The framework checked. */
  FRAMEWORK,
  /** What it is compared with: a framework, or {@code java-reference}. */
  REFERENCE,
  /** {@code forward}, {@code sgd_step} or {@code adam_step}. */
  CHECK,
  /** The largest absolute difference, empty when there is none to compute. */
  MAX_ABS_DIFF,
  /** The largest accepted difference. */
  TOLERANCE,
  /** {@code true} or {@code false}. */
  PASS,
  /** Why a check failed. */
  REASON;

  /** The header row of {@code parity.csv}. */
  public static final List<String> HEADERS = Column.headers(ParityColumn.class);
}
