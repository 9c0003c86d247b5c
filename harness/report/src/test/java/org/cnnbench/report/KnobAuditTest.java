package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The knob audit's table, sealed by a golden file through its real writing code. */
class KnobAuditTest {

  @TempDir Path root;

  private Path run(String name, String... mxnetAndPytorchMs) throws IOException {
    Path run = Files.createDirectories(root.resolve(name));
    String header = String.join(",", org.cnnbench.results.StepRatioColumn.HEADERS);
    Files.writeString(
        run.resolve(DerivedCsv.STEP_RATIOS),
        String.join(
            "\n",
            header,
            "mnist,mnist-cnn,mxnet,cpu,2,64,1,1," + mxnetAndPytorchMs[0] + ",,,,mxnet,1.000,,",
            "mnist,mnist-cnn,mxnet,cpu,2,64,1,1," + mxnetAndPytorchMs[0] + ",,,,pytorch,2.000,,",
            "mnist,mnist-cnn,pytorch,cpu,2,64,1,1," + mxnetAndPytorchMs[1] + ",,,,pytorch,1.000,,",
            ""));
    return run;
  }

  @Test
  void theAuditTableIsAsTheGoldenFileSays() throws IOException {
    // baseline runs: mxnet 100 and 110 ms (median 105, spread 10 %); -Dmxnet.engine=NaiveEngine: 84
    // ms,
    // 0.8 of the baseline; pytorch has no setting in that run, so it counts as a baseline run there
    Path list = root.resolve("runs.txt");
    Files.write(
        list,
        List.of(
            "1\t" + run("a", "100", "50") + "\t",
            "1\t" + run("b", "84", "52") + "\t-Dmxnet.engine=NaiveEngine -Dtensorflow.xla=on",
            "2\t" + run("c", "110", "48") + "\t",
            "2\t" + root.resolve("missing") + "\t-Dmxnet.x=1",
            ""));
    Path out = root.resolve("audit.csv");
    KnobAudit.main(new String[] {list.toString(), out.toString()});
    try (InputStream in =
        KnobAuditTest.class.getResourceAsStream("/derived-golden/knob-audit.csv")) {
      assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), Files.readString(out));
    }
  }
}
