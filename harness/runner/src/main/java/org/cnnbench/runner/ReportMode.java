package org.cnnbench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.cnnbench.report.HtmlReport;
import org.cnnbench.report.ReportOptions;

/**
 * {@code -Dbench=report}: writes the report of a run ({@code -Drun}, else the latest);
 * {@code -Dbench=compare}: the same, compared with {@code -Dbaseline}.
 */
final class ReportMode implements Mode {

  @Override
  public ExitCode run(Invocation in) throws IOException {
    BenchOptions options = in.options();
    String run = options.run().isEmpty() ? ResultsStore.latest(options.resultsDir()) : options.run();
    Path runDir = run == null ? null : options.resultsDir().resolve(run);
    if (runDir == null || !Files.isDirectory(runDir)) {
      throw new OptionException("no results to report: " + (run == null ? options.resultsDir()
          + " has no 'latest' run" : runDir + " does not exist") + "; pass -Drun=<run-id>");
    }
    ReportOptions reportOptions = ReportOptions.defaults()
        .withLanguage(options.given().containsKey("report.lang") ? options.reportLanguage() : "");
    if (options.benches().contains(Verb.COMPARE.id())) {
      Path baselineDir = options.baseline().isEmpty() ? null : options.resultsDir().resolve(options.baseline());
      if (baselineDir == null || !Files.isDirectory(baselineDir)) {
        throw new OptionException("-Dbench=compare needs -Dbaseline=<run-id> naming a folder of "
            + options.resultsDir() + (baselineDir == null ? "" : "; " + baselineDir + " does not exist"));
      }
      reportOptions = reportOptions.withBaseline(baselineDir);
    }
    OutputDirs.check(options.reportsDir(), "reports.dir");
    long start = System.nanoTime();
    HtmlReport.generate(runDir, options.reportsDir().resolve(run), reportOptions)
        .forEach(w -> in.err().println("cnn-bench: warning: " + w));
    ResultsStore.markLatest(options.reportsDir(), run);
    in.out().printf(Locale.ROOT, "report: %s (and slides.html), generated in %.2f s%n",
        options.reportsDir().resolve(run).resolve("index.html"), (System.nanoTime() - start) / 1e9);
    return ExitCode.OK;
  }
}
