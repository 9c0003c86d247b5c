package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarnessOverheadTest {

  private static void write(Path dir, String name, String... lines) throws IOException {
    Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }

  private static Path run(Path root, boolean withStepMedians) throws IOException {
    Path run = Files.createDirectories(root.resolve("run-a"));
    // the columns the report's validation requires (CsvValidation), plus what the table reads
    if (withStepMedians) {
      // dl4j: two repeats whose step medians are 190 and 200 (their epochs' means are far slower:
      // a few long steps); the table takes the median of the medians, 195
      write(
          run,
          "trials.csv",
          "trial_id,framework,dataset,model,device,status,threads,batch_size,step_ms_median",
          "t1,dl4j,mnist,mnist-cnn,cpu,OK,2,64,190",
          "t5,dl4j,mnist,mnist-cnn,cpu,OK,2,64,200",
          "t2,pytorch,mnist,mnist-cnn,cpu,OK,2,64,40",
          "t3,mxnet,mnist,mnist-cnn,cpu,FAILED,2,64,",
          "t4,pytorch,mnist,mnist-cnn,cpu,OK,1,64,80");
    } else {
      write(
          run,
          "trials.csv",
          "trial_id,framework,dataset,model,device,status,threads,batch_size",
          "t1,dl4j,mnist,mnist-cnn,cpu,OK,2,64",
          "t2,pytorch,mnist,mnist-cnn,cpu,OK,2,64",
          "t3,mxnet,mnist,mnist-cnn,cpu,FAILED,2,64",
          "t4,pytorch,mnist,mnist-cnn,cpu,OK,1,64");
    }
    // dl4j: 64 images at 640 and 320 img/s = 100 and 200 ms/step, and 128 img/s = 500: median 200
    write(
        run,
        "epochs.csv",
        "trial_id,framework,dataset,model,epoch,images_per_second",
        "t1,dl4j,mnist,mnist-cnn,1,640",
        "t1,dl4j,mnist,mnist-cnn,2,320",
        "t1,dl4j,mnist,mnist-cnn,3,128",
        "t5,dl4j,mnist,mnist-cnn,1,100",
        "t2,pytorch,mnist,mnist-cnn,1,1600",
        "t3,mxnet,mnist,mnist-cnn,1,1000",
        "t4,pytorch,mnist,mnist-cnn,1,800");
    return run;
  }

  private static void writeJmh(Path run) throws IOException {
    write(
        run,
        "jmh.csv",
        "framework,benchmark,batch,mode,unit,samples,median,p99,mean,error,model,threads,reason",
        "dl4j,trainStep,64,sample,ms/op,100,195.0,250,196,1,mnist-cnn,2,",
        "dl4j,inferBatch,64,sample,ms/op,100,50.0,60,51,1,mnist-cnn,2,",
        "pytorch,trainStep,64,sample,s/op,100,0.04,0.05,0.04,0.001,mnist-cnn,2,",
        "mxnet,trainStep,64,sample,ms/op,100,30,40,31,1,mnist-cnn,2,");
  }

  @Test
  void theRatioIsTheTrialsMedianStepOverJmhsMedianAtTheSameThreads(@TempDir Path root)
      throws IOException {
    Path run = run(root, true);
    writeJmh(run);
    List<HarnessOverhead.Ratio> rows =
        HarnessOverhead.rows(RunData.read(run), HarnessOverhead.jmhCsv(run, null));
    assertEquals(2, rows.size(), rows.toString()); // mxnet's trial failed: no trial number, no row
    HarnessOverhead.Ratio dl4j = rows.get(0);
    assertEquals("dl4j", dl4j.framework());
    assertEquals(
        "195.00",
        dl4j.trialMsText(),
        "the median of the repeats' step medians, not of epoch means");
    assertEquals("1.000", dl4j.ratioText());
    assertEquals("ok", dl4j.cls());
    assertEquals(HarnessOverhead.STEP_MEDIAN, dl4j.trialStatistic());
    assertFalse(dl4j.epochMean());
    HarnessOverhead.Ratio pytorch = rows.get(1);
    assertEquals(
        "1.000", pytorch.ratioText(), pytorch.toString()); // 40 ms/step at 2 threads vs 0.04 s/op
  }

  @Test
  void trialsOfTwoEpochsOrMoreAlsoGetTheirLastEpochsMedianOverJmh(@TempDir Path root)
      throws IOException {
    Path run = Files.createDirectories(root.resolve("run-b"));
    write(
        run,
        "trials.csv",
        "trial_id,framework,dataset,model,device,status,threads,batch_size,step_ms_median",
        "t1,dl4j,mnist,mnist-cnn,cpu,OK,2,64,300",
        "t2,dl4j,mnist,mnist-cnn,cpu,OK,2,64,320",
        "t3,pytorch,mnist,mnist-cnn,cpu,OK,2,64,40");
    // dl4j warms up: its last epochs (3 of t1, 2 of t2, rows out of order) take 190 and 210 ms,
    // median
    // 200; pytorch ran one epoch only, so it has no last-epoch figure
    write(
        run,
        "epochs.csv",
        "trial_id,framework,dataset,model,epoch,images_per_second,step_ms_median",
        "t1,dl4j,mnist,mnist-cnn,1,100,600",
        "t1,dl4j,mnist,mnist-cnn,3,300,190",
        "t1,dl4j,mnist,mnist-cnn,2,200,250",
        "t2,dl4j,mnist,mnist-cnn,2,300,210",
        "t2,dl4j,mnist,mnist-cnn,1,100,500",
        "t3,pytorch,mnist,mnist-cnn,1,1600,40");
    writeJmh(run);
    List<HarnessOverhead.Ratio> rows =
        HarnessOverhead.rows(RunData.read(run), HarnessOverhead.jmhCsv(run, null));
    HarnessOverhead.Ratio dl4j = rows.get(0);
    assertEquals("310.00", dl4j.trialMsText(), dl4j.toString());
    assertEquals("1.590", dl4j.ratioText());
    assertEquals("bad", dl4j.cls());
    assertEquals(
        "200.00", dl4j.lastEpochMsText(), "the median of the trials' last epochs, 190 and 210");
    assertEquals("1.026", dl4j.lastEpochRatioText());
    assertEquals("ok", dl4j.lastEpochCls());
    HarnessOverhead.Ratio pytorch = rows.get(1);
    assertEquals("", pytorch.lastEpochMsText(), pytorch.toString());
    assertTrue(Double.isNaN(pytorch.lastEpochMs()));
    assertEquals("", pytorch.lastEpochRatioText(), pytorch.toString());

    // the report's table, through the real template
    Path report = root.resolve("report");
    HtmlReport.generate(run, report);
    String html = Files.readString(report.resolve("index.html"));
    String table = html.substring(html.indexOf("<table class=\"overhead\">"));
    table = table.substring(0, table.indexOf("</table>"));
    assertTrue(table.contains("<th>last epoch / JMH</th>"), table);
    assertTrue(
        table.contains("<td class=\"num\">200.00</td><td class=\"num ok\">1.026</td>"), table);
    assertTrue(
        table.contains("<td class=\"num\">—</td><td class=\"num \">—</td>"), "pytorch: " + table);
  }

  @Test
  void aRunWithoutStepMediansFallsBackToEpochMeansAndSaysSo(@TempDir Path root) throws IOException {
    Path run = run(root, false);
    writeJmh(run);
    List<HarnessOverhead.Ratio> rows =
        HarnessOverhead.rows(RunData.read(run), HarnessOverhead.jmhCsv(run, null));
    assertEquals(2, rows.size(), rows.toString());
    HarnessOverhead.Ratio dl4j = rows.get(0);
    assertEquals("200.00", dl4j.trialMsText(), "median of t1's epoch means 100, 200, 500");
    assertEquals("1.026", dl4j.ratioText());
    assertEquals(HarnessOverhead.EPOCH_MEAN, dl4j.trialStatistic());
    assertTrue(dl4j.epochMean());
  }

  @Test
  void aRatioAboveTheTargetIsFlaggedAndJmhOfAnotherRunCanBeUsed(@TempDir Path root)
      throws IOException {
    Path run = run(root, true);
    assertNull(HarnessOverhead.jmhCsv(run, null));
    assertTrue(HarnessOverhead.rows(RunData.read(run), null).isEmpty(), "no JMH, no table");
    Path other = Files.createDirectories(root.resolve("run-jmh"));
    write(
        other,
        "jmh.csv",
        "framework,benchmark,unit,median,model,threads",
        "dl4j,trainStep,ms/op,150,mnist-cnn,2");
    Path csv = HarnessOverhead.jmhCsv(run, "run-jmh");
    assertEquals(other.resolve("jmh.csv").toAbsolutePath().normalize(), csv);
    List<HarnessOverhead.Ratio> rows = HarnessOverhead.rows(RunData.read(run), csv);
    assertEquals(1, rows.size());
    assertEquals("1.300", rows.get(0).ratioText(), "195 / 150");
    assertEquals("bad", rows.get(0).cls());
    assertFalse(HarnessOverhead.rows(RunData.read(run), csv).get(0).trialMsText().isEmpty());
  }
}
