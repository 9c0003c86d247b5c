package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cnnbench.report.RunData;
import org.cnnbench.runner.store.ResultsStore;
import org.cnnbench.runner.store.ResultsWriteException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection with a real bounded store: the results folder on a 1 MiB tmpfs that the test
 * fills while a trial runs. Needs the right to mount (root with CAP_SYS_ADMIN); skipped elsewhere,
 * where {@link FullDiskTest}'s injected store covers the same path.
 */
class RealFullDiskTest {

  @TempDir Path root;

  @Test
  void aDiskThatFillsUpDuringATrialStopsTheRunAndResumeFinishesIt() throws Exception {
    Path mount = root.resolve("small-disk");
    Files.createDirectories(mount);
    int rc;
    try {
      rc =
          new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString())
              .redirectErrorStream(true)
              .redirectOutput(root.resolve("mount.log").toFile())
              .start()
              .waitFor();
    } catch (IOException noMount) {
      rc = -1; // no mount command
    }
    Assumptions.assumeTrue(rc == 0, "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)");
    try {
      Path results = mount.resolve("results");
      FaultRuns.Setup setup = FaultRuns.bench(root, "slow,fake", "results.dir=" + results, null);
      CompletableFuture<Bench.RunResult> run =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return setup.bench().run();
                } catch (IOException | InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      // once the slow trial has written its first epoch row, the disk fills up
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      Path epochs = null;
      while (System.nanoTime() < deadline && epochs == null) {
        String id = Files.exists(results) ? ResultsStore.latest(results) : null;
        Path file = id == null ? null : results.resolve(id).resolve("epochs.csv");
        if (file != null && Files.exists(file) && Files.readString(file).contains(",slow,")) {
          epochs = file;
        }
        Thread.sleep(20);
      }
      assertTrue(epochs != null, setup::output);
      Path filler = mount.resolve("filler");
      try (OutputStream out = Files.newOutputStream(filler)) {
        byte[] block = new byte[4096];
        while (true) {
          out.write(block);
        }
      } catch (IOException full) {
        assertTrue(String.valueOf(full.getMessage()).contains("No space left"), full.toString());
      }
      ExecutionException failed =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class, () -> run.get(60, TimeUnit.SECONDS));
      String runId = ResultsStore.latest(results);
      Path runDir = results.resolve(runId);
      assertTrue(failed.getCause() instanceof ResultsWriteException, failed.getCause().toString());
      String message = failed.getCause().getMessage();
      assertTrue(
          message.startsWith("cannot write " + runDir + "/")
              && message.endsWith(": No space left on device"),
          message);
      assertTrue(setup.output().contains("the run stopped: " + message), setup.output());
      System.out.println("real full disk: " + message);

      Files.delete(filler);
      Bench.RunResult resumed =
          FaultRuns.bench(root, "slow,fake", "results.dir=" + results, null).bench().resume(runId);
      assertTrue(
          resumed.statuses().values().stream().allMatch(s -> s.equals("OK") || s.equals("KEPT")),
          resumed.statuses().toString());
      RunData data = RunData.read(runDir);
      assertEquals(List.of(), data.warnings());
      assertEquals(
          List.of("mnist-mnist-cnn-slow-cpu-r1", "mnist-mnist-cnn-fake-cpu-r1"),
          data.trials().stream().map(t -> t.get("trial_id")).toList());
      assertEquals(List.of("OK", "OK"), data.trials().stream().map(t -> t.get("status")).toList());
      Map<String, Long> epochRows =
          data.epochs().stream()
              .collect(
                  Collectors.groupingBy(
                      r -> r.get("trial_id") + "#" + r.get("epoch"), Collectors.counting()));
      assertEquals(
          Map.of(
              "mnist-mnist-cnn-slow-cpu-r1#1",
              1L,
              "mnist-mnist-cnn-slow-cpu-r1#2",
              1L,
              "mnist-mnist-cnn-fake-cpu-r1#1",
              1L,
              "mnist-mnist-cnn-fake-cpu-r1#2",
              1L),
          epochRows);
      try (Stream<Path> s = Files.walk(runDir)) {
        assertEquals(
            List.of(), s.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList());
      }
    } finally {
      // a lazy unmount never fails on a busy mount; the folder is gone once the last file closes
      new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor();
    }
  }
}
