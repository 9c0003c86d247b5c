package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cnnbench.report.SteadyState.Measure;
import org.cnnbench.report.SteadyState.VariantKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's statistics sections as records, built from the fixture runs: the speed pairs, the
 * accuracy check, the time to a common accuracy and the conclusion slide.
 */
class ReportSectionsTest {

  private static final Labels EN = Labels.of("en");

  @TempDir Path dir;

  private static ReportModel.GroupSection group(Path run) throws IOException {
    RunData data = RunData.read(run);
    return ReportModel.build(
            run,
            data,
            RunDescriptions.read(run),
            EN,
            new Charts(Files.createTempDirectory("charts"), false),
            null,
            List.of())
        .groups()
        .get(0);
  }

  @Test
  void everyPairHasARatioAnIntervalAndAVerdict() throws IOException {
    ReportModel.GroupSection g = group(Fixtures.run("run-3-repeats"));
    assertEquals(3, g.pairs().size(), "4 variants of mnist-cnn, dl4j without an OK trial: 3 pairs");
    Pair cpu = g.pairs().get(0);
    assertEquals(
        List.of(
            "pytorch (cpu)",
            "mxnet (cpu)",
            "3 / 3",
            "0.82×",
            "[0.77, 0.88]",
            "pytorch (cpu) faster than mxnet (cpu)",
            "ok"),
        List.of(
            cpu.first(),
            cpu.second(),
            cpu.n(),
            cpu.ratio(),
            cpu.interval(),
            cpu.verdict(),
            cpu.verdictClass()));
    assertTrue(
        g.pairs().stream()
            .noneMatch(p -> p.first().startsWith("dl4j") || p.second().startsWith("dl4j")));
    assertTrue(g.pairsNote().startsWith("3 pair(s)"), g.pairsNote());
    for (Pair p : g.pairs()) {
      assertFalse(
          p.ratio().equals("—") || p.interval().equals("—") || p.verdict().isEmpty(),
          "every pair has a ratio, an interval and a verdict: " + p);
    }
  }

  @Test
  void oneRepetitionGivesRatiosButNoIntervalAndNoRank() throws IOException {
    ReportModel.GroupSection g =
        group(Fixtures.firstRepetitionOnly(Fixtures.run("run-3-repeats"), dir.resolve("r1")));
    Pair cpu = g.pairs().get(0);
    assertEquals("1 / 1", cpu.n());
    assertEquals("—", cpu.interval());
    assertEquals("too few repetitions (run with -Drepeats=3 or more)", cpu.verdict());
    assertEquals("unknown", cpu.verdictClass());
    assertFalse(cpu.ratio().equals("—"), "the ratio is still given");
    assertEquals("", g.pairsNote(), "no interval, no note on false differences");
    ConclusionSlide.Row pytorch = g.slide().rows().get(0);
    assertEquals("—", pytorch.rank());
    assertTrue(
        pytorch.speed().endsWith("too few repetitions (run with -Drepeats=3 or more)"),
        pytorch.speed());
    assertEquals("— (one repetition)", g.commonAccuracy().rows().get(0).interval());
  }

  @Test
  void accuracyIsACheckWithAToleranceNotARace() throws IOException {
    AccuracySection a = group(Fixtures.run("run-3-repeats")).accuracy();
    assertEquals("ok", a.summaryClass());
    assertEquals("all agree within ±0.71 pp", a.brief());
    assertTrue(
        a.summary().contains("spreads over 0.50 pp across frameworks around 0.9800"), a.summary());
    assertEquals(3, a.rows().size(), "dl4j has no OK repetition");
    assertEquals(
        new AccuracySection.Row(
            "mxnet (cpu)", "0.9750", "3", "-0.50 pp", "within the tolerance", "ok"),
        a.rows().get(1));
  }

  @Test
  void aFrameworkOutsideTheToleranceIsALikelyDefect() throws IOException {
    Path run = dir.resolve("defect");
    Files.createDirectories(run);
    for (String f : List.of("epochs.csv", "environment.csv", "frameworks.csv", "models.csv")) {
      Files.copy(Fixtures.run("run-3-repeats").resolve(f), run.resolve(f));
    }
    // mxnet's three repetitions 2 points lower: far outside ±0.7 pp
    List<String> trials = Files.readAllLines(Fixtures.run("run-3-repeats").resolve("trials.csv"));
    int col = List.of(trials.get(0).split(",")).indexOf("test_accuracy");
    List<String> out = new ArrayList<>(List.of(trials.get(0)));
    for (String line : trials.subList(1, trials.size())) {
      String[] cells = line.split(",", -1);
      if (line.contains(",mxnet,") && !cells[col].isEmpty()) {
        cells[col] = String.valueOf(Double.parseDouble(cells[col]) - 0.02);
      }
      out.add(String.join(",", cells));
    }
    Files.write(run.resolve("trials.csv"), out);
    ReportModel.GroupSection g = group(run);
    AccuracySection a = g.accuracy();
    assertEquals("bad", a.summaryClass());
    assertTrue(a.summary().contains("mxnet (cpu) outside it — a likely defect"), a.summary());
    assertEquals("likely defect", a.rows().get(1).verdict());
    assertEquals("within the tolerance", a.rows().get(0).verdict());
    assertTrue(
        g.conclusions().stream().anyMatch(c -> c.answer().startsWith("likely defect: mxnet (cpu)")),
        g.conclusions().toString());
  }

  @Test
  void timeToTheCommonAccuracyIsAlwaysPopulated() throws IOException {
    CommonAccuracySection c = group(Fixtures.run("run-3-repeats")).commonAccuracy();
    assertEquals("0.9740", c.target());
    assertEquals(3, c.rows().size());
    assertEquals(
        new CommonAccuracySection.Row("pytorch (cpu)", "11.3 s", "[10.7, 12.2] s", "3, 3, 3", "3"),
        c.rows().get(0));
    for (CommonAccuracySection.Row r : c.rows()) {
      assertFalse(r.median().contains("—") || r.median().contains("not reached"), r.toString());
    }
    assertEquals("", c.withoutCurve());
  }

  @Test
  void theConclusionSlideRanksOnlyWhereTheIntervalsSeparate() throws IOException {
    ConclusionSlide s = group(Fixtures.run("run-3-repeats")).slide();
    assertEquals(
        List.of("pytorch (cpu)", "mxnet (cpu)", "dl4j (cpu)", "pytorch (gpu)"),
        s.rows().stream().map(ConclusionSlide.Row::variant).toList());
    assertEquals(
        List.of("1", "2", "—", "—"), s.rows().stream().map(ConclusionSlide.Row::rank).toList());
    assertEquals(
        "1.22× [1.14, 1.30]", s.rows().get(1).speed(), "over pytorch (cpu), the fastest median");
    assertEquals("fastest median", s.rows().get(0).speed());
    assertEquals("0.9800 ✓", s.rows().get(0).accuracy());
    assertEquals("11.3 [10.7, 12.2]", s.rows().get(0).timeToAccuracy());
    assertEquals("no OK trial", s.rows().get(2).speed());
    assertEquals("the only framework on this device", s.rows().get(3).speed());
    assertEquals(
        "470 (JVM)",
        s.rows().get(0).memory(),
        "a run without tree samples shows the JVM's own peak, said so");
    assertEquals("#0072B2", s.rows().get(0).colour(), "pytorch's colour");
    assertEquals("0.800", s.rows().get(0).startup());
    assertEquals("dl4j: 950", s.rows().get(2).code().replace("adapters/", ""));
  }

  @Test
  void frameworksInsideEachOthersNoiseShareARank() {
    VariantKey a = new VariantKey("mnist", "mnist-cnn", "a", "cpu");
    VariantKey b = new VariantKey("mnist", "mnist-cnn", "b", "cpu");
    VariantKey c = new VariantKey("mnist", "mnist-cnn", "c", "cpu");
    Map<VariantKey, double[]> times =
        Map.of(
            a,
            new double[] {10.0, 10.5, 9.8},
            b,
            new double[] {10.2, 9.9, 10.4},
            c,
            new double[] {20.0, 21.0, 19.5});
    List<VariantKey> keys = List.of(a, b, c);
    List<PairwiseSpeed.Pair> pairs =
        List.of(pair(a, b, times), pair(a, c, times), pair(b, c, times));
    assertEquals(SpeedVerdict.NO_DETECTABLE_DIFFERENCE, pairs.get(0).comparison().verdict());
    assertEquals(1, ConclusionSlide.rank(a, keys, pairs));
    assertEquals(1, ConclusionSlide.rank(b, keys, pairs), "a tie: the interval of a/b contains 1");
    assertEquals(3, ConclusionSlide.rank(c, keys, pairs), "both others are faster");
    assertEquals(
        SpeedVerdict.SLOWER,
        ConclusionSlide.compare(c, a, pairs).verdict(),
        "the inverse of a pair");
  }

  private static PairwiseSpeed.Pair pair(
      VariantKey x, VariantKey y, Map<VariantKey, double[]> times) {
    return new PairwiseSpeed.Pair(
        x, y, Measure.TRAIN_SECONDS, SpeedComparison.of(times.get(x), times.get(y)));
  }

  @Test
  void aRunWithoutEpochTimesShowsADashNotADashInSeconds() {
    VariantKey k = new VariantKey("mnist", "mnist-cnn", "pytorch", "cpu");
    TimeToCommonAccuracy.CommonAccuracy c =
        new TimeToCommonAccuracy.CommonAccuracy(
            "mnist",
            "mnist-cnn",
            0.9,
            List.of(
                new TimeToCommonAccuracy.VariantTime(
                    k,
                    new double[] {Double.NaN},
                    new int[] {1},
                    Double.NaN,
                    Double.NaN,
                    Double.NaN)),
            List.of());
    CommonAccuracySection.Row r = CommonAccuracySection.of(c, false, EN).rows().get(0);
    assertEquals("—", r.median());
    assertEquals("—", r.summary());
  }

  @Test
  void noAccuracySectionWithoutAnOkTestAccuracy() {
    assertNull(AccuracySection.of(null, false, EN));
    assertNull(CommonAccuracySection.of(null, false, EN));
  }
}
