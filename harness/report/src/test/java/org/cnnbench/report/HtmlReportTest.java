package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report generated from the fixed fixture folders: sections, charts, tables and computed
 * numbers.
 */
class HtmlReportTest {

  private static final List<String> CHARTS =
      List.of(
          "accuracy",
          "loss",
          "train-time",
          "throughput",
          "time-breakdown",
          "time-to-accuracy",
          "memory");

  @TempDir Path out;

  @Test
  void readsTheFixtureCsvFiles() throws IOException {
    RunData data = RunData.read(Fixtures.run("run-3-repeats"));
    assertEquals(10, data.trials().size());
    assertEquals(27, data.epochs().size());
    assertEquals(6, data.parity().size());
    assertEquals("20260101-120000", data.runId());
    List<Analysis.Group> groups = Analysis.groups(data);
    assertEquals(1, groups.size());
    Analysis.Group g = groups.get(0);
    assertEquals(4, g.variants().size(), "pytorch cpu, mxnet cpu, dl4j cpu, pytorch gpu");
    assertTrue(g.withDevice());
    Analysis.VariantResult pytorch = g.variants().get(0);
    assertEquals(new Analysis.Variant("pytorch", "cpu"), pytorch.variant());
    assertEquals(10.0, pytorch.trainSeconds().median(), 1e-9);
    assertEquals(9.8, pytorch.trainSeconds().min(), 1e-9);
    assertEquals(10.4, pytorch.trainSeconds().max(), 1e-9);
    // val accuracy 0.971/0.972/0.973 at epoch 2: time to 0.97 = epoch 1 + epoch 2 seconds of each
    // repetition
    assertEquals(3, pytorch.reachedTarget());
    assertEquals(3, pytorch.curve().size());
    Analysis.VariantResult dl4j =
        g.variants().stream()
            .filter(v -> v.variant().framework().equals("dl4j"))
            .findFirst()
            .orElseThrow();
    assertTrue(dl4j.ok().isEmpty());
    assertFalse(dl4j.trainSeconds().known());
  }

  @Test
  void mannWhitneyAndWelchComeFromCommonsStatistics() {
    Stats.Comparison c =
        Stats.compare(new double[] {10.0, 10.4, 9.8}, new double[] {12.1, 12.5, 11.9});
    // complete separation of 3 and 3 values: exact two-sided p = 2 / C(6, 3) = 0.1 (scipy agrees)
    assertEquals(0.1, c.mannWhitneyP(), 1e-12);
    assertEquals(0.0, c.mannWhitneyU(), 0);
    // scipy.stats.ttest_ind(equal_var=False): p = 0.0010898831482511278
    assertEquals(0.0010898831482511278, c.welchP(), 1e-9);
    assertEquals(0.1, Stats.smallestTwoSidedP(3, 3), 1e-12);
    assertFalse(c.canBeSignificant(), "3 against 3 repetitions can never reach p < 0.05");
    assertEquals(2.0 / 252, Stats.smallestTwoSidedP(5, 5), 1e-12);
    assertEquals(10.0, Stats.spread(new double[] {10.4, Double.NaN, 9.8, 10.0}).median(), 0);
  }

  @Test
  void writesEverySectionChartAndNumber() throws IOException {
    Path report = out.resolve("report");
    long start = System.nanoTime();
    HtmlReport.generate(Fixtures.run("run-3-repeats"), report);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "report of the 10-trial fixture generated in %.3f s%n", seconds);
    String html = Files.readString(report.resolve("index.html"));
    for (String id :
        List.of(
            "id=\"contents\"",
            "id=\"mnist-mnist-cnn\"",
            "id=\"trials\"",
            "id=\"weights\"",
            "id=\"parity\"",
            "id=\"environment\"",
            "class=\"conclusions\"",
            "class=\"variants\"",
            "class=\"pairs\"",
            "class=\"fairness\"",
            "class=\"summary\"")) {
      assertTrue(html.contains(id), id);
    }
    for (String chart : CHARTS) {
      assertTrue(Files.size(report.resolve("mnist-mnist-cnn-" + chart + ".svg")) > 2000, chart);
      assertTrue(Files.size(report.resolve("mnist-mnist-cnn-" + chart + ".png")) > 2000, chart);
      assertTrue(html.contains("src=\"mnist-mnist-cnn-" + chart + ".svg\""), chart);
    }
    for (String link : Fixtures.localLinks(report.resolve("index.html"))) {
      assertTrue(
          Files.isRegularFile(report.resolve(link)), "index.html links to a missing " + link);
    }
    for (String link : Fixtures.localLinks(report.resolve("slides.html"))) {
      assertTrue(
          Files.isRegularFile(report.resolve(link)), "slides.html links to a missing " + link);
    }
    // the median and range of pytorch's CPU training time, and the pairwise tests
    assertTrue(html.contains("<td>pytorch (cpu)</td>"), "CPU and GPU are separate series");
    assertTrue(html.contains(">10.0 [9.80–10.4]<"), "median [min–max] of pytorch on CPU");
    assertTrue(html.contains(">2.10 [2.00–2.20]<"), "median [min–max] of pytorch on GPU");
    // the speed pair from PairwiseSpeed, formatted by the report's own Pair section
    RunStatistics stats = RunStatistics.of(RunData.read(Fixtures.run("run-3-repeats")));
    SpeedComparison c = stats.speed().get("mnist/mnist-cnn").get(0).comparison();
    assertEquals(
        SpeedVerdict.FASTER, c.verdict(), "pytorch's 3 repetitions are faster than mxnet's");
    assertTrue(
        html.contains(
            "<tr><td>pytorch (cpu)</td><td>mxnet (cpu)</td><td class=\"num\">3 / 3</td>"
                + "<td class=\"num ratio\">"
                + Pair.ratio(c)
                + "</td><td class=\"num interval\">"
                + Pair.interval(c)
                + "</td><td class=\"ok verdict\">pytorch (cpu) faster than mxnet (cpu)</td></tr>"),
        "the pair's row");
    assertEquals("0.82×", Pair.ratio(c));
    assertTrue(
        html.contains("docs/statistics.md")
            && html.contains("95 % Welch t-interval on their logarithms"),
        "the method in one sentence, naming the docs");
    assertTrue(
        html.contains("3 pair(s): each interval has a 5 % chance"), "the note on several pairs");
    // accuracy as a check and the time to a common accuracy, always populated
    assertTrue(
        html.contains("the tolerance is ±0.71 pp (test set of 10,000 images"),
        "the accuracy check");
    assertTrue(
        html.contains("Time-to-accuracy target: validation accuracy 0.9740"), "the common target");
    String common =
        html.substring(
            html.indexOf("class=\"common-accuracy\""),
            html.indexOf("</table>", html.indexOf("class=\"common-accuracy\"")));
    assertTrue(
        common.contains(
            "<td>pytorch (cpu)</td><td class=\"num\">3</td><td class=\"num\">11.3 s</td>"
                + "<td class=\"num\">[10.7, 12.2] s</td>"),
        common);
    // failures and their reasons, fairness and identical weights
    assertTrue(
        html.contains("per-layer parameter check failed: layer 2 (Conv2D) has 2080 parameters"));
    assertTrue(html.contains("Failed it: dl4j"), "the parameter-check verdict names dl4j");
    assertTrue(
        html.contains("<td class=\"differs\">{OMP_NUM_THREADS&#x3D;1}</td>"),
        "dl4j's thread environment is highlighted (JMustache escapes '=')");
    assertTrue(
        html.contains("Settings that differ between frameworks (highlighted): thread environment"));
    assertTrue(html.contains(">identical<"));
    assertFalse(html.contains(">DIFFERENT<"));
    assertTrue(html.contains("✗ 0.0021 ≤? 1e-04"), "the failed parity check is in the matrix");
    assertTrue(html.contains("1 parity check(s) failed."));
    assertTrue(html.contains("Up to 3 repetitions per trial"));
    assertTrue(html.contains("Fixture CPU @ 3.0GHz"));
    assertTrue(
        html.contains(
            "<td>Fastest training (gpu)</td><td><b>not drawn</b></td><td>Only pytorch (gpu) has an OK"
                + " trial: a ranking needs at least two.</td>"),
        "no ranking of one on the GPU");
    assertTrue(
        html.contains(
            "<td>Fastest training (cpu)</td><td><b>pytorch (cpu)</b></td><td>Its steady-state step time"
                + " is 0.82× [0.77, 0.88] (95 % CI) of mxnet (cpu)&#39;s, the closest"),
        "fastest on CPU, by the intervals");
    assertNoVerdictOnNoise(html);

    String slides = Files.readString(report.resolve("slides.html"));
    assertTrue(slides.contains("@page { size: 16in 9in"));
    for (String id :
        List.of(
            "slide-title",
            "slide-frameworks",
            "slide-mnist-mnist-cnn-data",
            "slide-mnist-mnist-cnn-model",
            "slide-mnist-mnist-cnn-curves",
            "slide-mnist-mnist-cnn-time",
            "slide-mnist-mnist-cnn-where",
            "slide-mnist-mnist-cnn-conclusion",
            "slide-mnist-mnist-cnn-answers")) {
      assertTrue(slides.contains("id=\"" + id + "\""), id);
    }
    assertTrue(
        slides.contains("<div class=\"value\">10.0<span class=\"unit\"> s</span>"), "big number");
    assertTrue(slides.contains("range 9.80–10.4 s over 3 runs"));
    assertNoVerdictOnNoise(slides);
    String conclusion =
        slides.substring(
            slides.indexOf("id=\"slide-mnist-mnist-cnn-conclusion\""),
            slides.indexOf(
                "</section>", slides.indexOf("id=\"slide-mnist-mnist-cnn-conclusion\"")));
    assertTrue(
        conclusion.contains(
            "<tr style=\"--fw: #0072B2\"><td><b>pytorch (cpu)</b></td><td><b>1</b> <span class=\"small\">·"
                + " fastest median</span></td>"
                + "<td class=\"num\">11.3 [10.7, 12.2]</td><td>0.9800 ✓</td><td class=\"num\">470 (JVM)</td>"
                + "<td class=\"num\">0.800</td><td><span class=\"small\">DJL Java API (NDArray, Block, Trainer) · "
                + "adapters/djl-pytorch: 64; adapters/djl-common: 412 (shared)</span></td></tr>"),
        conclusion);
    assertTrue(
        conclusion.contains(
            "<td><b>mxnet (cpu)</b></td><td><b>2</b> <span class=\"small\">· 1.22× [1.14, 1.30]</span></td>"),
        conclusion);
    assertTrue(slides.contains("Deep Java Library (DJL) with its PyTorch engine"));
    assertTrue(
        slides.contains("adapters/djl-pytorch: 64; adapters/djl-common: 412 (shared)"),
        "adapter lines come from the run's frameworks.csv; a module two frameworks use is marked shared");
    assertTrue(
        html.contains("<td>DJL Java API (NDArray, Block, Trainer)</td><td>Java</td>"),
        "API and language from frameworks.csv");
    assertTrue(
        html.contains(
            "<td>Dense</td><td>128 units relu</td><td>(128)</td><td class=\"num\">73,856</td>"),
        "a layer row of models.csv");
    assertTrue(html.contains("<td class=\"num\">85,146</td>"), "the total of models.csv");
    assertFalse(
        html.contains("id=\"jmh\"") || html.contains("id=\"threads\""),
        "no JMH or thread-sweep section without their files");
    assertTrue(seconds < 30, "generation took " + seconds + " s");
  }

  /**
   * No verdict inside the noise: no "spread unknown", no accuracy winner, no unreached common
   * target.
   */
  private static void assertNoVerdictOnNoise(String page) {
    assertFalse(page.contains("spread unknown"), "spread unknown");
    assertFalse(page.contains("Highest test accuracy"), "an accuracy winner");
    assertFalse(page.contains("Highest throughput"), "a throughput winner without a test");
    int common = page.indexOf("class=\"common-accuracy\"");
    if (common >= 0) {
      assertFalse(
          page.substring(common, page.indexOf("</table>", common)).contains("not reached"),
          "not reached in the time to the common accuracy");
    }
  }

  @Test
  void oneRepetitionSaysTooFewRepetitions() throws IOException {
    Path run = Fixtures.firstRepetitionOnly(Fixtures.run("run-3-repeats"), out.resolve("r1"));
    HtmlReport.generate(run, out.resolve("report"));
    String html = Files.readString(out.resolve("report/index.html"));
    String slides = Files.readString(out.resolve("report/slides.html"));
    assertTrue(html.contains("One repetition per trial"));
    assertTrue(
        html.contains(
            "<td class=\"unknown verdict\">too few repetitions (run with -Drepeats&#x3D;3 or more)</td>"),
        "JMustache escapes '='");
    assertTrue(
        html.contains(
            "<td>Fastest training (cpu)</td><td><b>not drawn</b></td><td>too few repetitions"));
    assertTrue(html.contains(">10.0<"), "one value, no range");
    assertTrue(
        html.contains("<td class=\"num\">— (one repetition)</td>"),
        "a time to the common accuracy, no interval");
    assertNoVerdictOnNoise(html);
    assertNoVerdictOnNoise(slides);
    assertTrue(slides.contains("1 run: no spread known"));
    assertTrue(
        slides.contains("<td><b>—</b> <span class=\"small\">· fastest median; too few repetitions"),
        "no rank from one repetition");
  }

  @Test
  void thePaperProfileKeepsTheFixedTargetsBesideTheCommonOne() throws IOException {
    Path run = out.resolve("paper");
    Files.createDirectories(run);
    for (String f : List.of("trials.csv", "epochs.csv", "frameworks.csv", "models.csv")) {
      Files.copy(Fixtures.run("run-3-repeats").resolve(f), run.resolve(f));
    }
    String env = Files.readString(Fixtures.run("run-3-repeats").resolve("environment.csv"));
    assertTrue(env.contains("cnnbench.profile,quick\n"));
    Files.writeString(
        run.resolve("environment.csv"),
        env.replace("cnnbench.profile,quick\n", "cnnbench.profile,paper\n"));
    HtmlReport.generate(run, out.resolve("report"));
    String html = Files.readString(out.resolve("report/index.html"));
    assertTrue(
        html.contains("Target validation accuracy for this model: 0.97"), "the fixed target");
    assertTrue(
        html.contains(
            "<td>Time to the fixed target validation accuracy 0.97 (paper profile)</td>"));
    assertTrue(
        html.contains("<td>Time to the common validation accuracy 0.9740</td>"),
        "and the common one");
    assertFalse(html.contains("Time-to-accuracy target: validation accuracy"));
    assertNoVerdictOnNoise(html);
  }

  @Test
  void comparesWithABaselineAgainstTheMeasuredNoise() throws IOException {
    HtmlReport.generate(
        Fixtures.run("run-3-repeats"),
        out,
        ReportOptions.defaults().withBaseline(Fixtures.run("baseline")));
    String html = Files.readString(out.resolve("index.html"));
    assertTrue(html.contains("id=\"compare\""));
    assertTrue(html.contains("Comparison with run 20251201-090000"));
    assertTrue(
        html.contains("git.commit: 0000000000000000000000000000000000000000 → 1111"),
        "settings that differ");
    Pattern row =
        Pattern.compile(
            "<td>(\\w+)</td><td>cpu</td>\\s*<td class=\"num\">([^<]+)</td>"
                + "<td class=\"num\">([^<]+)</td><td class=\"num\">([^<]+)</td><td class=\"num\">([^<]+)</td>"
                + "<td class=\"(\\w+)\">([^<]+)<");
    Map<String, RegressionGate.Change> gate = new HashMap<>();
    RegressionGate.compare(
            RunData.read(Fixtures.run("baseline")),
            RunData.read(Fixtures.run("run-3-repeats")),
            Double.NaN)
        .changes()
        .forEach(c -> gate.put(c.framework() + "/" + c.device(), c));
    Matcher m = row.matcher(html);
    int rows = 0;
    while (m.find()) {
      SpeedComparison c = gate.get(m.group(1) + "/cpu").comparison();
      assertEquals(Pair.ratio(c), m.group(4), "the gate's ratio");
      assertEquals(Pair.interval(c), m.group(5), "the gate's interval");
      rows++;
      if (m.group(1).equals("pytorch")) {
        assertEquals("12.0 [11.8–12.2]", m.group(2));
        assertEquals(SpeedVerdict.FASTER, c.verdict(), "10.0 s against 12.0 s, 3 repetitions each");
        assertEquals("faster", m.group(7));
      } else {
        assertEquals("mxnet", m.group(1));
        assertEquals(SpeedVerdict.NO_DETECTABLE_DIFFERENCE, c.verdict(), c.toString());
        assertEquals("no detectable difference", m.group(7));
      }
    }
    assertEquals(2, rows, "pytorch and mxnet on the CPU are in both runs");
  }

  @Test
  void frenchTitles() throws IOException {
    HtmlReport.generate(
        Fixtures.run("run-3-repeats"), out, ReportOptions.defaults().withLanguage("fr"));
    String slides = Files.readString(out.resolve("slides.html"));
    assertTrue(slides.contains("<html lang=\"fr\">"));
    assertTrue(
        slides.contains("Temps d'entraînement — mnist-cnn · mnist")
            || slides.contains("Temps d&#39;entraînement"),
        "French slide title");
    assertTrue(
        Files.readString(out.resolve("index.html"))
            .contains("Exécution cnn-bench 20260101-120000"));
  }

  @Test
  void regeneratingRemovesStaleCharts() throws IOException {
    Files.writeString(out.resolve("chart-01-accuracy.png"), "old");
    HtmlReport.generate(Fixtures.run("run-3-repeats"), out);
    assertFalse(Files.exists(out.resolve("chart-01-accuracy.png")));
    assertTrue(Files.exists(out.resolve("index.html")));
  }

  @Test
  void threadEnvironmentsCompareTheCountsInForceNotTheVariableNames() throws IOException {
    Path run = out.resolve("run");
    Files.createDirectories(run);
    for (String f : List.of("trials.csv", "epochs.csv")) {
      Files.copy(Fixtures.run("run-3-repeats").resolve(f), run.resolve(f));
    }
    String env = Files.readString(Fixtures.run("run-3-repeats").resolve("environment.csv"));
    // dl4j pinned to 2 as well, through its own set of variable names: nothing differs any more.
    String same =
        env.replace(
            "framework.dl4j.child_environment,{OMP_NUM_THREADS=1}",
            "framework.dl4j.child_environment,\"{BACKEND_PRIORITY_CPU=100, OMP_NUM_THREADS=2, OPENBLAS_NUM_THREADS=2}\"");
    assertFalse(same.equals(env), "the fixture line was replaced");
    Files.writeString(run.resolve("environment.csv"), same);
    HtmlReport.generate(run, out.resolve("same"));
    String html = Files.readString(out.resolve("same").resolve("index.html"));
    assertFalse(html.contains("(highlighted): thread environment"), "only names differ");
    assertTrue(html.contains("Every compared setting is the same for all frameworks."));
    // A count that differs inside one framework's settings (MXNet's worker pool at 1) is flagged.
    Files.writeString(
        run.resolve("environment.csv"),
        same.replace("MXNET_CPU_WORKER_NTHREADS=2", "MXNET_CPU_WORKER_NTHREADS=1"));
    HtmlReport.generate(run, out.resolve("differs"));
    assertTrue(
        Files.readString(out.resolve("differs").resolve("index.html"))
            .contains(
                "Settings that differ between frameworks (highlighted): thread environment."));
    assertEquals(
        Set.of(2),
        ThreadsInForce.counts(
            "{MKL_NUM_THREADS=2, OMP_NUM_THREADS=2}",
            "{ai.djl.offline=true, ai.djl.pytorch.num_interop_threads=1, ai.djl.pytorch.num_threads=2}"));
    assertEquals(
        Set.of(1, 4),
        ThreadsInForce.counts(
            "{OMP_NUM_THREADS=4, TF_NUM_INTRAOP_THREADS=1," + " TF_NUM_INTEROP_THREADS=1}"));
  }
}
