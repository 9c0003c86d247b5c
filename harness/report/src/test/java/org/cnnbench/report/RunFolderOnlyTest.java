package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report reads the run folder alone: an old folder without {@code frameworks.csv} and {@code
 * models.csv} still renders, a damaged one too, and {@code jmh.csv} and {@code threads.csv} become
 * tables when they are there.
 */
class RunFolderOnlyTest {

  @TempDir Path out;

  /**
   * A copy of the fixture run with its three main files only, as runs before the description files.
   */
  private Path oldRun() throws IOException {
    Path run = out.resolve("old-run");
    Files.createDirectories(run);
    for (String f : List.of("trials.csv", "epochs.csv", "environment.csv", "parity.csv")) {
      Files.copy(Fixtures.run("run-3-repeats").resolve(f), run.resolve(f));
    }
    return run;
  }

  @Test
  void aRunFolderWithoutDescriptionFilesRendersWithANote() throws IOException {
    Path run = oldRun();
    Path report = out.resolve("report");
    HtmlReport.generate(run, report);
    String html = Files.readString(report.resolve("index.html"));
    String slides = Files.readString(report.resolve("slides.html"));
    assertTrue(
        html.contains("This run folder has no readable frameworks.csv"), "the frameworks note");
    assertTrue(
        html.contains("This run folder has no readable models.csv"), "the model summary note");
    assertTrue(
        slides.contains("This run folder has no readable models.csv"),
        "the note on the model slide");
    assertFalse(html.contains("class=\"summary\""), "no empty model table");
    assertFalse(html.contains("Deep Java Library"), "no description without frameworks.csv");
    assertTrue(
        html.contains("<b>DJL PyTorch</b>"), "display names still come from environment.csv");
    assertTrue(html.contains("<td>pytorch (cpu)</td>"), "the measurements are all there");
    assertFalse(
        html.contains("Parameter counts differing from the spec"), "no spec to compare with");
  }

  @Test
  void damagedDescriptionFilesReadAsAbsent() throws IOException {
    Path run = oldRun();
    Files.writeString(
        run.resolve(RunDescriptions.FRAMEWORKS), "framework,display_name\n\"pytorch,unclosed\n");
    Files.writeString(run.resolve(RunDescriptions.MODELS), "model,position\n\"mnist-cnn,1\n");
    Path report = out.resolve("report");
    HtmlReport.generate(run, report);
    String html = Files.readString(report.resolve("index.html"));
    assertTrue(html.contains("This run folder has no readable frameworks.csv"));
    assertTrue(html.contains("This run folder has no readable models.csv"));
  }

  @Test
  void aModelMissingFromModelsCsvSaysSo() throws IOException {
    Path run = oldRun();
    Files.writeString(
        run.resolve(RunDescriptions.MODELS),
        "model,position,layer,settings,output_shape,params\n" + "lenet,total,,\"x\",,1\n");
    Path report = out.resolve("report");
    HtmlReport.generate(run, report);
    assertTrue(
        Files.readString(report.resolve("index.html"))
            .contains(
                "The run&#39;s models.csv does not list mnist-cnn: its summary is left out."));
  }

  @Test
  void theParameterCheckComparesWithTheTotalOfModelsCsv() throws IOException {
    Path run = oldRun();
    // a spec total that no trial has: every trial's parameter count is named as differing
    Files.writeString(
        run.resolve(RunDescriptions.MODELS),
        "model,position,layer,settings,output_shape,params\n"
            + "mnist-cnn,total,,\"loss, optimizer\",,99\n");
    Path report = out.resolve("report");
    HtmlReport.generate(run, report);
    String html = Files.readString(report.resolve("index.html"));
    assertTrue(
        html.contains(
            "Parameter counts differing from the spec&#39;s 99: mnist-mnist-cnn-pytorch-cpu-r1: 85,146"),
        "the expected count comes from models.csv");
  }

  @Test
  void jmhAndThreadSweepResultsAreTables() throws IOException {
    Path run = oldRun();
    Files.writeString(
        run.resolve(Benchmarks.JMH),
        String.join(
            "\n",
            "framework,benchmark,batch,mode,unit,samples,median,p99,mean,error,model,threads,reason",
            "pytorch,trainStep,64,sample,ms/op,40,81.3957,118.882,82.0675,1.25,mnist-cnn,2,",
            "mxnet,inferOne,64,sample,ms/op,,,,,,mnist-cnn,2,\"benchmark failed: forked VM exited, code 3\"",
            ""));
    Files.writeString(
        run.resolve(Benchmarks.THREADS),
        String.join(
            "\n",
            "framework,model,threads,images_per_second,ms_per_step,batch_size,repetitions,best",
            "pytorch,mnist-cnn,1,812.5,78.77,64,2,false",
            "pytorch,mnist-cnn,2,1390.0,46.04,64,2,true",
            ""));
    Path report = out.resolve("report");
    HtmlReport.generate(run, report);
    String html = Files.readString(report.resolve("index.html"));
    assertTrue(html.contains("<a href=\"#jmh\">JMH latencies</a>") && html.contains("id=\"jmh\""));
    assertTrue(
        html.contains(
            "<td>pytorch</td><td>mnist-cnn</td><td>trainStep</td><td class=\"num\">64</td>"
                + "<td class=\"num\">2</td><td>sample</td><td class=\"num\">40</td><td class=\"num\">81.396 ms/op</td>"
                + "<td class=\"num\">82.068 ms/op ± 1.250</td><td class=\"num\">118.9 ms/op</td><td></td>"),
        html);
    assertTrue(
        html.contains("<td>benchmark failed: forked VM exited, code 3</td>"),
        "a failed benchmark's reason");
    assertTrue(html.contains("id=\"threads\""));
    assertTrue(
        html.contains(
            "<td class=\"num\">2</td><td class=\"num\">1390.0</td><td class=\"num\">46.04</td>"
                + "<td class=\"num\">64</td><td class=\"num\">2</td><td class=\"ok\">✓</td>"),
        "the fastest count is marked");
    assertTrue(
        Files.size(report.resolve("thread-sweep-throughput.svg")) > 2000, "the sweep's chart");
    assertTrue(html.contains("src=\"thread-sweep-throughput.svg\""));
    for (String link : Fixtures.localLinks(report.resolve("index.html"))) {
      assertTrue(
          Files.isRegularFile(report.resolve(link)), "index.html links to a missing " + link);
    }
  }

  @Test
  void anUnreadableJmhCsvGivesANote() throws IOException {
    Path run = oldRun();
    Files.writeString(run.resolve(Benchmarks.JMH), "framework,benchmark\n\"pytorch,trainStep\n");
    Path report = out.resolve("report");
    HtmlReport.generate(run, report);
    String html = Files.readString(report.resolve("index.html"));
    assertTrue(html.contains("jmh.csv could not be read"), "a note instead of the table");
    assertEquals(1, html.split("id=\"jmh\"", -1).length - 1);
  }
}
