package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void plainLinesCarryEpochSpeedAndEtas() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Progress p = new Progress(new PrintStream(out, true, StandardCharsets.UTF_8), false, 3, 0);
    p.trialStarted("t1");
    p.trainingStarted(2, 10);
    Thread.sleep(20);
    p.step(2, 5, "1234.5");
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(
        text.contains("step 15/20: epoch 2/2, 1234.5 img/s, trial ETA 0m00s, run ETA ?"), text);
    p.trialFinished();
  }

  @Test
  void durationsReadWell() {
    assertEquals("2m05s", Progress.duration(125));
    assertEquals("1h01m", Progress.duration(3660));
    assertEquals("?", Progress.duration(Double.NaN));
  }
}
