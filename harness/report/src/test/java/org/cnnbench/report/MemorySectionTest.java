package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.cnnbench.report.Charts.Line;
import org.cnnbench.report.Charts.Mark;
import org.cnnbench.report.MemorySection.ModelMemory;
import org.cnnbench.report.MemorySection.PeakRow;
import org.cnnbench.report.MemorySection.StopRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory section built from a run's files: peaks and what they include, memory over time, the
 * sweep.
 */
class MemorySectionTest {

  @TempDir Path dir;

  private MemorySection.Section section(Path run, boolean png) throws IOException {
    return MemorySection.of(
        run,
        Analysis.groups(RunData.read(run)),
        Labels.of("en"),
        new Charts(Files.createDirectories(dir.resolve("report")), png));
  }

  @Test
  void thePeakTableShowsTheWholeTreeBesideTheJvmAloneAndSaysWhatEachIncludes() throws IOException {
    MemorySection.Section s = section(Fixtures.withMemory(dir.resolve("run")), false);
    assertEquals(1, s.models().size());
    ModelMemory m = s.models().get(0);
    Map<String, PeakRow> peaks =
        m.peaks().stream().collect(Collectors.toMap(PeakRow::variant, p -> p));
    PeakRow python = peaks.get("python-pytorch (cpu)");
    assertEquals("920 [910–930]", python.treeRss(), "the tree holds the worker");
    assertEquals(
        "470 [470–470]", python.jvmRss(), "the JVM alone keeps its number from trials.csv");
    assertEquals("960 [950–970]", python.hwmSum());
    assertEquals("2", python.processes());
    assertEquals("3/3", python.ok());
    PeakRow dl4j = peaks.get("dl4j (cpu)");
    assertEquals("0/1", dl4j.ok());
    assertEquals("—", dl4j.treeRss(), "a FAILED trial has no peak");
    assertEquals(FrameworkColours.hex("python-pytorch"), python.colour());
    assertTrue(
        m.peakNote().contains("every 200 ms")
            && m.peakNote().contains("lower bound")
            && m.peakNote().contains("upper bound")
            && m.peakNote().contains("Python worker")
            && m.peakNote().contains("inference JVM")
            && m.peakNote().contains("file-backed"),
        m.peakNote());
  }

  @Test
  void theChartDrawsEachFrameworksFirstOkRepetitionAndNamesThoseItLeavesOut() throws IOException {
    MemorySection.Section s = section(Fixtures.withMemory(dir.resolve("run")), true);
    ModelMemory m = s.models().get(0);
    assertNotNull(m.chart());
    assertEquals("mnist-mnist-cnn-memory-time.svg", m.chart().svg());
    assertEquals("Not drawn, no OK trial with samples: dl4j (cpu), pytorch (gpu).", m.chartNote());
    String svg = Files.readString(dir.resolve("report").resolve(m.chart().svg()));
    assertTrue(
        svg.contains("Repetition 1 of each framework") && svg.contains("every 200 ms"),
        "the subtitle says which repetition and the interval");
    BufferedImage png = ImageIO.read(dir.resolve("report").resolve(m.chart().png()).toFile());
    for (String drawn : List.of("pytorch", "mxnet", "python-pytorch")) {
      assertTrue(
          countPixels(png, FrameworkColours.of(drawn).getRGB()) > 100,
          drawn + " is drawn in its colour");
    }
    assertEquals(
        0,
        countPixels(png, FrameworkColours.of("dl4j").getRGB()),
        "the FAILED dl4j trial is not drawn");
  }

  @Test
  void eachEpochAndTheTestAreMarkedWhereTheyBegin() throws IOException {
    List<MemoryData.Sample> samples =
        MemoryData.read(Fixtures.run("memory")).byTrial().get("mnist-mnist-cnn-pytorch-cpu-r1");
    Line line = MemorySection.line("pytorch (cpu)", "pytorch", false, samples, Labels.of("en"));
    assertEquals(samples.size(), line.points().size());
    // 3 setup samples, then 10 per epoch at 200 ms: epochs begin at 0.6 s, 2.6 s and 4.6 s, the
    // test at 6.6 s
    assertEquals(
        List.of(
            new Mark(0.6, "e1"), new Mark(2.6, "e2"), new Mark(4.6, "e3"), new Mark(6.6, "test")),
        line.marks());
  }

  @Test
  void aRunWithoutMemoryCsvShowsAVisibleNoteInsteadOfTheChart() throws IOException {
    MemorySection.Section s = section(Fixtures.run("run-3-repeats"), false);
    ModelMemory m = s.models().get(0);
    assertNull(m.chart());
    assertTrue(
        m.chartNote().startsWith("No memory-over-time chart: this run has no memory.csv"),
        m.chartNote());
    assertEquals("—", m.peaks().get(0).treeRss(), "an old run has no tree peaks");
    assertEquals("470 [470–470]", m.peaks().get(0).jvmRss());
    assertNull(s.sweep());
    Path report = dir.resolve("html");
    HtmlReport.generate(Fixtures.run("run-3-repeats"), report);
    String index = Files.readString(report.resolve("index.html"));
    assertTrue(
        index.contains(
            "<p class=\"note memory-note\"><b>No memory-over-time chart: this run has no "
                + "memory.csv"),
        "the note is on the page");
    assertTrue(
        index.contains("Whole process tree of each trial"), "the peak table says what it includes");
  }

  @Test
  void theSweepSaysWhereEachFrameworkStoppedAndWhy() throws IOException {
    MemorySection.Section s = section(Fixtures.withMemory(dir.resolve("run")), false);
    assertNotNull(s.sweep());
    assertEquals("memory-sweep-memory.svg", s.sweep().memory().svg());
    assertEquals("memory-sweep-throughput.svg", s.sweep().throughput().svg());
    Map<String, StopRow> stops =
        s.sweep().stops().stream().collect(Collectors.toMap(StopRow::framework, r -> r));
    assertEquals(
        List.of("pytorch", "mxnet", "python-pytorch"),
        s.sweep().stops().stream().map(StopRow::framework).toList());
    StopRow pytorch = stops.get("pytorch");
    assertEquals(
        List.of("1024", "—", "every size ran", ""),
        List.of(pytorch.largestOk(), pytorch.stoppedAt(), pytorch.status(), pytorch.cls()));
    StopRow mxnet = stops.get("mxnet");
    assertEquals(
        List.of("512", "1024", "TIMEOUT", "no progress for 600 s", "bad"),
        List.of(mxnet.largestOk(), mxnet.stoppedAt(), mxnet.status(), mxnet.reason(), mxnet.cls()));
    StopRow python = stops.get("python-pytorch");
    assertEquals(
        List.of("256", "512", "FAILED"),
        List.of(python.largestOk(), python.stoppedAt(), python.status()));
    assertTrue(python.reason().contains("over the memory cap"), python.reason());
    assertEquals(21, s.sweep().points().size());
    assertTrue(
        s.sweep().caption().contains("20 steps") && s.sweep().caption().contains("6000 MiB"),
        s.sweep().caption());
  }

  @Test
  void bothPagesShowTheChartsOfARunWithMemoryFiles() throws IOException {
    Path report = dir.resolve("html");
    HtmlReport.generate(Fixtures.withMemory(dir.resolve("run")), report);
    String index = Files.readString(report.resolve("index.html"));
    assertTrue(
        index.contains("<img src=\"mnist-mnist-cnn-memory-time.svg\"")
            && index.contains("<img src=\"memory-sweep-memory.svg\"")
            && index.contains("<img src=\"memory-sweep-throughput.svg\""),
        "the index has the three charts");
    assertTrue(
        index.contains("<td>TIMEOUT</td><td>no progress for 600 s</td>"),
        "and where mxnet stopped");
    String slides = Files.readString(report.resolve("slides.html"));
    assertTrue(
        slides.contains("id=\"slide-memory-mnist-mnist-cnn\"")
            && slides.contains("id=\"slide-memory-sweep\""),
        "the slides have the memory-over-time and sweep slides");
    for (String link : Fixtures.localLinks(report.resolve("index.html"))) {
      assertTrue(Files.exists(report.resolve(link)), link);
    }
  }

  private static long countPixels(BufferedImage img, int rgb) {
    long n = 0;
    for (int j = 0; j < img.getHeight(); j++) {
      for (int i = 0; i < img.getWidth(); i++) {
        if ((img.getRGB(i, j) & 0xffffff) == (rgb & 0xffffff)) {
          n++;
        }
      }
    }
    return n;
  }
}
