package org.cnnbench.report;

import java.nio.file.Path;

/**
 * How a report is generated.
 *
 * @param language {@code en} or {@code fr}; empty to take {@code -Dreport.lang} from the run's own
 *     command line (English when it has none)
 * @param baselineRunDir {@code results/<baseline-run-id>} to compare against, or null for no
 *     comparison
 * @param pngCopies whether each SVG chart also gets a PNG copy beside it (for slide software)
 */
public record ReportOptions(String language, Path baselineRunDir, boolean pngCopies) {

  /** Normalises a null language to empty. */
  public ReportOptions {
    language = language == null ? "" : language;
  }

  /**
   * @return the language of the run's command line, no comparison, PNG copies
   */
  public static ReportOptions defaults() {
    return new ReportOptions("", null, true);
  }

  /**
   * @return a copy with this language
   */
  public ReportOptions withLanguage(String value) {
    return new ReportOptions(value, baselineRunDir, pngCopies);
  }

  /**
   * @return a copy comparing against this baseline run folder
   */
  public ReportOptions withBaseline(Path value) {
    return new ReportOptions(language, value, pngCopies);
  }
}
