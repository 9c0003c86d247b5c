package org.cnnbench.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CUDA check script that ships beside the worker runs against the worker's code: cpu against
 * cpu agrees; without CUDA a plain run says so with its own exit code (2), never a silent pass.
 */
class CudaCheckScriptTest {

  @TempDir Path dir;

  private record Run(int code, String output) {}

  private Run run(String... args) throws IOException, InterruptedException {
    PythonProbe.Result probe = PythonProbe.current();
    if (!probe.usable()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail("CI=true but " + probe.problem());
      }
      Assumptions.abort("skipped: " + probe.problem());
    }
    for (String name : List.of("cnnbench_worker.py", "cuda_check.py")) {
      try (InputStream in =
          CudaCheckScriptTest.class.getResourceAsStream("/org/cnnbench/python/" + name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
    List<String> cmd =
        new ArrayList<>(List.of(probe.interpreter(), dir.resolve("cuda_check.py").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    return new Run(p.exitValue(), out);
  }

  @Test
  void cpuAgainstCpuAgrees() throws Exception {
    Run r = run("--cpu-vs-cpu");
    assertEquals(0, r.code(), r.output());
    assertTrue(r.output().contains("|diff| 0 ") && r.output().trim().endsWith("OK"), r.output());
  }

  @Test
  void withoutCudaItSaysSoWithItsOwnExitCode() throws Exception {
    Assumptions.assumeFalse(
        PythonProbe.current().cuda(), "this torch sees a GPU: the real check runs");
    Run r = run();
    assertEquals(2, r.code(), r.output());
    assertTrue(r.output().contains("no CUDA"), r.output());
  }
}
