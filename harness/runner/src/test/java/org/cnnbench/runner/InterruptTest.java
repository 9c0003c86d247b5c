package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cnnbench.report.RunData;
import org.cnnbench.runner.store.ResultsStore;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.Frameworks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and SIGTERM sent to a real runner process: the trials' processes and scratch folders go,
 * every finished row is kept, nothing is torn, the last line names what was kept and the {@code
 * -Dresume} command, and the exit code is {@link ExitCode#INTERRUPTED}; a second signal exits at
 * once.
 */
class InterruptTest {

  private static final String SLOW = "mnist-mnist-cnn-slow-cpu-r1";
  private static final Path SHM = Path.of("/dev/shm");

  @TempDir Path root;

  private Path results;

  @BeforeEach
  void data() throws IOException {
    FaultRuns.fakeMnist(root);
    results = root.resolve("results");
  }

  /**
   * A runner in a process group of its own (as a terminal would start it), its output in a file.
   */
  private Process start(String frameworks, String... extra) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "setsid",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dbench=mnist",
                "-Dframeworks=" + frameworks,
                "-Dsamples=128",
                "-Depochs=2",
                "-Dthreads=1",
                "-Drepeats=1",
                "-Dchild.xmx=256m",
                "-Dresults.dir=" + results,
                "-Dreports.dir=" + root.resolve("reports"),
                "-Ddatasets.dir=" + root.resolve("datasets")));
    cmd.addAll(List.of(extra));
    cmd.addAll(List.of(FaultRunnerMain.class.getName(), root.toString()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log().toFile()).start();
  }

  private Path log() {
    return root.resolve("runner.log");
  }

  private String output() throws IOException {
    return Files.readString(log(), StandardCharsets.UTF_8);
  }

  private String lastLine() throws IOException {
    List<String> lines = output().lines().filter(l -> !l.isBlank()).toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  private void await(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, what + "; runner output:\n" + output());
      Thread.sleep(50);
    }
  }

  /**
   * Waits until the slow trial has written its first epoch row, and returns its /dev/shm folders.
   */
  private Set<Path> awaitSlowEpoch(Process runner) throws Exception {
    await(
        () -> {
          String id = ResultsStore.latest(results);
          try {
            return id != null
                && Files.readString(results.resolve(id).resolve("epochs.csv"))
                    .contains(SLOW + ",slow,");
          } catch (IOException e) {
            return false;
          }
        },
        "the slow trial wrote its first epoch");
    Set<Long> pids = runner.descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    if (!Files.isDirectory(SHM)) {
      return Set.of();
    }
    try (Stream<Path> list = Files.list(SHM)) {
      Set<Path> mine =
          list.filter(
                  p ->
                      pids.stream()
                          .anyMatch(
                              pid ->
                                  p.getFileName()
                                      .toString()
                                      .equals("cnn-bench-" + pid + "-" + SLOW + ".scratch")))
              .collect(Collectors.toSet());
      assertEquals(1, mine.size(), "the slow trial made its scratch folder in /dev/shm");
      return mine;
    }
  }

  private static void signal(String signal, String target) throws Exception {
    assertEquals(
        0,
        new ProcessBuilder("sh", "-c", "kill -" + signal + " " + target)
            .inheritIO()
            .start()
            .waitFor());
  }

  private int exit(Process runner) throws Exception {
    assertTrue(runner.waitFor(60, TimeUnit.SECONDS), "the runner exits; output:\n" + output());
    return runner.exitValue();
  }

  private void assertInterruptedMidTrial(String signal, int code, Set<Path> scratch)
      throws Exception {
    String runId = ResultsStore.latest(results);
    Path runDir = results.resolve(runId);
    assertEquals(ExitCode.INTERRUPTED.code(), code, output());
    assertEquals(
        "cnn-bench: interrupted by "
            + signal
            + ": 1 of 2 trial(s) finished and kept in "
            + runDir
            + "; trial "
            + SLOW
            + " was stopped (recorded INTERRUPTED) and reruns on resume; continue with:"
            + " mvn -q exec:java -Dresume="
            + runId
            + " -Dresults.dir="
            + results
            + " (exit code 130)",
        lastLine());
    assertTrue(Files.readString(runDir.resolve("trials.csv")).endsWith("\n"), "no torn line");
    assertTrue(Files.readString(runDir.resolve("epochs.csv")).endsWith("\n"), "no torn line");
    RunData data = RunData.read(runDir);
    assertEquals(
        List.of("mnist-mnist-cnn-fake-cpu-r1 OK", SLOW + " INTERRUPTED"),
        data.trials().stream().map(t -> t.get("trial_id") + " " + t.get("status")).toList());
    assertEquals(
        "stopped by " + signal + "; -Dresume reruns it", data.trials().get(1).get("reason"));
    assertTrue(data.warnings().isEmpty(), data.warnings().toString());
    String marker = runDir.resolve("trials").toString();
    assertFalse(
        ProcessHandle.allProcesses()
            .anyMatch(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)),
        "a trial process outlived the interrupted runner");
    for (Path p : scratch) {
      assertFalse(Files.exists(p), p + " was removed with the trial");
    }

    // -Dresume keeps the finished trial and reruns the stopped one: every row once.
    Map<String, FrameworkProvider> all = new LinkedHashMap<>();
    Frameworks.available().forEach(f -> all.put(f.name(), f));
    BenchOptions options =
        BenchOptions.parse(Bench.runOptions(runDir), List.copyOf(all.keySet()), root);
    Map<String, FrameworkProvider> selected = new LinkedHashMap<>();
    options.frameworks().forEach(f -> selected.put(f, all.get(f)));
    Bench.RunResult resumed =
        new Bench(
                options,
                selected,
                (d, l) -> null,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .resume(runId);
    assertEquals(Map.of("mnist-mnist-cnn-fake-cpu-r1", "KEPT", SLOW, "OK"), resumed.statuses());
    data = RunData.read(runDir);
    assertEquals(
        List.of("mnist-mnist-cnn-fake-cpu-r1 OK", SLOW + " OK"),
        data.trials().stream().map(t -> t.get("trial_id") + " " + t.get("status")).toList());
    assertEquals(4, data.epochs().size(), "two epochs per trial, none twice");
  }

  @Test
  void sigtermMidTrialKeepsTheFinishedTrialAndSaysHowToResume() throws Exception {
    Process runner = start("fake,slow");
    Set<Path> scratch = awaitSlowEpoch(runner);
    runner.destroy(); // SIGTERM to the runner alone, as kill or a scheduler's time limit sends it
    assertInterruptedMidTrial("SIGTERM", exit(runner), scratch);
  }

  @Test
  void ctrlCToTheProcessGroupKeepsTheFinishedTrialAndSaysHowToResume() throws Exception {
    Process runner = start("fake,slow");
    Set<Path> scratch = awaitSlowEpoch(runner);
    // Ctrl-C: SIGINT to every process of the group, trials included
    signal("INT", "-" + runner.pid());
    assertInterruptedMidTrial("SIGINT", exit(runner), scratch);
  }

  @Test
  void aSignalBeforeTheFirstTrialLeavesNoRunFolder() throws Exception {
    Process runner = start("fake", "-Dtest.prepare.seconds=2");
    await(
        () -> {
          try {
            return output().contains("preparing mnist");
          } catch (IOException e) {
            return false;
          }
        },
        "the runner prepares its dataset");
    runner.destroy();
    assertEquals(ExitCode.INTERRUPTED.code(), exit(runner), output());
    assertTrue(
        lastLine()
            .startsWith(
                "cnn-bench: interrupted by SIGTERM before the first trial: nothing to keep,"
                    + " the run folder "
                    + results
                    + "/"),
        lastLine());
    assertTrue(
        lastLine()
            .endsWith(" is removed; start the run again with the same command (exit code 130)"),
        lastLine());
    assertNull(ResultsStore.latest(results));
    try (Stream<Path> left = Files.list(results)) {
      assertEquals(
          List.of(),
          left.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList(),
          "no run folder is left");
    }
  }

  @Test
  void aSecondSignalDuringCleanUpExitsAtOnce() throws Exception {
    Process runner = start("fake", "-Dtest.prepare.seconds=120");
    await(
        () -> {
          try {
            return output().contains("preparing mnist");
          } catch (IOException e) {
            return false;
          }
        },
        "the runner prepares its dataset");
    long start = System.nanoTime();
    runner.destroy();
    Thread.sleep(500);
    assertTrue(runner.isAlive(), "the first signal waits for the preparation to end");
    runner.destroy();
    assertEquals(ExitCode.INTERRUPTED.code(), exit(runner), output());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15), "exited at once");
    assertTrue(
        lastLine()
            .startsWith(
                "cnn-bench: SIGTERM again during clean-up after SIGTERM: exiting at once;"
                    + " no trial had started: the run folder "
                    + results
                    + "/"),
        lastLine());
    assertTrue(
        lastLine()
            .endsWith(" is removed; start the run again with the same command (exit code 130)"),
        lastLine());
    try (Stream<Path> left = Files.list(results)) {
      assertEquals(List.of(), left.toList(), "no run folder is left");
    }
  }
}
