package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnnbench.report.TimeToCommonAccuracy.CommonAccuracy;
import org.cnnbench.report.TimeToCommonAccuracy.VariantTime;
import org.junit.jupiter.api.Test;

/**
 * The common accuracy is the highest every OK repetition reached, so every framework has a time.
 */
class TimeToCommonAccuracyTest {

  @Test
  void theFixtureRunHasATimeForEveryFramework() throws IOException {
    List<CommonAccuracy> all = TimeToCommonAccuracy.of(RunData.read(Fixtures.run("run-3-repeats")));
    assertEquals(1, all.size());
    CommonAccuracy c = all.get(0);
    assertEquals(0.974, c.target(), 1e-12, "mxnet's first repetition ends at 0.974");
    assertEquals(
        List.of("pytorch cpu", "mxnet cpu", "pytorch gpu"),
        c.variants().stream()
            .map(v -> v.variant().framework() + " " + v.variant().device())
            .toList());
    VariantTime pytorch = c.variants().get(0);
    assertArrayEquals(
        new int[] {3, 3, 3}, pytorch.epochs(), "0.971-0.973 after epoch 2 is below the target");
    assertArrayEquals(
        new double[] {3.98333 + 3.68333 * 2, 4.11667 + 3.81667 * 2, 3.91667 + 3.61667 * 2},
        pytorch.seconds(),
        1e-9);
    assertEquals(3.98333 + 3.68333 * 2, pytorch.median(), 1e-9, "the first repetition's");
    assertTrue(pytorch.lower() < pytorch.median() && pytorch.median() < pytorch.upper());
    assertTrue(c.variants().stream().allMatch(v -> v.median() > 0), "always populated");
  }

  @Test
  void aFrameworkWithoutValidationIsLeftOutOfTheTargetAndAnEarlyOneIsTimedAtItsFirstEpoch() {
    List<Map<String, String>> trials = new ArrayList<>();
    List<Map<String, String>> epochs = new ArrayList<>();
    add(trials, epochs, "fast", 1, new double[] {0.90, 0.95, 0.97});
    add(trials, epochs, "slow", 1, new double[] {0.80, 0.85, 0.93});
    add(trials, epochs, "blind", 1, new double[] {Double.NaN, Double.NaN, Double.NaN});
    CommonAccuracy c =
        TimeToCommonAccuracy.of(new RunData(trials, epochs, Map.of(), List.of())).get(0);
    assertEquals(0.93, c.target(), 1e-12);
    assertEquals(List.of("blind"), c.withoutCurve().stream().map(k -> k.framework()).toList());
    assertArrayEquals(new int[] {2}, c.variants().get(0).epochs(), "fast: 0.95 after epoch 2");
    assertArrayEquals(new int[] {3}, c.variants().get(1).epochs());
    assertEquals(20.0, c.variants().get(0).seconds()[0], 1e-12);
    assertTrue(Double.isNaN(c.variants().get(0).lower()), "one repetition: no interval");
  }

  private static void add(
      List<Map<String, String>> trials,
      List<Map<String, String>> epochs,
      String framework,
      int repetition,
      double[] accuracies) {
    String id = framework + "-r" + repetition;
    Map<String, String> t =
        new LinkedHashMap<>(
            Map.of(
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
                "1",
                "status",
                "OK"));
    trials.add(t);
    for (int e = 0; e < accuracies.length; e++) {
      Map<String, String> row = new LinkedHashMap<>(t);
      row.put("epoch", String.valueOf(e + 1));
      row.put("epoch_seconds", "10");
      row.put("val_accuracy", Double.isNaN(accuracies[e]) ? "" : String.valueOf(accuracies[e]));
      epochs.add(row);
    }
  }
}
