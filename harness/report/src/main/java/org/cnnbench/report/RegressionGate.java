package org.cnnbench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cnnbench.report.SteadyState.Measure;
import org.cnnbench.report.SteadyState.VariantKey;

/**
 * A run against a baseline run, per dataset, model, framework and device: the ratio of steady-state
 * training step times (this run over the baseline) with its 95 % interval and verdict, and whether
 * it is a regression beyond a threshold. A change is a regression when the interval's lower bound
 * exceeds {@code 1 + failPercent / 100}: the slowdown is larger than the threshold with 97.5 %
 * confidence (one-sided), so noise alone fails a gate at most 2.5 % of the time per compared
 * variant, and less the larger the threshold. docs/regression-gate.md has the recipe for a nightly
 * job.
 */
public final class RegressionGate {

  private RegressionGate() {}

  /**
   * One variant found in both runs.
   *
   * @param dataset dataset name
   * @param model catalogue model name
   * @param framework adapter name
   * @param device cpu or gpu
   * @param comparison this run's steady-state time over the baseline's ({@link
   *     SpeedVerdict#SLOWER}: this run is slower)
   * @param regression whether the slowdown exceeds the threshold significantly
   */
  public record Change(
      String dataset,
      String model,
      String framework,
      String device,
      SpeedComparison comparison,
      boolean regression) {

    /**
     * @return e.g. {@code mnist/mnist-cnn pytorch (cpu): 1.02× [0.95, 1.10], no detectable
     *     difference}
     */
    public String describe() {
      SpeedComparison c = comparison;
      String interval =
          Double.isNaN(c.lower())
              ? "no interval"
              : String.format(Locale.ROOT, "95 %% CI [%.2f, %.2f]", c.lower(), c.upper());
      return String.format(
          Locale.ROOT,
          "%s/%s %s (%s): %.2f× the baseline's step time, %s, %s (n = %d vs %d)%s",
          dataset,
          model,
          framework,
          device,
          c.ratio(),
          interval,
          c.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' '),
          c.n1(),
          c.n2(),
          regression ? " REGRESSION" : "");
    }
  }

  /**
   * The gate's outcome.
   *
   * @param baselineRunId the baseline's run id
   * @param runId this run's id
   * @param measure what was compared ({@link SteadyState.Measure} name)
   * @param failPercent the threshold in percent, NaN when none was given (nothing fails)
   * @param changes every variant found in both runs, in this run's order
   * @param unmatched variants of either run missing (or without an OK repetition) in the other
   */
  public record Result(
      String baselineRunId,
      String runId,
      String measure,
      double failPercent,
      List<Change> changes,
      List<String> unmatched) {

    /** Copies the lists. */
    public Result {
      changes = List.copyOf(changes);
      unmatched = List.copyOf(unmatched);
    }

    /**
     * @return the changes that fail the gate
     */
    public List<Change> regressions() {
      return changes.stream().filter(Change::regression).toList();
    }

    /**
     * @return the changes without an interval: fewer than two OK repetitions on one side
     */
    public List<Change> undecided() {
      return changes.stream()
          .filter(c -> c.comparison().verdict() == SpeedVerdict.TOO_FEW_REPETITIONS)
          .toList();
    }
  }

  /**
   * @param baselineRunDir {@code results/<baseline-run-id>}
   * @param runDir {@code results/<run-id>}
   * @param failPercent the threshold in percent (0 or more), NaN for none
   * @return the comparison
   * @throws IOException if a CSV file cannot be read
   */
  public static Result compare(Path baselineRunDir, Path runDir, double failPercent)
      throws IOException {
    return compare(RunData.read(baselineRunDir), RunData.read(runDir), failPercent);
  }

  static Result compare(RunData baseline, RunData current, double failPercent) {
    if (failPercent < 0) {
      throw new IllegalArgumentException(
          "the threshold is a percent of 0 or more, got " + failPercent);
    }
    Measure measure =
        SteadyState.common(SteadyState.bestMeasure(baseline), SteadyState.bestMeasure(current));
    Map<VariantKey, double[]> before = SteadyState.perRepetition(baseline, measure);
    Map<VariantKey, double[]> now = SteadyState.perRepetition(current, measure);
    List<Change> changes = new ArrayList<>();
    List<String> unmatched = new ArrayList<>();
    double limit = 1 + failPercent / 100;
    for (Map.Entry<VariantKey, double[]> e : now.entrySet()) {
      double[] b = before.get(e.getKey());
      VariantKey k = e.getKey();
      if (b == null || b.length == 0 || e.getValue().length == 0) {
        unmatched.add(
            k.group()
                + " "
                + k.framework()
                + " ("
                + k.device()
                + "): "
                + (b == null
                    ? "not in the baseline"
                    : b.length == 0
                        ? "no OK repetition in the baseline"
                        : "no OK repetition in this run"));
        continue;
      }
      SpeedComparison c = SpeedComparison.of(e.getValue(), b);
      boolean regression = !Double.isNaN(failPercent) && c.lower() > limit;
      changes.add(new Change(k.dataset(), k.model(), k.framework(), k.device(), c, regression));
    }
    before.keySet().stream()
        .filter(k -> !now.containsKey(k))
        .forEach(
            k ->
                unmatched.add(
                    k.group() + " " + k.framework() + " (" + k.device() + "): not in this run"));
    return new Result(
        baseline.runId(), current.runId(), measure.name(), failPercent, changes, unmatched);
  }
}
