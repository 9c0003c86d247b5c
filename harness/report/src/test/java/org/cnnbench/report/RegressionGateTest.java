package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.cnnbench.results.EpochColumn;
import org.cnnbench.results.TrialColumn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The regression gate on the fixture runs: a run against itself passes, a copy whose steps take
 * twice as long (as with {@code -Dthreads=1} against a {@code -Dthreads=2} baseline) fails a 10 %
 * threshold, and a significant 15 % slowdown whose interval reaches below 1.10 does not.
 */
class RegressionGateTest {

  @TempDir Path tmp;

  @Test
  void aRunComparedWithItselfPasses() throws IOException {
    Path run = Fixtures.run("run-3-repeats");
    RegressionGate.Result r = RegressionGate.compare(run, run, 10);
    assertFalse(r.changes().isEmpty());
    assertEquals(List.of(), r.regressions());
    for (RegressionGate.Change c : r.changes()) {
      assertEquals(1.0, c.comparison().ratio(), 1e-12, c.describe());
      assertEquals(SpeedVerdict.NO_DETECTABLE_DIFFERENCE, c.comparison().verdict(), c.describe());
    }
    assertEquals("EPOCH_MEAN", r.measure(), "the fixture predates step medians");
  }

  @Test
  void twiceAsSlowStepsFailATenPercentThreshold() throws IOException {
    Path base = Fixtures.run("run-3-repeats");
    Path slow = scaled(base, tmp.resolve("slow"), 2.1, 1.9, 2.0);
    RegressionGate.Result r = RegressionGate.compare(base, slow, 10);
    assertFalse(r.regressions().isEmpty());
    assertEquals(r.changes(), r.regressions(), "every variant slowed down");
    RegressionGate.Change c = r.regressions().get(0);
    assertEquals(SpeedVerdict.SLOWER, c.comparison().verdict());
    assertTrue(c.comparison().lower() > 1.1 && c.comparison().ratio() > 1.8, c.describe());
    assertTrue(c.describe().endsWith(" REGRESSION"), c.describe());
    assertTrue(c.describe().startsWith("mnist/mnist-cnn pytorch (cpu): 2.0"), c.describe());
    // without a threshold the verdict is there but nothing fails
    assertEquals(List.of(), RegressionGate.compare(base, slow, Double.NaN).regressions());
  }

  @Test
  void aSignificantSlowdownBelowTheThresholdPasses() throws IOException {
    Path base = Fixtures.run("run-3-repeats");
    Path slower = scaled(base, tmp.resolve("fifteen-percent"), 1.15, 1.15, 1.15);
    RegressionGate.Result r = RegressionGate.compare(base, slower, 10);
    assertEquals(List.of(), r.regressions());
    RegressionGate.Change cpu = r.changes().get(0);
    assertEquals("pytorch", cpu.framework());
    assertEquals(SpeedVerdict.SLOWER, cpu.comparison().verdict(), cpu.describe());
    assertTrue(cpu.comparison().lower() < 1.1, cpu.describe());
    assertEquals(
        List.of("pytorch cpu", "mxnet cpu"),
        RegressionGate.compare(base, slower, 2).regressions().stream()
            .map(c -> c.framework() + " " + c.device())
            .toList(),
        "the quiet variants fail a 2 % threshold; the noisier gpu one stays undetected");
  }

  @Test
  void variantsInOneRunOnlyAreListedAndOneRepetitionIsUndecided() throws IOException {
    Path run = Fixtures.run("run-3-repeats");
    Path single = Fixtures.firstRepetitionOnly(run, tmp.resolve("single"));
    RegressionGate.Result r = RegressionGate.compare(run, single, 10);
    assertEquals(r.changes(), r.undecided());
    assertTrue(
        r.unmatched().contains("mnist/mnist-cnn dl4j (cpu): no OK repetition in the baseline"),
        r.unmatched().toString());
    assertThrows(IllegalArgumentException.class, () -> RegressionGate.compare(run, run, -1));
  }

  /**
   * Copies a run with every repetition's step times multiplied by a factor (throughput divided by
   * it).
   *
   * @param factors one per repetition number, from 1
   */
  static Path scaled(Path run, Path into, double... factors) throws IOException {
    Files.createDirectories(into);
    Files.copy(run.resolve("environment.csv"), into.resolve("environment.csv"));
    rewrite(
        run.resolve("trials.csv"),
        into.resolve("trials.csv"),
        factors,
        List.of(TrialColumn.TRAIN_SECONDS.header(), TrialColumn.FIRST_STEP_SECONDS.header()),
        List.of());
    rewrite(
        run.resolve("epochs.csv"),
        into.resolve("epochs.csv"),
        factors,
        List.of(
            EpochColumn.STEP_SECONDS.header(),
            EpochColumn.EPOCH_SECONDS.header(),
            EpochColumn.STEP_MS_MEDIAN.header()),
        List.of(EpochColumn.IMAGES_PER_SECOND.header()));
    return into;
  }

  private static void rewrite(
      Path from, Path to, double[] factors, List<String> times, List<String> rates)
      throws IOException {
    CSVFormat in = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build();
    try (Reader r = Files.newBufferedReader(from, StandardCharsets.UTF_8);
        Writer w = Files.newBufferedWriter(to, StandardCharsets.UTF_8)) {
      var parser = in.parse(r);
      List<String> header = parser.getHeaderNames();
      CSVPrinter out =
          new CSVPrinter(
              w, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).build());
      for (CSVRecord rec : parser) {
        double f = factors[Integer.parseInt(rec.get(TrialColumn.REPETITION.header())) - 1];
        List<String> cells = new ArrayList<>();
        for (String h : header) {
          String v = rec.get(h);
          if (!v.isEmpty() && (times.contains(h) || rates.contains(h))) {
            double d = Double.parseDouble(v);
            v = String.format(Locale.ROOT, "%.6f", times.contains(h) ? d * f : d / f);
          }
          cells.add(v);
        }
        out.printRecord(cells);
      }
      out.flush();
    }
  }
}
