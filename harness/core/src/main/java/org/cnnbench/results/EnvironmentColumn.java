package org.cnnbench.results;

import java.util.List;

/** The columns of {@code environment.csv}: one provenance key and its value per row. */
public enum EnvironmentColumn implements Column {
  /** The key, e.g. {@code git.commit}. */
  KEY,
  /** Its value. */
  VALUE;

  /** The header row of {@code environment.csv}. */
  public static final List<String> HEADERS = Column.headers(EnvironmentColumn.class);
}
