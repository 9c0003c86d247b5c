package org.cnnbench.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The harness-versus-worker step times and the transfer overhead computed from them. */
class WorkerStepTimesTest {

  @Test
  void overheadIsHarnessTimeOverWorkerTimeMinusOne() {
    WorkerStepTimes t = new WorkerStepTimes();
    t.add(40_000_000L, 0.038);
    t.add(42_000_000L, 0.040);
    assertEquals(41.0, t.harnessMsPerStep(), 1e-9);
    assertEquals(39.0, t.workerMsPerStep(), 1e-9);
    assertEquals(0.078, t.workerSeconds(), 1e-12);
    assertEquals(0.082 / 0.078 - 1, t.overhead(), 1e-12);
  }

  @Test
  void inJvmAdaptersHaveNoWorkerTimes() {
    WorkerStepTimes t = new WorkerStepTimes();
    assertTrue(Double.isNaN(t.harnessMsPerStep()) && Double.isNaN(t.workerMsPerStep()));
    t.add(30_000_000L, Double.NaN);
    assertEquals(30.0, t.harnessMsPerStep(), 1e-9);
    assertTrue(Double.isNaN(t.workerSeconds()));
    assertTrue(Double.isNaN(t.workerMsPerStep()));
    assertTrue(Double.isNaN(t.overhead()));
    assertEquals("", org.cnnbench.results.CsvNumbers.metric(t.overhead()), "an empty CSV cell");
  }
}
