package org.cnnbench.runner.mode;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cnnbench.runner.Bench;
import org.cnnbench.runner.BenchOptions;
import org.cnnbench.runner.BuildCheck;
import org.cnnbench.spi.FrameworkProvider;

/**
 * One command, ready for its {@link Mode}.
 *
 * @param options the checked options (a resumed run's own)
 * @param providers the selected adapters, by name
 * @param root the checkout root
 * @param preparer prepares datasets before any trial
 * @param check verifies that the build matches the checkout before any trial
 * @param out progress and results
 * @param err warnings
 * @param resumeId the run {@code -Dresume} continues, or null for a new run
 */
public record Invocation(
    BenchOptions options,
    Map<String, FrameworkProvider> providers,
    Path root,
    Bench.DatasetPreparer preparer,
    BuildCheck.Verifier check,
    PrintStream out,
    PrintStream err,
    String resumeId) {

  /** Copies the map. */
  public Invocation {
    providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
  }

  /**
   * @return a bench over the selected adapters
   */
  Bench bench() {
    return new Bench(options, providers, preparer, out);
  }
}
