package org.cnnbench.runner.mode;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.cnnbench.runner.BenchOptions;
import org.cnnbench.runner.DatasetNames;
import org.cnnbench.runner.ExitCode;
import org.cnnbench.runner.OptionException;
import org.cnnbench.runner.Progress;
import org.cnnbench.runner.plan.DurationEstimates;
import org.cnnbench.runner.plan.PlannedTrial;
import org.cnnbench.runner.shard.Sharding;
import org.cnnbench.spec.json.ModelFiles;

/**
 * {@code -Dbench=list}: prints the plan with each trial's estimated duration, the models and the
 * datasets, and with {@code -Dshard} or {@code -Dshards} the slices of the plan. Runs nothing.
 */
final class ListMode implements Mode {

  @Override
  public ExitCode run(Invocation in) {
    BenchOptions options = in.options();
    if (options.given().containsKey("model.print")) {
      return printModels(options, in.out());
    }
    List<PlannedTrial> plan = in.bench().plan();
    printPlan(plan, options, in.out());
    if (options.given().containsKey("shard") || options.given().containsKey("shards")) {
      Sharding.printShards(plan, options, in.out());
    }
    return ExitCode.OK;
  }

  /**
   * {@code -Dmodel.print=json}: the models of {@code -Dmodels} (or of the model files) as spec
   * files.
   */
  private static ExitCode printModels(BenchOptions options, PrintStream out) {
    List<String> names =
        options.models().isEmpty() ? options.modelSet().fileModels() : options.models();
    if (names.isEmpty()) {
      throw new OptionException(
          "-Dmodel.print=json prints the models of -Dmodels (or -Dmodel.file);"
              + " give one, e.g. -Dmodels=mnist-cnn; known models: "
              + String.join(", ", options.modelSet().names()));
    }
    for (String name : names) {
      out.print(ModelFiles.toJson(options.entry(name).spec()));
    }
    return ExitCode.OK;
  }

  private static void printPlan(List<PlannedTrial> plan, BenchOptions options, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%d trial(s), profile %s, %d thread(s), seed %d:%n",
        plan.size(),
        options.profile(),
        options.threads(),
        options.seed());
    out.printf(
        Locale.ROOT,
        "  %-40s %6s %6s %8s %10s %10s  %s%n",
        "trial",
        "epochs",
        "batch",
        "samples",
        "params",
        "estimate",
        "status");
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
      out.printf(
          Locale.ROOT,
          "  %-40s %6d %6d %8s %10d %10s  %s%n",
          t.trialId(),
          t.epochs(),
          t.batchSize(),
          t.samples() == 0 ? "all" : String.valueOf(t.samples()),
          t.params(),
          t.runnable() ? Progress.duration(seconds) : "-",
          t.runnable() ? "will run" : t.preStatus() + ": " + t.preReason());
    }
    out.printf(
        Locale.ROOT,
        "estimated duration: %s%s (median wall time of the same trials in"
            + " earlier runs in %s)%n",
        Progress.duration(total),
        unknown > 0 ? " + " + unknown + " trial(s) never run before" : "",
        options.resultsDir());
    out.println("models: " + String.join(", ", options.modelSet().names()));
    for (String name : options.modelSet().fileModels()) {
      out.println("  " + name + ": " + options.entry(name).source());
    }
    out.print(DatasetNames.listing());
  }
}
