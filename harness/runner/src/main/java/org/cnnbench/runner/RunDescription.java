package org.cnnbench.runner;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVPrinter;
import org.cnnbench.results.FrameworkColumn;
import org.cnnbench.results.ModelColumn;
import org.cnnbench.runner.store.ResultsStore;
import org.cnnbench.spec.LayerSummary;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.FrameworkDescription;
import org.cnnbench.spi.FrameworkProvider;

/**
 * Writes what the report says about the run's frameworks and models into the run folder when the
 * run starts, so that the report reads the run folder alone: {@code frameworks.csv} (each
 * provider's description and the size of its adapter modules) and {@code models.csv} (each model's
 * layers, output shapes and parameter counts, computed by the spec).
 */
public final class RunDescription {

  /** The frameworks' descriptions, one row per framework. */
  static final String FRAMEWORKS = "frameworks.csv";

  /** The models' summaries, one row per layer and a {@code total} row per model. */
  static final String MODELS = "models.csv";

  private RunDescription() {}

  /**
   * Writes both files, replacing older ones.
   *
   * @param runDir the run folder
   * @param providers the run's frameworks
   * @param models the run's models by name
   * @param repository the checkout whose {@code adapters/} are measured
   * @throws IOException if a file cannot be written
   */
  static void write(
      Path runDir,
      Collection<FrameworkProvider> providers,
      Map<String, ModelSpec> models,
      Path repository)
      throws IOException {
    write(runDir, providers, models, Map.of(), repository);
  }

  /**
   * @param runDir the run folder
   * @param providers the run's frameworks
   * @param models the run's models by name
   * @param sources per model read from a file: the file's name, format, SHA-256 and the defaults it
   *     left to cnn-bench, added to the model's total row
   * @param repository the checkout whose {@code adapters/} are measured
   * @throws IOException if a file cannot be written
   */
  static void write(
      Path runDir,
      Collection<FrameworkProvider> providers,
      Map<String, ModelSpec> models,
      Map<String, String> sources,
      Path repository)
      throws IOException {
    StringBuilder frameworks = new StringBuilder();
    try (CSVPrinter out = new CSVPrinter(frameworks, ResultsStore.FORMAT)) {
      out.printRecord(FrameworkColumn.HEADERS);
      for (FrameworkProvider p : providers) {
        FrameworkDescription d = p.description();
        List<String> modules = new ArrayList<>();
        AdapterCode.modules(repository, p.name(), classpath(p))
            .forEach(m -> modules.add(m.module() + "=" + m.lines()));
        out.printRecord(
            p.name(),
            p.displayName(),
            d.drivenBy(),
            d.api(),
            d.language(),
            d.reference(),
            String.join(" ", modules));
      }
    }
    StringBuilder summaries = new StringBuilder();
    try (CSVPrinter out = new CSVPrinter(summaries, ResultsStore.FORMAT)) {
      out.printRecord(ModelColumn.HEADERS);
      for (Map.Entry<String, ModelSpec> e : new LinkedHashMap<>(models).entrySet()) {
        ModelSpec spec = e.getValue();
        for (LayerSummary s : spec.summary()) {
          out.printRecord(
              e.getKey(),
              s.index() + 1,
              s.kind(),
              s.description(),
              s.outputShape(),
              s.parameters());
        }
        String source = sources.containsKey(e.getKey()) ? "; " + sources.get(e.getKey()) : "";
        out.printRecord(
            e.getKey(),
            "total",
            "",
            spec.loss().id() + ", " + spec.optimizer().describe() + source,
            "",
            spec.parameterCount());
      }
    }
    replace(runDir.resolve(FRAMEWORKS), frameworks.toString());
    replace(runDir.resolve(MODELS), summaries.toString());
  }

  /**
   * Joins the shards' files into a merged run: each framework and each model once, from the first
   * shard that has it (the shards ran the same commit). A shard without the files adds nothing.
   *
   * @param shardDirs the shard run folders, in shard order
   * @param mergedDir the merged run folder
   * @throws IOException if a file cannot be read or written
   */
  public static void merge(List<Path> shardDirs, Path mergedDir) throws IOException {
    merge(
        shardDirs,
        mergedDir.resolve(FRAMEWORKS),
        FRAMEWORKS,
        FrameworkColumn.HEADERS,
        FrameworkColumn.FRAMEWORK.header());
    merge(
        shardDirs,
        mergedDir.resolve(MODELS),
        MODELS,
        ModelColumn.HEADERS,
        ModelColumn.MODEL.header());
  }

  private static void merge(
      List<Path> shardDirs, Path target, String name, List<String> columns, String key)
      throws IOException {
    Map<String, List<List<String>>> byKey = new LinkedHashMap<>();
    for (Path shard : shardDirs) {
      Path file = shard.resolve(name);
      if (!Files.isRegularFile(file)) {
        continue;
      }
      Map<String, List<List<String>>> own = new LinkedHashMap<>();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
          org.apache.commons.csv.CSVParser parser =
              ResultsStore.FORMAT
                  .builder()
                  .setHeader()
                  .setSkipHeaderRecord(true)
                  .build()
                  .parse(r)) {
        for (org.apache.commons.csv.CSVRecord rec : parser) {
          if (rec.isConsistent() && rec.isMapped(key)) {
            List<String> row = new ArrayList<>();
            columns.forEach(c -> row.add(rec.isMapped(c) ? rec.get(c) : ""));
            own.computeIfAbsent(rec.get(key), k -> new ArrayList<>()).add(row);
          }
        }
      }
      own.forEach(byKey::putIfAbsent);
    }
    if (byKey.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder();
    try (CSVPrinter out = new CSVPrinter(text, ResultsStore.FORMAT)) {
      out.printRecord(columns);
      for (List<List<String>> rows : byKey.values()) {
        for (List<String> row : rows) {
          out.printRecord(row);
        }
      }
    }
    replace(target, text.toString());
  }

  /** The adapter's class path, empty when it cannot be determined. */
  private static List<String> classpath(FrameworkProvider p) {
    try {
      return p.childClasspath();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static void replace(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
