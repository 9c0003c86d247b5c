package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run's statistics in one call, as the report's sections read them. */
class RunStatisticsTest {

  @Test
  void theFixtureRunHasEverySection() throws IOException {
    RunStatistics s = RunStatistics.of(RunData.read(Fixtures.run("run-3-repeats")));
    assertEquals(List.of("mnist/mnist-cnn"), List.copyOf(s.speed().keySet()));
    assertEquals(6, s.speed().get("mnist/mnist-cnn").size());
    assertTrue(s.accuracy().get(0).agree());
    assertEquals(0.974, s.timeToAccuracy().get(0).target(), 1e-12);
  }
}
