package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarnessOverheadTest {

  private static void write(Path dir, String name, String... lines) throws IOException {
    Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }

  private static Path run(Path root) throws IOException {
    Path run = Files.createDirectories(root.resolve("run-a"));
    // the columns the report's validation requires (CsvValidation), plus what the table reads
    write(run, "trials.csv", "trial_id,framework,dataset,model,device,status,threads,batch_size",
        "t1,dl4j,mnist,mnist-cnn,cpu,OK,2,64", "t2,pytorch,mnist,mnist-cnn,cpu,OK,2,64",
        "t3,mxnet,mnist,mnist-cnn,cpu,FAILED,2,64", "t4,pytorch,mnist,mnist-cnn,cpu,OK,1,64");
    // dl4j: 64 images at 640 and 320 img/s = 100 and 200 ms/step, and 128 img/s = 500: median 200
    write(run, "epochs.csv", "trial_id,framework,dataset,model,epoch,images_per_second",
        "t1,dl4j,mnist,mnist-cnn,1,640", "t1,dl4j,mnist,mnist-cnn,2,320", "t1,dl4j,mnist,mnist-cnn,3,128",
        "t2,pytorch,mnist,mnist-cnn,1,1600", "t3,mxnet,mnist,mnist-cnn,1,1000", "t4,pytorch,mnist,mnist-cnn,1,800");
    return run;
  }

  @Test
  void theRatioIsTheTrialsMedianStepOverJmhsMedianAtTheSameThreads(@TempDir Path root) throws IOException {
    Path run = run(root);
    write(run, "jmh.csv", "framework,benchmark,batch,mode,unit,samples,median,p99,mean,error,model,threads,reason",
        "dl4j,trainStep,64,sample,ms/op,100,195.0,250,196,1,mnist-cnn,2,",
        "dl4j,inferBatch,64,sample,ms/op,100,50.0,60,51,1,mnist-cnn,2,",
        "pytorch,trainStep,64,sample,s/op,100,0.04,0.05,0.04,0.001,mnist-cnn,2,",
        "mxnet,trainStep,64,sample,ms/op,100,30,40,31,1,mnist-cnn,2,");
    List<Map<String, String>> rows = HarnessOverhead.rows(RunData.read(run), HarnessOverhead.jmhCsv(run, null));
    assertEquals(2, rows.size(), rows.toString()); // mxnet's trial failed: no trial number, no row
    Map<String, String> dl4j = rows.get(0);
    assertEquals("dl4j", dl4j.get("framework"));
    assertEquals("1.026", dl4j.get("ratio"));
    assertEquals("ok", dl4j.get("cls"));
    Map<String, String> pytorch = rows.get(1);
    assertEquals("1.000", pytorch.get("ratio"), pytorch.toString()); // 40 ms/step at 2 threads vs 0.04 s/op
  }

  @Test
  void aRatioAboveTheTargetIsFlaggedAndJmhOfAnotherRunCanBeUsed(@TempDir Path root) throws IOException {
    Path run = run(root);
    assertNull(HarnessOverhead.jmhCsv(run, null));
    assertTrue(HarnessOverhead.rows(RunData.read(run), null).isEmpty(), "no JMH, no table");
    Path other = Files.createDirectories(root.resolve("run-jmh"));
    write(other, "jmh.csv", "framework,benchmark,unit,median,model,threads",
        "dl4j,trainStep,ms/op,150,mnist-cnn,2");
    Path csv = HarnessOverhead.jmhCsv(run, "run-jmh");
    assertEquals(other.resolve("jmh.csv").toAbsolutePath().normalize(), csv);
    List<Map<String, String>> rows = HarnessOverhead.rows(RunData.read(run), csv);
    assertEquals(1, rows.size());
    assertEquals("1.333", rows.get(0).get("ratio"));
    assertEquals("bad", rows.get(0).get("cls"));
    assertFalse(HarnessOverhead.rows(RunData.read(run), csv).get(0).get("trialMs").isEmpty());
  }
}
