package org.cnnbench.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cnnbench.report.HtmlReport;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.Frameworks;

/** {@code mvn exec:java -Dbench=...}: the command-line entry point of cnn-bench. */
public final class BenchMain {

  private BenchMain() {}

  /**
   * Runs what the {@code -D} options ask for.
   *
   * @param args ignored; options are system properties
   * @throws Exception when the run cannot proceed (bad option, unwritable results)
   */
  public static void main(String[] args) throws Exception {
    Map<String, FrameworkProvider> providers = new LinkedHashMap<>();
    for (FrameworkProvider p : Frameworks.available()) {
      providers.put(p.name(), p);
    }
    Path root = root();
    BenchOptions options;
    try {
      options = BenchOptions.parse(System.getProperties(), List.copyOf(providers.keySet()), root);
    } catch (OptionException e) {
      System.err.println("cnn-bench: " + e.getMessage());
      throw e;
    }
    if (!options.resume().isEmpty()) {
      String id = options.resume().equals("latest") ? ResultsStore.latest(options.resultsDir())
          : options.resume();
      if (id == null || !Files.isDirectory(options.resultsDir().resolve(id))) {
        throw new OptionException("-Dresume=" + options.resume() + ": no such run in "
            + options.resultsDir());
      }
      // The run continues with the options it was started with; only -Dresume comes from this command.
      options = BenchOptions.parse(Bench.runOptions(options.resultsDir().resolve(id)),
          List.copyOf(providers.keySet()), root);
      Map<String, FrameworkProvider> selected = new LinkedHashMap<>();
      options.frameworks().forEach(f -> selected.put(f, providers.get(f)));
      new Bench(options, selected, System.out).resume(id);
      return;
    }
    Map<String, FrameworkProvider> selected = new LinkedHashMap<>();
    options.frameworks().forEach(f -> selected.put(f, providers.get(f)));
    checkAdapterOptions(selected.values());
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
      long start = System.nanoTime();
      HtmlReport.generate(runDir, options.reportsDir().resolve(run), reportOptions);
      ResultsStore.markLatest(options.reportsDir(), run);
      System.out.printf(Locale.ROOT, "report: %s (and slides.html), generated in %.2f s%n",
          options.reportsDir().resolve(run).resolve("index.html"), (System.nanoTime() - start) / 1e9);
      return;
    }
    Bench bench = new Bench(options, selected, System.out);
    if (options.benches().contains("list")) {
      printPlan(bench.plan(), options);
      return;
    }
    bench.run();
  }

  /** Each selected adapter checks its own -D options (e.g. -Ddl4j.native) before any work starts. */
  private static void checkAdapterOptions(java.util.Collection<FrameworkProvider> selected) {
    for (FrameworkProvider p : selected) {
      try {
        p.checkOptions();
      } catch (IllegalArgumentException e) {
        System.err.println("cnn-bench: " + e.getMessage());
        throw new OptionException(e.getMessage());
      }
    }
  }

  private static void printPlan(List<PlannedTrial> plan, BenchOptions options) {
    System.out.printf(Locale.ROOT, "%d trial(s), profile %s, %d thread(s), seed %d:%n", plan.size(),
        options.profile(), options.threads(), options.seed());
    System.out.printf(Locale.ROOT, "  %-40s %6s %6s %8s %10s %10s  %s%n", "trial", "epochs", "batch",
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
      System.out.printf(Locale.ROOT, "  %-40s %6d %6d %8s %10d %10s  %s%n", t.trialId(), t.epochs(),
          t.batchSize(), t.samples() == 0 ? "all" : String.valueOf(t.samples()), t.params(),
          t.runnable() ? Progress.duration(seconds) : "-",
          t.runnable() ? "will run" : t.preStatus() + ": " + t.preReason());
    }
    System.out.printf(Locale.ROOT, "estimated duration: %s%s (median wall time of the same trials in"
        + " earlier runs in %s)%n", Progress.duration(total), unknown > 0 ? " + " + unknown
        + " trial(s) never run before" : "", options.resultsDir());
    System.out.println("models: " + String.join(", ", ModelCatalog.names()));
  }

  /** @return the repository root: Maven's multi-module project directory, else the working directory */
  static Path root() {
    String dir = System.getProperty("maven.multiModuleProjectDirectory");
    return Path.of(dir != null ? dir : System.getProperty("user.dir")).toAbsolutePath().normalize();
  }
}
