package org.cnnbench.report;

/**
 * A row of a run's CSV file that the report could not use (a cell that is not a number, a row cut
 * short, an extra column, an unknown status); the row is left out of every table, chart and
 * conclusion.
 *
 * @param file the file's name, e.g. {@code trials.csv}
 * @param line the row's line in the file, from 1 (the header); 0 for a problem of the whole file
 * @param framework the row's framework when it could be read, else empty
 * @param dataset the row's dataset when it could be read, else empty
 * @param model the row's model when it could be read, else empty
 * @param problem what is wrong
 */
public record ReadWarning(
    String file, long line, String framework, String dataset, String model, String problem) {

  /**
   * @return e.g. {@code trials.csv line 3: column test_accuracy is "abc", not a number; row not
   *     used}
   */
  public String text() {
    return file
        + (line > 0 ? " line " + line : "")
        + ": "
        + problem
        + (line > 0 ? "; row not used" : "");
  }

  /**
   * @param dataset a dataset
   * @param model a model
   * @return whether the row left out may have belonged to this dataset and model
   */
  boolean concerns(String dataset, String model) {
    return (this.dataset.isEmpty() || this.dataset.equals(dataset))
        && (this.model.isEmpty() || this.model.equals(model));
  }
}
