package org.cnnbench.report;

import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes {@code reports/<run-id>/index.html}, {@code slides.html} and their charts from {@code
 * results/<run-id>/*.csv} alone, so a report can be regenerated at any time without training; and
 * writes the derived step tables into the run folder for scripts ({@link DerivedCsv}).
 */
public final class HtmlReport {

  /** Files a previous generation wrote, removed first so that no stale chart stays behind. */
  private static final Pattern GENERATED =
      Pattern.compile(
          ".*-(accuracy|loss|train-time|throughput|"
              + "time-breakdown|time-to-accuracy|memory|memory-time)\\.(svg|png)|chart-\\d+-.*\\.png");

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

  /**
   * @return the data with notes about missing optional files added to its warnings, shown in the
   *     report
   */
  private static RunData withNotes(RunData data, List<ReadWarning> notes) {
    if (notes.isEmpty()) {
      return data;
    }
    List<ReadWarning> all = new ArrayList<>(notes);
    all.addAll(data.warnings());
    return new RunData(data.trials(), data.epochs(), data.environment(), data.parity(), all);
  }

  /**
   * Generates the report.
   *
   * @param runDir {@code results/<run-id>}
   * @param reportDir destination folder, created if needed
   * @param options language, baseline run and repository
   * @return the warnings about rows that could not be read (also shown in the report), and about
   *     derived tables that could not be written
   * @throws IOException if files cannot be read or written
   */
  public static List<String> generate(Path runDir, Path reportDir, ReportOptions options)
      throws IOException {
    RunFolderFiles.requireComplete(runDir);
    if (options.baselineRunDir() != null) {
      RunFolderFiles.requireComplete(options.baselineRunDir());
    }
    RunData data = withNotes(RunData.read(runDir), RunFolderFiles.missingOptional(runDir));
    RunData baseline =
        options.baselineRunDir() == null ? null : RunData.read(options.baselineRunDir());
    Files.createDirectories(reportDir);
    try (Stream<Path> old = Files.list(reportDir)) {
      for (Path p :
          old.filter(p -> GENERATED.matcher(p.getFileName().toString()).matches()).toList()) {
        Files.delete(p);
      }
    }
    String language =
        options.language().isEmpty() ? ReportModel.languageOf(data) : options.language();
    RunDescriptions descriptions = RunDescriptions.read(runDir);
    List<HarnessOverhead.Ratio> overhead;
    try {
      overhead =
          HarnessOverhead.rows(
              data,
              HarnessOverhead.jmhCsv(runDir, System.getProperty(HarnessOverhead.JMH_RUN_PROPERTY)));
    } catch (IOException | UncheckedIOException e) {
      overhead =
          List.of(); // a damaged jmh.csv: the JMH section says so, the rest of the report stands
    }
    List<String> warnings =
        new ArrayList<>(data.warnings().stream().map(ReadWarning::text).toList());
    try {
      DerivedCsv.write(runDir, data, overhead);
    } catch (IOException e) {
      warnings.add(
          "the step tables ("
              + DerivedCsv.STEP_SUMMARY
              + ", "
              + DerivedCsv.STEP_RATIOS
              + ", "
              + DerivedCsv.HARNESS_OVERHEAD
              + ") could not be written into "
              + runDir
              + ": "
              + e.getMessage());
    }
    ReportModel.Page page =
        ReportModel.build(
            runDir,
            data,
            descriptions,
            Labels.of(language),
            new Charts(reportDir, options.pngCopies()),
            baseline,
            overhead);
    render(Templates.INDEX, page, reportDir.resolve("index.html"));
    render(Templates.SLIDES, page, reportDir.resolve("slides.html"));
    return warnings;
  }

  private static void render(String templateName, ReportModel.Page page, Path file)
      throws IOException {
    Template template = Templates.compile(templateName);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      template.execute(page, w);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
