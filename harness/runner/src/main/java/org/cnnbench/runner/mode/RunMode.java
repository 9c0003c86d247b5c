package org.cnnbench.runner.mode;

import java.io.IOException;
import org.cnnbench.runner.Bench;
import org.cnnbench.runner.ExitCode;
import org.cnnbench.runner.RunSummary;
import org.cnnbench.runner.store.OutputDirs;

/**
 * Runs the plan's trials (datasets, {@code parity}, {@code threads}, {@code jmh}), or continues an
 * interrupted run ({@code -Dresume}), then prints the summary.
 */
public final class RunMode implements Mode {

  @Override
  public ExitCode run(Invocation in) throws IOException, InterruptedException {
    if (in.resumeId() == null) {
      OutputDirs.check(in.options().resultsDir(), "results.dir");
    }
    OutputDirs.check(in.options().reportsDir(), "reports.dir");
    in.check().verify(in.root(), in.providers());
    Bench bench = in.bench();
    return RunSummary.print(
        in.resumeId() == null ? bench.run() : bench.resume(in.resumeId()), in.out(), in.err());
  }
}
