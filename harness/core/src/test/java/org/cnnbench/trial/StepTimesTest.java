package org.cnnbench.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The step-time distribution, the harness-versus-worker step times and the transfer overhead. */
class StepTimesTest {

  @Test
  void overheadIsHarnessTimeOverWorkerTimeMinusOne() {
    StepTimes t = new StepTimes();
    t.add(40_000_000L, 0.038);
    t.add(42_000_000L, 0.040);
    assertEquals(41.0, t.harnessMsPerStep(), 1e-9);
    assertEquals(39.0, t.workerMsPerStep(), 1e-9);
    assertEquals(0.078, t.workerSeconds(), 1e-12);
    assertEquals(0.082 / 0.078 - 1, t.overhead(), 1e-12);
  }

  @Test
  void inJvmAdaptersHaveNoWorkerTimes() {
    StepTimes t = new StepTimes();
    assertTrue(Double.isNaN(t.harnessMsPerStep()) && Double.isNaN(t.workerMsPerStep()));
    t.add(30_000_000L, Double.NaN);
    assertEquals(30.0, t.harnessMsPerStep(), 1e-9);
    assertTrue(Double.isNaN(t.workerSeconds()));
    assertTrue(Double.isNaN(t.workerMsPerStep()));
    assertTrue(Double.isNaN(t.overhead()));
    assertEquals("", org.cnnbench.results.CsvNumbers.metric(t.overhead()), "an empty CSV cell");
  }

  @Test
  void medianAndP99ComeFromEveryStepNotFromTheMean() {
    StepTimes t = new StepTimes();
    assertTrue(Double.isNaN(t.medianMs()) && Double.isNaN(t.p99Ms()));
    // 99 steps of 20 ms and one of 500 ms: the mean moves, the median does not
    for (int i = 0; i < 99; i++) {
      t.add(20_000_000L, Double.NaN);
    }
    t.add(500_000_000L, Double.NaN);
    assertEquals(24.8, t.harnessMsPerStep(), 1e-9);
    assertEquals(20.0, t.medianMs(), 1e-9);
    assertEquals(20.0, t.p99Ms(), 1e-9, "the 99th of 100 sorted steps");
    t.add(600_000_000L, Double.NaN);
    assertEquals(500.0, t.p99Ms(), 1e-9, "rank ceil(0.99 * 101) = 100");
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwoAndOrderDoesNotMatter() {
    StepTimes t = new StepTimes();
    t.add(40_000_000L, Double.NaN);
    t.add(10_000_000L, Double.NaN);
    t.add(30_000_000L, Double.NaN);
    t.add(20_000_000L, Double.NaN);
    assertEquals(25.0, t.medianMs(), 1e-9);
    assertEquals(40.0, t.p99Ms(), 1e-9);
    StepTimes many = new StepTimes();
    for (int i = 1000; i >= 1; i--) { // past the initial capacity
      many.add(i * 1_000_000L, Double.NaN);
    }
    assertEquals(500.5, many.medianMs(), 1e-9);
    assertEquals(990.0, many.p99Ms(), 1e-9);
  }
}
