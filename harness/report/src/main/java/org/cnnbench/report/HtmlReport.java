package org.cnnbench.report;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes {@code reports/<run-id>/index.html}, {@code slides.html} and their charts from
 * {@code results/<run-id>/*.csv} alone, so a report can be regenerated at any time without training.
 */
public final class HtmlReport {

  /** Files a previous generation wrote, removed first so that no stale chart stays behind. */
  private static final Pattern GENERATED = Pattern.compile(".*-(accuracy|loss|train-time|throughput|"
      + "time-breakdown|time-to-accuracy|memory)\\.(svg|png)|chart-\\d+-.*\\.png");

  private HtmlReport() {}

  /**
   * Generates the report with {@link ReportOptions#defaults()}.
   *
   * @param runDir {@code results/<run-id>}
   * @param reportDir destination folder, created if needed
   * @return the warnings about rows that could not be read, also shown in the report
   * @throws IOException if files cannot be read or written
   */
  public static List<String> generate(Path runDir, Path reportDir) throws IOException {
    return generate(runDir, reportDir, ReportOptions.defaults());
  }

  /** @return the data with notes about missing optional files added to its warnings, shown in the report */
  private static RunData withNotes(RunData data, List<ReadWarning> notes) {
    if (notes.isEmpty()) {
      return data;
    }
    List<ReadWarning> all = new java.util.ArrayList<>(notes);
    all.addAll(data.warnings());
    return new RunData(data.trials(), data.epochs(), data.environment(), data.parity(), all);
  }

  /**
   * Generates the report.
   *
   * @param runDir {@code results/<run-id>}
   * @param reportDir destination folder, created if needed
   * @param options language, baseline run and repository
   * @return the warnings about rows that could not be read, also shown in the report
   * @throws IOException if files cannot be read or written
   */
  public static List<String> generate(Path runDir, Path reportDir, ReportOptions options) throws IOException {
    RunFolderFiles.requireComplete(runDir);
    if (options.baselineRunDir() != null) {
      RunFolderFiles.requireComplete(options.baselineRunDir());
    }
    RunData data = withNotes(RunData.read(runDir), RunFolderFiles.missingOptional(runDir));
    RunData baseline = options.baselineRunDir() == null ? null : RunData.read(options.baselineRunDir());
    Files.createDirectories(reportDir);
    try (Stream<Path> old = Files.list(reportDir)) {
      for (Path p : old.filter(p -> GENERATED.matcher(p.getFileName().toString()).matches()).toList()) {
        Files.delete(p);
      }
    }
    String language = options.language().isEmpty() ? ReportModel.languageOf(data) : options.language();
    ReportModel model = new ReportModel(data, RunDescriptions.read(runDir), Labels.of(language),
        new Charts(reportDir, options.pngCopies()));
    Map<String, Object> context = model.context(baseline);
    List<Map<String, String>> overhead;
    try {
      overhead = HarnessOverhead.rows(data, HarnessOverhead.jmhCsv(runDir,
          System.getProperty(HarnessOverhead.JMH_RUN_PROPERTY)));
    } catch (IOException | java.io.UncheckedIOException e) {
      overhead = List.of(); // a damaged jmh.csv: the JMH section says so, the rest of the report stands
    }
    if (!overhead.isEmpty()) {
      context.put("overhead", Map.of("rows", overhead, "target", String.valueOf(HarnessOverhead.TARGET)));
    }
    Labels labels = Labels.of(language);
    Map<String, Object> jmh = Benchmarks.jmh(runDir, labels);
    if (jmh != null) {
      context.put("jmh", jmh);
    }
    Map<String, Object> threads = Benchmarks.threads(runDir, labels, new Charts(reportDir, options.pngCopies()));
    if (threads != null) {
      context.put("threads", threads);
    }
    render("index.html.mustache", context, reportDir.resolve("index.html"));
    render("slides.html.mustache", context, reportDir.resolve("slides.html"));
    return data.warnings().stream().map(ReadWarning::text).toList();
  }

  private static void render(String templateName, Map<String, Object> context, Path file) throws IOException {
    Template template;
    try (InputStream in = HtmlReport.class.getResourceAsStream(templateName)) {
      if (in == null) {
        throw new IOException("template " + templateName + " is missing from the class path");
      }
      try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        template = Mustache.compiler().escapeHTML(true).emptyStringIsFalse(true).defaultValue("").compile(r);
      }
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      template.execute(context, w);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
