package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.cnnbench.report.PairwiseSpeed.Pair;
import org.cnnbench.report.SteadyState.Measure;
import org.junit.jupiter.api.Test;

/** Every pair of variants of the fixture run gets a ratio, an interval and a verdict. */
class PairwiseSpeedTest {

  @Test
  void everyPairOfTheFixtureHasAVerdict() throws IOException {
    Map<String, List<Pair>> all = PairwiseSpeed.of(RunData.read(Fixtures.run("run-3-repeats")));
    List<Pair> pairs = all.get("mnist/mnist-cnn");
    assertEquals(
        List.of(
            "pytorch/cpu mxnet/cpu FASTER",
            "pytorch/cpu dl4j/cpu TOO_FEW_REPETITIONS",
            "pytorch/cpu pytorch/gpu SLOWER",
            "mxnet/cpu dl4j/cpu TOO_FEW_REPETITIONS",
            "mxnet/cpu pytorch/gpu SLOWER",
            "dl4j/cpu pytorch/gpu TOO_FEW_REPETITIONS"),
        pairs.stream()
            .map(
                p ->
                    p.first().framework()
                        + "/"
                        + p.first().device()
                        + " "
                        + p.second().framework()
                        + "/"
                        + p.second().device()
                        + " "
                        + p.comparison().verdict())
            .toList());
    Pair first = pairs.get(0);
    assertEquals(Measure.EPOCH_MEAN, first.measure(), "the fixture has no step medians");
    // steady epochs 2-3: pytorch 3.23/3.37/3.17 s against mxnet 3.93/4.07/3.87 s for the same
    // images
    assertEquals(
        Math.cbrt(3.23333 * 3.36667 * 3.16667 / (3.93333 * 4.06667 * 3.86667)),
        first.comparison().ratio(),
        1e-4);
    assertTrue(first.comparison().upper() < 1);
  }

  @Test
  void theFirstEpochIsLeftOutWhenThereAreMore() {
    RunData.Row trial = new RunData.Row(Map.of("batch_size", "64"));
    List<RunData.Row> epochs = List.of(epoch(3, 44), epoch(1, 100), epoch(2, 40));
    assertEquals(
        42.0 / 64,
        SteadyState.value(trial, epochs, Measure.STEP_MEDIAN),
        1e-12,
        "the median of epochs 2 and 3; epoch 1 carries the warm-up");
    assertEquals(
        100.0 / 64,
        SteadyState.value(trial, List.of(epoch(1, 100)), Measure.STEP_MEDIAN),
        1e-12,
        "a one-epoch trial has nothing else");
    assertTrue(
        Double.isNaN(
            SteadyState.value(
                trial,
                List.of(epoch(1, 100), new RunData.Row(Map.of("epoch", "2"))),
                Measure.STEP_MEDIAN)),
        "a steady epoch without a median makes the measure unavailable");
  }

  private static RunData.Row epoch(int epoch, double medianMs) {
    return new RunData.Row(
        Map.of("epoch", String.valueOf(epoch), "step_ms_median", String.valueOf(medianMs)));
  }
}
