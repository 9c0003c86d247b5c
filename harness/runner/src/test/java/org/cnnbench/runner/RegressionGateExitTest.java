package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cnnbench.results.EpochColumn;
import org.cnnbench.results.TrialColumn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Dbench=compare -Dcompare.fail=<percent>}: two runs of the same build pass, a run whose
 * steps take twice as long (as {@code -Dthreads=1} against a {@code -Dthreads=2} baseline) exits
 * with {@link ExitCode#REGRESSION}, naming the variants, on synthetic run folders.
 */
class RegressionGateExitTest {

  @TempDir static Path root;

  @BeforeAll
  static void runs() throws IOException {
    // per repetition, the median step in ms of the second epoch (the first carries a warm-up)
    write("20260101-000000-base", new double[] {40, 42, 38}, new double[] {90, 95, 88});
    write("20260101-010000-same", new double[] {41, 39, 40.5}, new double[] {92, 89, 94});
    write("20260101-020000-slow", new double[] {82, 78, 85}, new double[] {180, 188, 176});
  }

  private static ExitCodeTest.Outcome compare(String run, String... more) {
    List<String> kv =
        new ArrayList<>(
            List.of("bench", "compare", "run", run, "baseline", "20260101-000000-base"));
    kv.addAll(List.of(more));
    return ExitCodeTest.run(root, kv.toArray(String[]::new));
  }

  @Test
  void twoRunsOfTheSameBuildPass() {
    ExitCodeTest.Outcome o = compare("20260101-010000-same", "compare.fail", "10");
    assertEquals(ExitCode.OK.code(), o.code(), o::toString);
    assertTrue(
        o.out()
            .contains(
                "compare: 20260101-010000-same against baseline 20260101-000000-base, steady-state"
                    + " step time (STEP_MEDIAN), 95 % intervals, failing above +10 %:"),
        o.out());
    assertTrue(
        o.out()
            .contains("  mnist/mnist-cnn alpha (cpu): 1.00× the baseline's step time, 95 % CI ["),
        o.out());
    assertTrue(o.out().contains("no detectable difference (n = 3 vs 3)"), o.out());
  }

  @Test
  void twiceAsSlowStepsExitWithTheRegressionCode() {
    ExitCodeTest.Outcome o = compare("20260101-020000-slow", "compare.fail", "10");
    assertEquals(ExitCode.REGRESSION.code(), o.code(), o::toString);
    assertEquals(6, ExitCode.REGRESSION.code());
    assertEquals(
        "cnn-bench: 2 of 2 variant(s) slower than the baseline by more than 10 %: mnist/mnist-cnn alpha"
            + " (cpu); mnist/mnist-cnn beta (cpu) (exit code 6)",
        o.lastLine());
    // the same comparison without a threshold reports and passes
    ExitCodeTest.Outcome report = compare("20260101-020000-slow");
    assertEquals(ExitCode.OK.code(), report.code(), report::toString);
    assertTrue(report.out().contains("slower (n = 3 vs 3)"), report.out());
  }

  @Test
  void aBadThresholdOrOneWithoutCompareIsAUsageError() {
    ExitCodeTest.Outcome bad = compare("20260101-020000-slow", "compare.fail", "ten");
    assertEquals(ExitCode.USAGE.code(), bad.code());
    assertEquals(
        "cnn-bench: -Dcompare.fail is a slowdown in percent (0 or more), e.g. -Dcompare.fail=10, got"
            + " 'ten'",
        bad.lastErrLine());
    ExitCodeTest.Outcome alone = ExitCodeTest.run(root, "bench", "report", "compare.fail", "10");
    assertEquals(ExitCode.USAGE.code(), alone.code());
    assertTrue(
        alone
            .lastErrLine()
            .startsWith(
                "cnn-bench: -Dcompare.fail is the slowdown in percent that fails"
                    + " -Dbench=compare"),
        alone.lastErrLine());
  }

  @Test
  void aBaselineWithNothingInCommonCannotPassTheGate() throws IOException {
    Path other = root.resolve("results").resolve("20260101-030000-other");
    Files.createDirectories(other);
    Files.writeString(
        other.resolve("environment.csv"), "key,value\nrun_id,20260101-030000-other\n");
    Files.writeString(other.resolve("trials.csv"), String.join(",", TrialColumn.HEADERS) + "\n");
    Files.writeString(other.resolve("epochs.csv"), String.join(",", EpochColumn.HEADERS) + "\n");
    ExitCodeTest.Outcome o =
        ExitCodeTest.run(
            root,
            "bench",
            "compare",
            "run",
            "20260101-010000-same",
            "baseline",
            "20260101-030000-other",
            "compare.fail",
            "10");
    assertEquals(ExitCode.USAGE.code(), o.code(), o::toString);
    assertTrue(
        o.lastErrLine()
            .startsWith(
                "cnn-bench: -Dcompare.fail: runs 20260101-010000-same and"
                    + " 20260101-030000-other have no dataset, model, framework and device in common"),
        o.lastErrLine());
  }

  /**
   * Writes a run folder: frameworks alpha and beta, three repetitions, two epochs of mnist-cnn
   * each.
   */
  private static void write(String runId, double[] alpha, double[] beta) throws IOException {
    Path dir = root.resolve("results").resolve(runId);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("environment.csv"), "key,value\nrun_id," + runId + "\n");
    List<String> trials = new ArrayList<>(List.of(String.join(",", TrialColumn.HEADERS)));
    List<String> epochs = new ArrayList<>(List.of(String.join(",", EpochColumn.HEADERS)));
    Map<String, double[]> frameworks = new LinkedHashMap<>();
    frameworks.put("alpha", alpha);
    frameworks.put("beta", beta);
    for (int r = 1; r <= 3; r++) {
      for (Map.Entry<String, double[]> f : frameworks.entrySet()) {
        String id = "mnist-mnist-cnn-" + f.getKey() + "-cpu-r" + r;
        double ms = f.getValue()[r - 1];
        Map<String, String> t = new LinkedHashMap<>(identity(runId, id, f.getKey(), r));
        t.put("status", "OK");
        t.put("epochs", "2");
        t.put("batch_size", "64");
        t.put("train_seconds", number(100 * 2.5 * ms / 1e3));
        t.put("test_accuracy", "0.98");
        trials.add(line(TrialColumn.HEADERS, t));
        for (int e = 1; e <= 2; e++) {
          Map<String, String> row = new LinkedHashMap<>(identity(runId, id, f.getKey(), r));
          double median = e == 1 ? 1.5 * ms : ms;
          row.put("epoch", String.valueOf(e));
          row.put("val_accuracy", "0.97");
          row.put("step_seconds", number(100 * median / 1e3));
          row.put("images_per_second", number(64 / (median / 1e3)));
          row.put("step_ms_median", number(median));
          epochs.add(line(EpochColumn.HEADERS, row));
        }
      }
    }
    Files.write(dir.resolve("trials.csv"), trials);
    Files.write(dir.resolve("epochs.csv"), epochs);
  }

  private static Map<String, String> identity(String runId, String id, String framework, int r) {
    return Map.of(
        "run_id",
        runId,
        "trial_id",
        id,
        "framework",
        framework,
        "dataset",
        "mnist",
        "model",
        "mnist-cnn",
        "device",
        "cpu",
        "repetition",
        String.valueOf(r));
  }

  private static String line(List<String> headers, Map<String, String> row) {
    return String.join(",", headers.stream().map(h -> row.getOrDefault(h, "")).toList());
  }

  private static String number(double d) {
    return String.format(Locale.ROOT, "%.6f", d);
  }
}
