package org.cnnbench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.results.FrameworkColumn;
import org.cnnbench.results.ModelColumn;

/**
 * What the run wrote about its frameworks ({@code frameworks.csv}: display name, how it is driven,
 * API, language, adapter modules and their non-blank lines) and models ({@code models.csv}: layers,
 * output shapes, parameter counts) when it started. A run folder from before these files existed,
 * or with an unreadable one, reads as absent: the report then leaves those parts out with a note.
 *
 * @param frameworks rows of {@code frameworks.csv} by framework, or null when the file is absent
 * @param models rows of {@code models.csv} by model, in file order, or null when the file is absent
 */
record RunDescriptions(Map<String, Row> frameworks, Map<String, List<Row>> models) {

  /** The file with the frameworks' descriptions. */
  static final String FRAMEWORKS = "frameworks.csv";

  /** The file with the models' summaries. */
  static final String MODELS = "models.csv";

  /** The {@code position} of a model's total row in {@code models.csv}. */
  static final String TOTAL = "total";

  /** Descriptions of a run that has neither file. */
  static final RunDescriptions NONE = new RunDescriptions(null, null);

  /**
   * @param runDir the run folder
   * @return what the folder holds; never throws for a missing or damaged file
   */
  static RunDescriptions read(Path runDir) {
    Map<String, Row> frameworks = null;
    List<Row> rows = rows(runDir.resolve(FRAMEWORKS));
    if (rows != null) {
      frameworks = new LinkedHashMap<>();
      for (Row r : rows) {
        if (!r.framework().isEmpty()) {
          frameworks.putIfAbsent(r.framework(), r);
        }
      }
    }
    Map<String, List<Row>> models = null;
    rows = rows(runDir.resolve(MODELS));
    if (rows != null) {
      models = new LinkedHashMap<>();
      for (Row r : rows) {
        if (!r.model().isEmpty()) {
          models.computeIfAbsent(r.model(), k -> new ArrayList<>()).add(r);
        }
      }
    }
    return new RunDescriptions(frameworks, models);
  }

  /**
   * @return the file's rows, or null when it is absent or cannot be parsed
   */
  private static List<Row> rows(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return RunData.rows(file);
    } catch (IOException
        | UncheckedIOException
        | IllegalArgumentException
        | IllegalStateException e) {
      return null;
    }
  }

  /**
   * @return the framework the run's frameworks.csv marks as the reference, or null
   */
  String reference() {
    if (frameworks == null) {
      return null;
    }
    return frameworks.values().stream()
        .filter(r -> "true".equalsIgnoreCase(r.text(FrameworkColumn.REFERENCE)))
        .map(Row::framework)
        .findFirst()
        .orElse(null);
  }

  /**
   * @param model a model name
   * @return its parameter count from the total row, or -1 when unknown
   */
  long parameterCount(String model) {
    if (models == null) {
      return -1;
    }
    for (Row r : models.getOrDefault(model, List.of())) {
      double params = r.number(ModelColumn.PARAMS);
      if (TOTAL.equals(r.text(ModelColumn.POSITION)) && !Double.isNaN(params)) {
        return (long) params;
      }
    }
    return -1;
  }
}
