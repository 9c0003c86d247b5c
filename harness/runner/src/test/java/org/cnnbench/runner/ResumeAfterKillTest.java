package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.cnnbench.data.Idx;
import org.cnnbench.report.RunData;
import org.cnnbench.runner.store.ResultsStore;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.Frameworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed with -9 in the middle of a trial is resumed without losing or duplicating a row. */
class ResumeAfterKillTest {

  @TempDir Path root;

  @Test
  void killNineThenResume() throws Exception {
    Path mnist = root.resolve("datasets/mnist");
    Files.createDirectories(mnist);
    Idx.write(
        BenchIsolationTest.random(200, 1),
        mnist.resolve("train-images-idx3-ubyte"),
        mnist.resolve("train-labels-idx1-ubyte"));
    Idx.write(
        BenchIsolationTest.random(40, 2),
        mnist.resolve("t10k-images-idx3-ubyte"),
        mnist.resolve("t10k-labels-idx1-ubyte"));
    Path results = root.resolve("results");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dbench=mnist",
                "-Dframeworks=fake,slow",
                "-Dsamples=128",
                "-Depochs=2",
                "-Dthreads=1",
                "-Drepeats=1",
                "-Dchild.xmx=256m",
                "-Dresults.dir=" + results,
                "-Dreports.dir=" + root.resolve("reports"),
                "-Ddatasets.dir=" + root.resolve("datasets"),
                ResumeTestMain.class.getName(),
                root.toString()));
    Process runner =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("runner.log").toFile())
            .start();
    Path epochs = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String id = ResultsStore.latest(results);
      if (id != null
          && Files.exists(results.resolve(id).resolve("epochs.csv"))
          && Files.readString(results.resolve(id).resolve("epochs.csv"))
              .contains("-slow-cpu-r1,slow,")) {
        epochs = results.resolve(id).resolve("epochs.csv");
        break;
      }
      Thread.sleep(50);
    }
    assertTrue(
        epochs != null,
        "the slow trial wrote its first epoch; runner log: "
            + Files.readString(root.resolve("runner.log")));
    // The slow trial's memory scratch folder: nobody can remove it when the runner dies of SIGKILL.
    Set<Long> pids = runner.descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    List<Path> scratch = new ArrayList<>();
    for (long pid : pids) {
      Path shm = Path.of("/dev/shm/cnn-bench-" + pid + "-mnist-mnist-cnn-slow-cpu-r1.scratch");
      if (Files.isDirectory(shm)) {
        scratch.add(shm);
      }
    }
    runner.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
    runner.waitFor(10, TimeUnit.SECONDS);
    String runId = ResultsStore.latest(results);
    Path runDir = results.resolve(runId);
    assertEquals(1, RunData.read(runDir).trials().size(), "only the fast trial had finished");
    // A write torn by the kill: half a line at the end of the file.
    Files.writeString(
        epochs,
        runId + ",mnist-mnist-cnn-slow-cpu-r1,slow,Test 1.0,mni",
        StandardOpenOption.APPEND);
    // The trial JVM notices that its runner is gone and stops by itself.
    long orphanDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < orphanDeadline && orphans(runDir)) {
      Thread.sleep(100);
    }
    assertFalse(orphans(runDir), "a trial process outlived its killed runner");

    Map<String, FrameworkProvider> all = new LinkedHashMap<>();
    Frameworks.available().forEach(f -> all.put(f.name(), f));
    BenchOptions options =
        BenchOptions.parse(Bench.runOptions(runDir), List.copyOf(all.keySet()), root);
    Map<String, FrameworkProvider> selected = new LinkedHashMap<>();
    options.frameworks().forEach(f -> selected.put(f, all.get(f)));
    Bench.RunResult result =
        new Bench(
                options,
                selected,
                (d, l) -> null,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .resume(runId);
    assertEquals(
        Map.of("mnist-mnist-cnn-fake-cpu-r1", "KEPT", "mnist-mnist-cnn-slow-cpu-r1", "OK"),
        result.statuses());

    RunData data = RunData.read(runDir);
    assertEquals(
        List.of("mnist-mnist-cnn-fake-cpu-r1", "mnist-mnist-cnn-slow-cpu-r1"),
        data.trials().stream().map(t -> t.get("trial_id")).collect(Collectors.toList()));
    assertEquals("", data.trials().get(0).get("resumed"));
    assertEquals("true", data.trials().get(1).get("resumed"));
    Map<String, Long> epochRows =
        data.epochs().stream()
            .collect(
                Collectors.groupingBy(
                    e -> e.get("trial_id") + "#" + e.get("epoch"),
                    LinkedHashMap::new,
                    Collectors.counting()));
    assertEquals(
        Map.of(
            "mnist-mnist-cnn-fake-cpu-r1#1",
            1L,
            "mnist-mnist-cnn-fake-cpu-r1#2",
            1L,
            "mnist-mnist-cnn-slow-cpu-r1#1",
            1L,
            "mnist-mnist-cnn-slow-cpu-r1#2",
            1L),
        epochRows);
    assertTrue(Files.readString(epochs).endsWith("\n"));
    assertTrue(data.environment().get("resume.1.interrupted_trials").contains("slow"));
    for (Path p : scratch) {
      assertFalse(Files.exists(p), p + ", left by the killed run, is removed by the next one");
    }
  }

  private static boolean orphans(Path runDir) {
    String marker = runDir.resolve("trials").toString();
    return ProcessHandle.allProcesses()
        .anyMatch(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false));
  }
}
