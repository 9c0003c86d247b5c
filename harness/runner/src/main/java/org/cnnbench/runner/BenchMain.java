package org.cnnbench.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.cnnbench.data.Datasets;
import org.cnnbench.report.HtmlReport;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.Frameworks;

/** {@code mvn exec:java -Dbench=...}: the command-line entry point of cnn-bench. */
public final class BenchMain {

  private BenchMain() {}

  /**
   * Runs what the {@code -D} options ask for and exits with an {@link ExitCode}; a fatal error is
   * printed as the last line, without a stack trace unless {@code -Dverbose=true}.
   *
   * @param args ignored; options are system properties
   */
  public static void main(String[] args) {
    int code;
    Map<String, FrameworkProvider> providers = new LinkedHashMap<>();
    try {
      for (FrameworkProvider p : Frameworks.available()) {
        providers.put(p.name(), p);
      }
      code = run(System.getProperties(), providers, root(), Datasets::prepare, BuildCheck::verify,
          System.out, System.err);
    } catch (RuntimeException | Error e) {
      code = fatal(System.out, System.err, Boolean.getBoolean("verbose"), e,
          "internal error: " + e + " (rerun with -Dverbose=true for the stack trace)", ExitCode.INTERNAL);
    }
    System.out.flush();
    System.err.flush();
    if (code != 0) {
      // Exits here rather than throwing, so that Maven prints nothing after the message.
      System.exit(code);
    }
  }

  /**
   * Runs one invocation and turns every outcome into an exit code.
   *
   * @param props the {@code -D} options
   * @param providers the adapters found, by name
   * @param root the checkout root
   * @param preparer prepares datasets before any trial
   * @param check verifies that the build matches the checkout before any trial
   * @param out progress and results
   * @param err warnings and the fatal message
   * @return the exit code
   */
  static int run(Properties props, Map<String, FrameworkProvider> providers, Path root,
      Bench.DatasetPreparer preparer, BuildCheck.Verifier check, PrintStream out, PrintStream err) {
    boolean verbose = Boolean.parseBoolean(props.getProperty("verbose", "false"));
    Interrupts.install(err);
    try {
      return dispatch(props, providers, root, preparer, check, out, err).code();
    } catch (RunInterruptedException e) {
      return fatal(out, err, verbose, e, e.getMessage(), ExitCode.INTERRUPTED);
    } catch (OptionException e) {
      return fatal(out, err, verbose, e, e.getMessage(), ExitCode.USAGE);
    } catch (BuildCheck.MismatchException e) {
      return fatal(out, err, verbose, e, e.getMessage(), ExitCode.STALE_BUILD);
    } catch (IOException e) {
      return fatal(out, err, verbose, e, OutputDirs.describe(e), ExitCode.IO);
    } catch (UncheckedIOException e) {
      String context = e.getMessage();
      String cause = OutputDirs.describe(e.getCause());
      return fatal(out, err, verbose, e, context != null && !context.equals(e.getCause().toString())
          ? context + ": " + cause : cause, ExitCode.IO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fatal(out, err, verbose, e, "interrupted", ExitCode.INTERNAL);
    } catch (RuntimeException e) {
      return fatal(out, err, verbose, e, "internal error: " + e
          + (verbose ? "" : " (rerun with -Dverbose=true for the stack trace)"), ExitCode.INTERNAL);
    }
  }

  private static int fatal(PrintStream out, PrintStream err, boolean verbose, Throwable e, String message,
      ExitCode code) {
    out.flush();
    if (verbose) {
      e.printStackTrace(err);
    }
    err.println("cnn-bench: " + message);
    err.flush();
    return code.code();
  }

  private static ExitCode dispatch(Properties props, Map<String, FrameworkProvider> providers, Path root,
      Bench.DatasetPreparer preparer, BuildCheck.Verifier check, PrintStream out, PrintStream err)
      throws IOException, InterruptedException {
    for (String warning : OptionKeys.nearMisses(props)) {
      err.println("cnn-bench: warning: " + warning);
    }
    BenchOptions options = BenchOptions.parse(DefaultFrameworks.leaveOutUnrunnable(props, providers, err),
        List.copyOf(providers.keySet()), root);
    if (!options.resume().isEmpty()) {
      String id = options.resume().equals("latest") ? ResultsStore.latest(options.resultsDir())
          : options.resume();
      if (id == null || !Files.isDirectory(options.resultsDir().resolve(id))) {
        throw new OptionException("-Dresume=" + options.resume() + ": no such run in "
            + options.resultsDir() + (options.given().containsKey("results.dir") ? ""
            : " (pass -Dresults.dir=<folder> if the results moved)"));
      }
      // The run continues with the options it was started with; only -Dresume and the folders come
      // from this command.
      Path runDir = options.resultsDir().resolve(id);
      ResumeOptions merged = ResumeOptions.merge(Bench.runOptions(runDir), options.given(), runDir);
      if (!merged.ignored().isEmpty()) {
        err.println("cnn-bench: warning: -Dresume continues run " + id + " with the options it was started"
            + " with; ignored: " + String.join(", ", merged.ignored()));
      }
      options = BenchOptions.parse(merged.properties(), List.copyOf(providers.keySet()), root);
      Map<String, FrameworkProvider> selected = new LinkedHashMap<>();
      options.frameworks().forEach(f -> selected.put(f, providers.get(f)));
      OutputDirs.check(options.reportsDir(), "reports.dir");
      check.verify(root, selected);
      return RunSummary.print(new Bench(options, selected, preparer, out).resume(id), out, err);
    }
    Map<String, FrameworkProvider> selected = new LinkedHashMap<>();
    options.frameworks().forEach(f -> selected.put(f, providers.get(f)));
    checkAdapterOptions(selected.values());
    if (options.benches().contains("merge")) {
      new ShardMerge(options, out).merge();
      return ExitCode.OK;
    }
    if (options.benches().contains("report") || options.benches().contains("compare")) {
      String run = options.run().isEmpty() ? org.cnnbench.runner.ResultsStore.latest(options.resultsDir())
          : options.run();
      Path runDir = run == null ? null : options.resultsDir().resolve(run);
      if (runDir == null || !Files.isDirectory(runDir)) {
        throw new OptionException("no results to report: " + (run == null ? options.resultsDir()
            + " has no 'latest' run" : runDir + " does not exist") + "; pass -Drun=<run-id>");
      }
      org.cnnbench.report.ReportOptions reportOptions = org.cnnbench.report.ReportOptions.defaults()
          .withLanguage(options.given().containsKey("report.lang") ? options.reportLanguage() : "");
      if (options.benches().contains("compare")) {
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
          .forEach(w -> err.println("cnn-bench: warning: " + w));
      ResultsStore.markLatest(options.reportsDir(), run);
      out.printf(Locale.ROOT, "report: %s (and slides.html), generated in %.2f s%n",
          options.reportsDir().resolve(run).resolve("index.html"), (System.nanoTime() - start) / 1e9);
      return ExitCode.OK;
    }
    Bench bench = new Bench(options, selected, preparer, out);
    if (options.benches().contains("list")) {
      printPlan(bench.plan(), options, out);
      if (options.given().containsKey("shard") || options.given().containsKey("shards")) {
        Sharding.printShards(bench.plan(), options, out);
      }
      return ExitCode.OK;
    }
    OutputDirs.check(options.resultsDir(), "results.dir");
    OutputDirs.check(options.reportsDir(), "reports.dir");
    check.verify(root, selected);
    return RunSummary.print(bench.run(), out, err);
  }

  /** Each selected adapter checks its own -D options (e.g. -Ddl4j.native) before any work starts. */
  private static void checkAdapterOptions(java.util.Collection<FrameworkProvider> selected) {
    for (FrameworkProvider p : selected) {
      try {
        p.checkOptions();
      } catch (IllegalArgumentException e) {
        throw new OptionException(e.getMessage());
      }
    }
  }

  private static void printPlan(List<PlannedTrial> plan, BenchOptions options, PrintStream out) {
    out.printf(Locale.ROOT, "%d trial(s), profile %s, %d thread(s), seed %d:%n", plan.size(),
        options.profile(), options.threads(), options.seed());
    out.printf(Locale.ROOT, "  %-40s %6s %6s %8s %10s %10s  %s%n", "trial", "epochs", "batch",
        "samples", "params", "estimate", "status");
    DurationEstimates estimates = DurationEstimates.read(options.resultsDir());
    double total = 0;
    int unknown = 0;
    for (PlannedTrial t : plan) {
      double seconds = t.runnable() ? estimates.seconds(t, options.threads()) : 0;
      if (Double.isNaN(seconds)) {
        unknown++;
      } else {
        total += seconds;
      }
      out.printf(Locale.ROOT, "  %-40s %6d %6d %8s %10d %10s  %s%n", t.trialId(), t.epochs(),
          t.batchSize(), t.samples() == 0 ? "all" : String.valueOf(t.samples()), t.params(),
          t.runnable() ? Progress.duration(seconds) : "-",
          t.runnable() ? "will run" : t.preStatus() + ": " + t.preReason());
    }
    out.printf(Locale.ROOT, "estimated duration: %s%s (median wall time of the same trials in"
        + " earlier runs in %s)%n", Progress.duration(total), unknown > 0 ? " + " + unknown
        + " trial(s) never run before" : "", options.resultsDir());
    out.println("models: " + String.join(", ", ModelCatalog.names()));
    out.print(DatasetNames.listing());
  }

  /** @return the repository root: Maven's multi-module project directory, else the working directory */
  static Path root() {
    String dir = System.getProperty("maven.multiModuleProjectDirectory");
    return Path.of(dir != null ? dir : System.getProperty("user.dir")).toAbsolutePath().normalize();
  }
}
