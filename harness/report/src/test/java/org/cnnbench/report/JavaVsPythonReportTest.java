package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Java vs Python" table and slide: the fixture run plus three Python PyTorch repetitions, each
 * framework's training time and ms/step as a ratio to Python PyTorch's, the reference's in-worker
 * step time and transfer overhead.
 */
class JavaVsPythonReportTest {

  @TempDir Path dir;

  private Path runWithPython() throws IOException {
    return runWithPython("run");
  }

  private Path runWithPython(String name) throws IOException {
    return Fixtures.withPython(dir.resolve(name));
  }

  @Test
  void everyFrameworkIsARatioToPythonPytorchOnTheSameDevice() throws IOException {
    Path run = runWithPython();
    RunData data = RunData.read(run);
    Analysis.Group g = Analysis.groups(data).get(0);
    Labels t = Labels.of("en");
    List<PythonReference.Row> rows =
        PythonReference.rows(
            g, RunDescriptions.read(run).reference(), t, v -> v.variant().label(g.withDevice()));
    PythonReference.Row ref =
        rows.stream().filter(r -> r.rowClass().equals("reference")).findFirst().orElseThrow();
    assertEquals("python-pytorch (cpu) — reference", ref.variant());
    assertEquals("1.00×", ref.trainRatio());
    assertEquals("33.0 [32.5–33.5]", ref.msPerStep());
    assertEquals("32.0 [32.0–32.0]", ref.workerMsPerStep());
    assertEquals("+3.1 %", ref.overhead());
    PythonReference.Row pytorch =
        rows.stream().filter(r -> r.variant().equals("pytorch (cpu)")).findFirst().orElseThrow();
    // DJL PyTorch: median 10.0 s against Python's median 9.0 s; 36.0 ms/step against 33.0
    assertEquals(String.format(Locale.ROOT, "%.2f×", 10.0 / 9.0), pytorch.trainRatio());
    assertEquals(String.format(Locale.ROOT, "%.2f×", 36.0 / 33.0), pytorch.stepRatio());
    assertEquals("—", pytorch.workerMsPerStep(), "in-JVM adapters have no worker time");
    // 3 against 3 repetitions completely separated: exact Mann–Whitney p = 0.1, which can never
    // reach 5 %;
    // the verdict is the report's speed method, Welch's interval of the ratio on logarithms
    assertEquals("0.100", pytorch.pMannWhitney());
    SpeedComparison c =
        SpeedComparison.of(new double[] {10.0, 10.4, 9.8}, new double[] {9.0, 9.2, 8.9});
    assertEquals(SpeedVerdict.SLOWER, c.verdict());
    assertEquals(
        "python-pytorch (cpu) faster than pytorch (cpu) " + Pair.interval(c), pytorch.verdict());
    assertEquals("ok", pytorch.verdictClass());
    assertTrue(
        rows.stream().noneMatch(r -> r.variant().contains("(gpu)")),
        "no GPU row: Python PyTorch did not run on the GPU");
  }

  @Test
  void theReportAndTheSlidesShowTheTable() throws IOException {
    Path out = dir.resolve("report");
    HtmlReport.generate(runWithPython(), out, ReportOptions.defaults());
    String index = Files.readString(out.resolve("index.html"));
    assertTrue(
        index.contains("Java vs Python: each framework against Python PyTorch"),
        "index has the table");
    assertTrue(index.contains("class=\"java-vs-python\""));
    assertTrue(index.contains("+3.1 %"));
    String slides = Files.readString(out.resolve("slides.html"));
    assertTrue(
        slides.contains("id=\"slide-mnist-mnist-cnn-java-vs-python\"")
            || slides.contains("-java-vs-python\""),
        "a Java vs Python slide");
    Path fr = dir.resolve("report-fr");
    HtmlReport.generate(runWithPython("run-fr"), fr, ReportOptions.defaults().withLanguage("fr"));
    assertTrue(
        Files.readString(fr.resolve("index.html"))
            .contains("Java ou Python : chaque framework face à Python PyTorch"));
  }

  @Test
  void noPythonRunMeansNoTable() throws IOException {
    RunData data = RunData.read(Fixtures.run("run-3-repeats"));
    Analysis.Group g = Analysis.groups(data).get(0);
    assertTrue(
        PythonReference.rows(
                g,
                RunDescriptions.read(Fixtures.run("run-3-repeats")).reference(),
                Labels.of("en"),
                v -> v.variant().framework())
            .isEmpty());
  }

  @Test
  void theReferenceIsTheFrameworkThatFrameworksCsvMarks() throws IOException {
    Path run = runWithPython();
    RunData data = RunData.read(run);
    Analysis.Group g = Analysis.groups(data).get(0);
    assertEquals("python-pytorch", RunDescriptions.read(run).reference());
    // a run folder from before frameworks.csv names no reference: no table, however its trials are
    // named
    Files.delete(run.resolve(RunDescriptions.FRAMEWORKS));
    assertEquals(null, RunDescriptions.read(run).reference());
    assertTrue(
        PythonReference.rows(g, null, Labels.of("en"), v -> v.variant().framework()).isEmpty());
    // another framework marked as the reference becomes the one compared with
    List<PythonReference.Row> rows =
        PythonReference.rows(g, "mxnet", Labels.of("en"), v -> v.variant().label(g.withDevice()));
    assertTrue(
        rows.stream().anyMatch(r -> r.variant().equals("mxnet (cpu) — reference")),
        rows.toString());
  }
}
