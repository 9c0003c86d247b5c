package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last lines of a run and its exit code: trials kept by a resume and parity checks count too.
 */
class RunSummaryTest {

  @TempDir Path run;

  private ExitCode print(Map<String, String> statuses, ByteArrayOutputStream err) {
    return RunSummary.print(
        new Bench.RunResult("r", run, run, statuses),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void aTrialThatFailedBeforeAResumeStillFailsTheRun() throws Exception {
    Files.writeString(run.resolve("trials.csv"), "run_id,trial_id,status\nr,a,FAILED\nr,b,OK\n");
    Map<String, String> statuses = new LinkedHashMap<>();
    statuses.put("a", "KEPT");
    statuses.put("b", "KEPT");
    statuses.put("c", "OK");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(ExitCode.TRIAL_NOT_OK, print(statuses, err));
    assertTrue(
        err.toString(StandardCharsets.UTF_8)
            .startsWith("cnn-bench: 1 of 3 trial(s) not OK: a FAILED;"),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aFailedParityCheckFailsTheRun() throws Exception {
    Files.writeString(
        run.resolve("parity.csv"),
        "model,framework,reference,check,max_abs_diff,tolerance,pass,reason\n"
            + "lenet,mxnet,pytorch,forward,1e-6,1e-04,true,\nlenet,dl4j,pytorch,adam,0.5,1e-04,false,too far\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(ExitCode.TRIAL_NOT_OK, print(Map.of(), err));
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("parity lenet dl4j adam FAILED"),
        err.toString(StandardCharsets.UTF_8));
    Files.writeString(
        run.resolve("parity.csv"),
        "model,framework,reference,check,max_abs_diff,tolerance,pass,reason\n"
            + "lenet,mxnet,pytorch,forward,1e-6,1e-04,true,\n");
    assertEquals(ExitCode.OK, print(Map.of(), new ByteArrayOutputStream()));
  }
}
