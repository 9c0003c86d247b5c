package org.cnnbench.runner.mode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.cnnbench.report.HtmlReport;
import org.cnnbench.report.RegressionGate;
import org.cnnbench.report.ReportOptions;
import org.cnnbench.runner.BenchOptions;
import org.cnnbench.runner.ExitCode;
import org.cnnbench.runner.OptionException;
import org.cnnbench.runner.store.OutputDirs;
import org.cnnbench.runner.store.ResultsStore;

/**
 * {@code -Dbench=report}: writes the report of a run ({@code -Drun}, else the latest); {@code
 * -Dbench=compare}: the same, compared with {@code -Dbaseline}.
 */
final class ReportMode implements Mode {

  @Override
  public ExitCode run(Invocation in) throws IOException {
    BenchOptions options = in.options();
    String run =
        options.run().isEmpty() ? ResultsStore.latest(options.resultsDir()) : options.run();
    Path runDir = run == null ? null : options.resultsDir().resolve(run);
    if (runDir == null || !Files.isDirectory(runDir)) {
      throw new OptionException(
          "no results to report: "
              + (run == null
                  ? options.resultsDir() + " has no 'latest' run"
                  : runDir + " does not exist")
              + "; pass -Drun=<run-id>");
    }
    ReportOptions reportOptions =
        ReportOptions.defaults()
            .withLanguage(
                options.given().containsKey("report.lang") ? options.reportLanguage() : "");
    if (options.benches().contains(Verb.COMPARE.id())) {
      Path baselineDir =
          options.baseline().isEmpty() ? null : options.resultsDir().resolve(options.baseline());
      if (baselineDir == null || !Files.isDirectory(baselineDir)) {
        throw new OptionException(
            "-Dbench=compare needs -Dbaseline=<run-id> naming a folder of "
                + options.resultsDir()
                + (baselineDir == null ? "" : "; " + baselineDir + " does not exist"));
      }
      reportOptions = reportOptions.withBaseline(baselineDir);
    }
    OutputDirs.check(options.reportsDir(), "reports.dir");
    long start = System.nanoTime();
    HtmlReport.generate(runDir, options.reportsDir().resolve(run), reportOptions)
        .forEach(w -> in.err().println("cnn-bench: warning: " + w));
    ResultsStore.markLatest(options.reportsDir(), run);
    in.out()
        .printf(
            Locale.ROOT,
            "report: %s (and slides.html), generated in %.2f s%n",
            options.reportsDir().resolve(run).resolve("index.html"),
            (System.nanoTime() - start) / 1e9);
    if (options.benches().contains(Verb.COMPARE.id())) {
      return regressionGate(
          reportOptions.baselineRunDir(), runDir, options.compareFailPercent(), in.out(), in.err());
    }
    return ExitCode.OK;
  }

  /**
   * Prints each variant's step-time ratio against the baseline and decides the exit code.
   *
   * @param failPercent {@code -Dcompare.fail}, NaN when not given (never fails)
   * @return {@link ExitCode#REGRESSION} when a variant is significantly slower than the threshold
   *     allows
   * @throws OptionException when a threshold is given but the runs share no variant, or a variant
   *     has fewer than two OK repetitions
   */
  private static ExitCode regressionGate(
      Path baselineDir, Path runDir, double failPercent, PrintStream out, PrintStream err)
      throws IOException {
    RegressionGate.Result gate = RegressionGate.compare(baselineDir, runDir, failPercent);
    out.printf(
        Locale.ROOT,
        "compare: %s against baseline %s, steady-state step time (%s), 95 %% intervals%s:%n",
        gate.runId(),
        gate.baselineRunId(),
        gate.measure(),
        Double.isNaN(failPercent)
            ? ""
            : String.format(Locale.ROOT, ", failing above +%s %%", percent(failPercent)));
    gate.changes().forEach(c -> out.println("  " + c.describe()));
    gate.unmatched().forEach(u -> err.println("cnn-bench: warning: compare: " + u));
    if (Double.isNaN(failPercent)) {
      return ExitCode.OK;
    }
    if (gate.changes().isEmpty()) {
      throw new OptionException(
          "-Dcompare.fail: runs "
              + gate.runId()
              + " and "
              + gate.baselineRunId()
              + " have no dataset, model, framework and device in common with an OK trial; pass a -Dbaseline"
              + " run with the same -Dbench and -Dframeworks");
    }
    if (!gate.undecided().isEmpty()) {
      throw new OptionException(
          "-Dcompare.fail needs at least 2 OK repetitions of every compared trial in both"
              + " runs; "
              + gate.undecided().size()
              + " have fewer (e.g. "
              + gate.undecided().get(0).describe()
              + "): rerun with -Drepeats=3");
    }
    if (!gate.regressions().isEmpty()) {
      err.printf(
          Locale.ROOT,
          "cnn-bench: %d of %d variant(s) slower than the baseline by more than %s %%: %s"
              + " (exit code %d)%n",
          gate.regressions().size(),
          gate.changes().size(),
          percent(failPercent),
          String.join(
              "; ",
              gate.regressions().stream()
                  .map(
                      c ->
                          c.dataset()
                              + "/"
                              + c.model()
                              + " "
                              + c.framework()
                              + " ("
                              + c.device()
                              + ")")
                  .toList()),
          ExitCode.REGRESSION.code());
      return ExitCode.REGRESSION;
    }
    return ExitCode.OK;
  }

  private static String percent(double p) {
    return p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p);
  }
}
