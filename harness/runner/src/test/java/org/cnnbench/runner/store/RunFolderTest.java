package org.cnnbench.runner.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.cnnbench.data.Idx;
import org.cnnbench.report.RunData;
import org.cnnbench.runner.BenchIsolationTest;
import org.cnnbench.runner.ExitCode;
import org.cnnbench.runner.ExitCodeTest;
import org.cnnbench.runner.LockHolderMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run folders: concurrent runs never share one, a lock keeps a second runner out, resume after a
 * move.
 */
class RunFolderTest {

  @TempDir Path root;

  private void fakeMnist() throws Exception {
    Path dir = root.resolve("datasets/mnist");
    Files.createDirectories(dir);
    Idx.write(
        BenchIsolationTest.random(200, 1),
        dir.resolve("train-images-idx3-ubyte"),
        dir.resolve("train-labels-idx1-ubyte"));
    Idx.write(
        BenchIsolationTest.random(40, 2),
        dir.resolve("t10k-images-idx3-ubyte"),
        dir.resolve("t10k-labels-idx1-ubyte"));
  }

  @Test
  void runFoldersCreatedAtOnceWithOneIdAllDiffer() throws Exception {
    Path results = root.resolve("results");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ids.add(
          pool.submit(
              () -> {
                go.await();
                return RunFolder.createRunFolder(results, "20260101-120000");
              }));
    }
    go.countDown();
    Set<String> distinct = new HashSet<>();
    for (Future<String> f : ids) {
      distinct.add(f.get(30, TimeUnit.SECONDS));
    }
    pool.shutdown();
    assertEquals(8, distinct.size(), distinct::toString);
    assertTrue(
        distinct.contains("20260101-120000") && distinct.contains("20260101-120000-8"),
        distinct::toString);
  }

  @Test
  void runIdsAreTheUtcSecondAndTheSuffixAndNeverRepeat() throws Exception {
    Path results = root.resolve("results");
    String a = RunFolder.create(results, "-merged");
    String b = RunFolder.create(results, "-merged");
    assertTrue(a.matches("\\d{8}-\\d{6}-merged"), a);
    assertTrue(b.matches("\\d{8}-\\d{6}-merged(-2)?"), b);
    assertNotEquals(a, b);
    assertTrue(Files.isDirectory(results.resolve(a)) && Files.isDirectory(results.resolve(b)));
  }

  @Test
  void twoConcurrentRunsEachKeepTheirOwnFolderAndALockKeepsASecondRunnerOut() throws Exception {
    fakeMnist();
    CountDownLatch go = new CountDownLatch(1);
    Callable<ExitCodeTest.Outcome> start =
        () -> {
          go.await();
          return ExitCodeTest.run(root, "frameworks", "fake");
        };
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<ExitCodeTest.Outcome> a = pool.submit(start);
    Future<ExitCodeTest.Outcome> b = pool.submit(start);
    go.countDown();
    ExitCodeTest.Outcome oa = a.get(120, TimeUnit.SECONDS);
    ExitCodeTest.Outcome ob = b.get(120, TimeUnit.SECONDS);
    pool.shutdown();
    assertEquals(0, oa.code(), oa::toString);
    assertEquals(0, ob.code(), ob::toString);
    Path results = root.resolve("results");
    List<Path> runs;
    try (var s = Files.list(results)) {
      runs = s.filter(Files::isDirectory).filter(p -> !Files.isSymbolicLink(p)).sorted().toList();
    }
    assertEquals(2, runs.size(), runs::toString);
    assertNotEquals(runs.get(0), runs.get(1));
    for (Path run : runs) {
      RunData data = RunData.read(run);
      String id = run.getFileName().toString();
      assertEquals(id, data.environment().get("run_id"));
      assertEquals(1, data.trials().size(), () -> id + ": " + data.trials());
      assertEquals(id, data.trials().get(0).get("run_id"));
      assertTrue(Files.isRegularFile(run.resolve(RunFolder.OPTIONS)));
      assertTrue(Files.isRegularFile(root.resolve("reports").resolve(id).resolve("index.html")));
    }
    String latest = ResultsStore.latest(results);
    assertTrue(runs.stream().anyMatch(r -> r.getFileName().toString().equals(latest)), latest);
    try (var s = Files.list(results)) {
      assertEquals(
          List.of(),
          s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".latest-")).toList(),
          "no temporary link left");
    }

    // A second runner process holds the first run's folder: resuming it is refused, naming the
    // holder.
    Path held = runs.get(0);
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockHolderMain.class.getName(),
                held.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader r =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("locked", r.readLine());
      ExitCodeTest.Outcome refused =
          ExitCodeTest.run(root, "frameworks", "fake", "resume", held.getFileName().toString());
      assertEquals(ExitCode.USAGE.code(), refused.code(), refused::toString);
      assertEquals(
          "cnn-bench: run folder "
              + held
              + " is in use by another cnn-bench runner (pid "
              + holder.pid()
              + "); wait for it to finish, or start a new run without -Dresume",
          refused.lastErrLine());
    } finally {
      holder.destroyForcibly();
      holder.waitFor(10, TimeUnit.SECONDS);
    }
    // Once the holder is gone (killed: the OS drops its lock), the run can be resumed.
    ExitCodeTest.Outcome resumed =
        ExitCodeTest.run(root, "frameworks", "fake", "resume", held.getFileName().toString());
    assertEquals(0, resumed.code(), resumed::toString);
    assertEquals(
        1, RunData.read(held).trials().size(), "the finished trial is kept, not duplicated");
  }

  @Test
  void aMovedRunResumesWhereItIsAndSaysWhichOptionsItIgnores() throws Exception {
    fakeMnist();
    ExitCodeTest.Outcome first = ExitCodeTest.run(root, "frameworks", "fake", "repeats", "2");
    assertEquals(0, first.code(), first::toString);
    Path results = root.resolve("results");
    String id = ResultsStore.latest(results);
    Path trials = results.resolve(id).resolve("trials.csv");
    // As if the runner had been killed during the second trial: its trial row was never written.
    List<String> lines = Files.readAllLines(trials);
    assertEquals(3, lines.size());
    Files.write(trials, lines.subList(0, 2));
    assertTrue(
        Files.readString(results.resolve(id).resolve(RunFolder.OPTIONS))
            .contains("results.dir=..\n"));

    Path moved = root.resolve("elsewhere/results");
    Files.createDirectories(moved.getParent());
    Files.move(results, moved);
    ExitCodeTest.Outcome resumed =
        ExitCodeTest.run(
            root,
            "frameworks",
            "fake",
            "repeats",
            "2",
            "resume",
            "latest",
            "results.dir",
            moved.toString(),
            "epochs",
            "7",
            "seed",
            "43");
    assertEquals(0, resumed.code(), resumed::toString);
    assertTrue(
        resumed
            .err()
            .contains(
                "cnn-bench: warning: -Dresume continues run "
                    + id
                    + " with the options it"
                    + " was started with; ignored: "),
        resumed.err());
    assertTrue(
        resumed.err().contains("-Depochs=7 (the run has -Depochs=1)")
            && resumed.err().contains("-Dseed=43 (the run has no -Dseed)"),
        resumed.err());
    assertFalse(
        resumed.err().contains("-Dframeworks") || resumed.err().contains("-Drepeats"),
        resumed.err());
    assertFalse(Files.exists(results), "the old place is not recreated");

    RunData data = RunData.read(moved.resolve(id));
    Map<String, String> resumedFlag =
        data.trials().stream()
            .collect(Collectors.toMap(t -> t.get("trial_id"), t -> t.get("resumed")));
    assertEquals(
        Map.of("mnist-mnist-cnn-fake-cpu-r1", "", "mnist-mnist-cnn-fake-cpu-r2", "true"),
        resumedFlag);
    assertTrue(
        data.trials().stream().allMatch(t -> t.get("epochs").equals("1")),
        "run's own -Depochs=1 kept");
    assertEquals(2, data.epochs().size(), "one epoch row per trial, none duplicated");
  }

  @Test
  void aRunWrittenWithOtherColumnsIsNotResumedAndIsLeftAsItWas() throws Exception {
    fakeMnist();
    ExitCodeTest.Outcome first = ExitCodeTest.run(root, "frameworks", "fake", "repeats", "2");
    assertEquals(0, first.code(), first::toString);
    Path run = root.resolve("results").resolve(ResultsStore.latest(root.resolve("results")));
    Path trials = run.resolve("trials.csv");
    // As if an older version, without the step-median columns, had written the run and been killed
    // after its first trial.
    List<String> lines = Files.readAllLines(trials);
    List<String> header = new ArrayList<>(List.of(lines.get(0).split(",", -1)));
    int median = header.indexOf("step_ms_median");
    assertTrue(median > 0, lines.get(0));
    List<String> old = new ArrayList<>();
    for (String line : lines.subList(0, 2)) {
      List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
      cells.remove(median);
      old.add(String.join(",", cells));
    }
    Files.write(trials, old);
    String epochsBefore = Files.readString(run.resolve("epochs.csv"));
    String trialsBefore = Files.readString(trials);

    ExitCodeTest.Outcome resumed =
        ExitCodeTest.run(root, "frameworks", "fake", "repeats", "2", "resume", "latest");
    assertEquals(2, resumed.code(), resumed::toString);
    assertTrue(
        resumed
                .lastErrLine()
                .contains(
                    trials
                        + " was written by another version of cnn-bench; it lacks"
                        + " the columns [step_ms_median]")
            && resumed.lastErrLine().contains("start a new run"),
        resumed::toString);
    assertEquals(trialsBefore, Files.readString(trials), "nothing is changed");
    assertEquals(epochsBefore, Files.readString(run.resolve("epochs.csv")), "nothing is changed");
  }
}
