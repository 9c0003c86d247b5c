package org.cnnbench.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.cnnbench.data.Datasets;
import org.cnnbench.runner.mode.Invocation;
import org.cnnbench.runner.mode.Mode;
import org.cnnbench.runner.mode.RunMode;
import org.cnnbench.runner.mode.Verb;
import org.cnnbench.runner.store.OutputDirs;
import org.cnnbench.runner.store.ResultsStore;
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
      code =
          run(
              System.getProperties(),
              providers,
              root(),
              Datasets::prepare,
              BuildCheck::verify,
              System.out,
              System.err);
    } catch (RuntimeException | Error e) {
      code =
          fatal(
              System.out,
              System.err,
              Boolean.getBoolean("verbose"),
              e,
              "internal error: " + e + " (rerun with -Dverbose=true for the stack trace)",
              ExitCode.INTERNAL);
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
  static int run(
      Properties props,
      Map<String, FrameworkProvider> providers,
      Path root,
      Bench.DatasetPreparer preparer,
      BuildCheck.Verifier check,
      PrintStream out,
      PrintStream err) {
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
      return fatal(
          out,
          err,
          verbose,
          e,
          context != null && !context.equals(e.getCause().toString())
              ? context + ": " + cause
              : cause,
          ExitCode.IO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fatal(out, err, verbose, e, "interrupted", ExitCode.INTERNAL);
    } catch (RuntimeException e) {
      return fatal(
          out,
          err,
          verbose,
          e,
          "internal error: "
              + e
              + (verbose ? "" : " (rerun with -Dverbose=true for the stack trace)"),
          ExitCode.INTERNAL);
    }
  }

  private static int fatal(
      PrintStream out,
      PrintStream err,
      boolean verbose,
      Throwable e,
      String message,
      ExitCode code) {
    out.flush();
    if (verbose) {
      e.printStackTrace(err);
    }
    err.println("cnn-bench: " + message);
    err.flush();
    return code.code();
  }

  /**
   * Parses and checks the options (a resumed run's own for {@code -Dresume}), sets the run's
   * framework options for the adapters, and hands over to the {@link Mode} of the {@code -Dbench}
   * verb.
   */
  private static ExitCode dispatch(
      Properties props,
      Map<String, FrameworkProvider> providers,
      Path root,
      Bench.DatasetPreparer preparer,
      BuildCheck.Verifier check,
      PrintStream out,
      PrintStream err)
      throws IOException, InterruptedException {
    for (String warning : OptionKeys.nearMisses(props)) {
      err.println("cnn-bench: warning: " + warning);
    }
    BenchOptions options =
        BenchOptions.parse(
            DefaultFrameworks.leaveOutUnrunnable(props, providers, err),
            List.copyOf(providers.keySet()),
            root);
    String resumeId = null;
    if (!options.resume().isEmpty()) {
      resumeId =
          options.resume().equals("latest")
              ? ResultsStore.latest(options.resultsDir())
              : options.resume();
      if (resumeId == null || !Files.isDirectory(options.resultsDir().resolve(resumeId))) {
        throw new OptionException(
            "-Dresume="
                + options.resume()
                + ": no such run in "
                + options.resultsDir()
                + (options.given().containsKey("results.dir")
                    ? ""
                    : " (pass -Dresults.dir=<folder> if the results moved)"));
      }
      // The run continues with the options it was started with; only -Dresume and the folders come
      // from this command.
      Path runDir = options.resultsDir().resolve(resumeId);
      ResumeOptions merged = ResumeOptions.merge(Bench.runOptions(runDir), options.given(), runDir);
      if (!merged.ignored().isEmpty()) {
        err.println(
            "cnn-bench: warning: -Dresume continues run "
                + resumeId
                + " with the options it was"
                + " started with; ignored: "
                + String.join(", ", merged.ignored()));
      }
      options = BenchOptions.parse(merged.properties(), List.copyOf(providers.keySet()), root);
    }
    OptionRegistry.installed().applyFrameworkOptions(options.given());
    Map<String, FrameworkProvider> selected = new LinkedHashMap<>();
    options.frameworks().forEach(f -> selected.put(f, providers.get(f)));
    Invocation invocation =
        new Invocation(options, selected, root, preparer, check, out, err, resumeId);
    if (resumeId != null) {
      return new RunMode().run(invocation);
    }
    checkAdapterOptions(selected.values());
    return Verb.select(options.benches()).run(invocation);
  }

  /**
   * Each selected adapter checks its own -D options (e.g. -Ddl4j.native) before any work starts.
   */
  private static void checkAdapterOptions(Collection<FrameworkProvider> selected) {
    for (FrameworkProvider p : selected) {
      try {
        p.checkOptions();
      } catch (IllegalArgumentException e) {
        throw new OptionException(e.getMessage());
      }
    }
  }

  /**
   * @return the repository root: Maven's multi-module project directory, else the working directory
   */
  static Path root() {
    String dir = System.getProperty("maven.multiModuleProjectDirectory");
    return Path.of(dir != null ? dir : System.getProperty("user.dir")).toAbsolutePath().normalize();
  }
}
