package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tables the report step writes into the run folder, sealed by golden files through the real
 * writing code ({@link HtmlReport#generate}): a change of column, order or number format fails
 * here.
 */
class DerivedCsvTest {

  @TempDir Path root;

  private static void write(Path dir, String name, String... lines) throws IOException {
    Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = DerivedCsvTest.class.getResourceAsStream("/derived-golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * dl4j: two repetitions of three and two epochs (rows out of order), step medians 300 and 320,
   * the last epochs' medians 190 and 210; pytorch, the reference: one repetition of one epoch;
   * mxnet failed.
   */
  private Path run() throws IOException {
    Path run = Files.createDirectories(root.resolve("run"));
    write(
        run,
        "trials.csv",
        "trial_id,framework,dataset,model,device,repetition,status,threads,batch_size,step_ms_median,step_ms_p99",
        "t1,dl4j,mnist,mnist-cnn,cpu,1,OK,2,64,300,900",
        "t2,dl4j,mnist,mnist-cnn,cpu,2,OK,2,64,320,700",
        "t3,pytorch,mnist,mnist-cnn,cpu,1,OK,2,64,40,55",
        "t4,mxnet,mnist,mnist-cnn,cpu,1,FAILED,2,64,,");
    write(
        run,
        "epochs.csv",
        "trial_id,framework,dataset,model,epoch,images_per_second,step_ms_median,step_ms_p99",
        "t1,dl4j,mnist,mnist-cnn,1,100,600,1000",
        "t1,dl4j,mnist,mnist-cnn,3,320,190,260",
        "t1,dl4j,mnist,mnist-cnn,2,200,250,400",
        "t2,dl4j,mnist,mnist-cnn,2,320,210,300",
        "t2,dl4j,mnist,mnist-cnn,1,128,500,800",
        "t3,pytorch,mnist,mnist-cnn,1,1600,40,55");
    write(
        run,
        "frameworks.csv",
        "framework,display_name,driven_by,api,language,reference,adapter_modules",
        "dl4j,DL4J,in-JVM,MultiLayerNetwork,Java,false,dl4j=1",
        "pytorch,PyTorch,in-JVM,DJL,Java,true,djl=1");
    write(
        run,
        "jmh.csv",
        "framework,benchmark,batch,mode,unit,samples,median,p99,mean,error,model,threads,reason",
        "dl4j,trainStep,64,sample,ms/op,100,195.0,250,196,1,mnist-cnn,2,",
        "pytorch,trainStep,64,sample,s/op,100,0.04,0.05,0.04,0.001,mnist-cnn,2,");
    return run;
  }

  @Test
  void theReportStepWritesTheStepTablesAndTheOverheadTableAsTheGoldenFilesSay() throws IOException {
    Path run = run();
    HtmlReport.generate(run, root.resolve("report"));
    for (String name :
        new String[] {
          DerivedCsv.STEP_SUMMARY, DerivedCsv.STEP_RATIOS, DerivedCsv.HARNESS_OVERHEAD
        }) {
      assertEquals(golden(name), Files.readString(run.resolve(name)), name);
    }
  }

  @Test
  void theNumbersAreTheOnesTheReportShows() throws IOException {
    Path run = run();
    RunData data = RunData.read(run);
    HarnessOverhead.Ratio dl4j =
        HarnessOverhead.rows(data, HarnessOverhead.jmhCsv(run, null)).get(0);
    // the overhead table's last-epoch figure and the step tables' come from the same code
    StepTables.Trial t1 = StepTables.trials(data).get(0);
    assertEquals(3, t1.lastEpoch());
    assertEquals(190, t1.lastEpochMs());
    assertEquals(200, dl4j.lastEpochMs(), "the median of 190 and 210");
    List<StepTables.Group> groups = StepTables.groups(StepTables.trials(data));
    assertEquals(4, groups.size(), "dl4j and pytorch, each against both");
    StepTables.Group g = groups.get(1);
    assertEquals("dl4j", g.key().framework());
    assertEquals("pytorch", g.reference());
    // dl4j's epoch means: 640, 320, 200 (t1) and 500, 200 (t2) ms: median 320; pytorch's: 40
    assertEquals(320, g.epochMeanStepMs(), 1e-9);
    assertEquals(8.0, g.epochMeanRatio(), 1e-9);
    assertEquals(250, g.stepMsMedian(), 1e-9, "the epochs' medians 600, 190, 250, 210, 500");
  }

  @Test
  void withoutJmhThereIsNoOverheadFileAndAStaleOneIsRemoved() throws IOException {
    Path run = run();
    HtmlReport.generate(run, root.resolve("report"));
    assertTrue(Files.exists(run.resolve(DerivedCsv.HARNESS_OVERHEAD)));
    Files.delete(run.resolve("jmh.csv"));
    HtmlReport.generate(run, root.resolve("report"));
    assertFalse(Files.exists(run.resolve(DerivedCsv.HARNESS_OVERHEAD)));
    assertTrue(Files.exists(run.resolve(DerivedCsv.STEP_SUMMARY)));
  }
}
