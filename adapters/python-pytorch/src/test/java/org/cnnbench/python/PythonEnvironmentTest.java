package org.cnnbench.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad environments: no Python, no torch, a torch too old give no capability and a reason with the
 * fix; a worker that dies, answers garbage or fails gives an exception with its last stderr lines,
 * and leaves no scratch folder behind.
 */
class PythonEnvironmentTest {

  @TempDir Path dir;

  private static <T> T withPython(String python, Supplier<T> body) {
    String before = System.getProperty(PythonProbe.PROPERTY);
    System.setProperty(PythonProbe.PROPERTY, python);
    try {
      return body.get();
    } finally {
      if (before == null) {
        System.clearProperty(PythonProbe.PROPERTY);
      } else {
        System.setProperty(PythonProbe.PROPERTY, before);
      }
    }
  }

  private Path script(String name, String body) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
    return f;
  }

  @Test
  void aMissingInterpreterMeansNoCapabilityAndAFix() {
    PythonProvider p = new PythonProvider();
    String reason =
        withPython(
            "/nonexistent/python3",
            () -> {
              assertTrue(p.capabilities().isEmpty(), "no capability without a Python");
              assertFalse(p.hasCapability(Capability.TRAIN));
              assertTrue(p.childSystemProperties(1).isEmpty());
              UnsupportedOperationException e =
                  assertThrows(
                      UnsupportedOperationException.class,
                      () -> p.open(Device.CPU, 1, org.cnnbench.spi.FrameworkContext.empty()));
              assertEquals(p.missingCapabilityReason(Capability.TRAIN), e.getMessage());
              return p.missingCapabilityReason(Capability.TRAIN);
            });
    assertTrue(reason.contains("/nonexistent/python3 cannot be started"), reason);
    assertTrue(reason.contains("pip install torch"), reason);
  }

  @Test
  void aPythonWithoutTorchAndATorchTooOldAreNamed() throws IOException {
    Path noTorch =
        script(
            "python-no-torch", "echo \"ModuleNotFoundError: No module named 'torch'\" >&2; exit 1");
    PythonProbe.Result r = PythonProbe.probeOne(noTorch.toString());
    assertFalse(r.usable());
    assertTrue(
        r.problem().contains("has no torch/numpy (ModuleNotFoundError: No module named 'torch')"),
        r.problem());
    Path old =
        script(
            "python-old-torch", "echo cnnbench-probe /opt/py/bin/python 1.4.0 1.17.0 False 3.7.3");
    r = PythonProbe.probeOne(old.toString());
    assertFalse(r.usable());
    assertTrue(r.problem().contains("torch 1.4.0, older than 1.8"), r.problem());
    assertTrue(PythonProbe.atLeast("1.13.0a0", PythonProbe.MIN_TORCH));
    assertTrue(PythonProbe.atLeast("2.3.1+cu121", PythonProbe.MIN_TORCH));
    assertFalse(PythonProbe.atLeast("1.7.1", PythonProbe.MIN_TORCH));
    assertEquals(List.of("python3", "/usr/bin/python3"), PythonProbe.candidates(""));
    assertEquals(List.of("/x/bin/python"), PythonProbe.candidates("/x/bin/python"));
  }

  @Test
  void aWorkerThatDiesAtStartGivesItsStderr() throws IOException {
    Path crash = script("python-crash", "echo 'Fatal Python error: torch exploded' >&2; exit 7");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> new PythonWorker(crash.toString(), 1, "cpu", session()));
    assertTrue(
        e.getMessage().contains("exit code 7") && e.getMessage().contains("torch exploded"),
        e.getMessage());
    assertNoScratchLeft();
  }

  @Test
  void aWorkerThatAnswersGarbageIsStopped() throws IOException {
    Path garbage =
        script(
            "python-garbage",
            "echo 'last words' >&2; sleep 0.2; echo 'Warning: something chatty on stdout'; exec sleep 30");
    long start = System.nanoTime();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> new PythonWorker(garbage.toString(), 1, "cpu", session()));
    assertTrue(
        e.getMessage().contains("garbage: 'Warning: something chatty on stdout'"), e.getMessage());
    assertTrue(e.getMessage().contains("last words"), e.getMessage());
    assertTrue(
        System.nanoTime() - start < 20e9, "the garbage-writing worker was killed, not waited for");
    assertNoScratchLeft();
  }

  @Test
  void aWorkerThatDiesMidSessionGivesItsStderr() throws IOException {
    Path dies =
        script(
            "python-dies",
            "echo 'ok python.version=3.0 torch.version=9.9'; read line;"
                + " echo 'Segmentation fault in conv2d' >&2; exit 139");
    PythonWorker w = new PythonWorker(dies.toString(), 1, "cpu", session());
    Path scratch = w.scratch();
    try {
      assertEquals("9.9", w.hello().get("torch.version"));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.call("ping"));
      assertTrue(
          e.getMessage().contains("exit code 139") && e.getMessage().contains("Segmentation fault"),
          e.getMessage());
      IllegalStateException again = assertThrows(IllegalStateException.class, () -> w.call("ping"));
      assertTrue(again.getMessage().contains("failed earlier"), again.getMessage());
    } finally {
      w.close();
    }
    assertFalse(Files.exists(scratch), "scratch folder removed at close");
  }

  @Test
  void aKilledWorkerIsNamedBySignal() throws IOException {
    Path killed =
        script(
            "python-killed",
            "echo 'ok python.version=3.0 torch.version=9.9'; read line;"
                + " echo 'about to be killed' >&2; kill -9 $$");
    PythonWorker w = new PythonWorker(killed.toString(), 1, "cpu", session());
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.call("ping"));
      assertTrue(e.getMessage().contains("exit code 137 (signal 9, SIGKILL)"), e.getMessage());
    } finally {
      w.close();
    }
  }

  @Test
  void aWorkerErrorIsAnExceptionAndTheWorkerGoesOn() throws IOException {
    Path errs =
        script(
            "python-errs",
            "echo ok; while read line; do echo 'bad thing' >&2;"
                + " echo 'err ValueError%3A%20unknown%20command'; done");
    try (PythonWorker w = new PythonWorker(errs.toString(), 1, "cpu", session())) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> w.call("frobnicate"));
      assertTrue(
          e.getMessage().contains("ValueError: unknown command")
              && e.getMessage().contains("bad thing"),
          e.getMessage());
      assertThrows(IllegalStateException.class, () -> w.call("frobnicate"));
    }
  }

  @Test
  void aWorkerWhoseParentIsKilledLeavesAndRemovesItsScratchFolder() throws Exception {
    PythonProbe.Result probe = PythonProbe.current();
    org.junit.jupiter.api.Assumptions.assumeTrue(probe.usable(), "needs torch: " + probe.problem());
    Path scratch = Files.createDirectory(dir.resolve("cnnbench-python-orphan"));
    try (InputStream in = PythonWorker.class.getResourceAsStream(PythonWorker.SCRIPT_RESOURCE)) {
      Files.copy(in, scratch.resolve("cnnbench_worker.py"));
    }
    Files.write(scratch.resolve("shared.bin"), new byte[4096]);
    // The worker's stdin is a fifo whose writing end this test holds, so only the parent check can
    // end the worker once its parent (bash, standing for a trial JVM killed by its timeout) is
    // killed.
    Path fifo = dir.resolve("stdin.fifo");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    Process parent =
        new ProcessBuilder(
                "bash",
                "-c",
                "CNNBENCH_PARENT_PID=$$ '"
                    + probe.interpreter()
                    + "' -u '"
                    + scratch.resolve("cnnbench_worker.py")
                    + "' '"
                    + scratch.resolve("shared.bin")
                    + "' '"
                    + scratch
                    + "' 1 cpu < '"
                    + fifo
                    + "' >/dev/null 2>&1 & echo $!; wait")
            .start();
    try (OutputStream stdin = new FileOutputStream(fifo.toFile())) {
      long pid =
          Long.parseLong(
              new BufferedReader(
                      new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))
                  .readLine()
                  .trim());
      ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
      Thread.sleep(2000);
      parent.destroyForcibly().waitFor();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (worker.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      boolean alive = worker.isAlive();
      worker.destroyForcibly();
      assertFalse(alive, "the orphaned worker left while its stdin was still open");
    }
    assertFalse(Files.exists(scratch), "and removed its scratch folder");
  }

  /**
   * @return the session's scratch folder, as the harness would give it
   */
  private Path session() throws IOException {
    return Files.createDirectories(dir.resolve("session"));
  }

  /** The worker's own folder in the session's scratch folder is gone. */
  private void assertNoScratchLeft() throws IOException {
    try (Stream<Path> s = Files.list(session())) {
      List<Path> left = s.toList();
      assertTrue(left.isEmpty(), "worker folders left in the session's scratch folder: " + left);
    }
  }
}
