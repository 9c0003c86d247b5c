package org.cnnbench.runner.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.cnnbench.data.Idx;
import org.cnnbench.report.RunData;
import org.cnnbench.runner.Bench;
import org.cnnbench.runner.BenchIsolationTest;
import org.cnnbench.runner.BenchOptions;
import org.cnnbench.runner.OptionException;
import org.cnnbench.runner.plan.PlannedTrial;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.Frameworks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two shards run locally as real trial processes, then merge into exactly the unsharded plan. */
class ShardMergeTest {

  @TempDir static Path root;

  static Bench.RunResult shard1;
  static Bench.RunResult shard2;
  static List<String> unshardedPlan;

  static Map<String, FrameworkProvider> providers() {
    Map<String, FrameworkProvider> all = new LinkedHashMap<>();
    Frameworks.available().forEach(f -> all.put(f.name(), f));
    return all;
  }

  static BenchOptions options(String... kv) {
    Properties p = new Properties();
    p.setProperty("bench", "mnist");
    p.setProperty("frameworks", "fake,nan");
    p.setProperty("repeats", "2");
    p.setProperty("samples", "128");
    p.setProperty("epochs", "1");
    p.setProperty("threads", "1");
    p.setProperty("child.xmx", "256m");
    p.setProperty("results.dir", root.resolve("results").toString());
    p.setProperty("reports.dir", root.resolve("reports").toString());
    p.setProperty("datasets.dir", root.resolve("datasets").toString());
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return BenchOptions.parse(p, List.copyOf(providers().keySet()), root);
  }

  static Bench bench(BenchOptions options) {
    Map<String, FrameworkProvider> selected = new LinkedHashMap<>();
    options.frameworks().forEach(f -> selected.put(f, providers().get(f)));
    return new Bench(
        options,
        selected,
        (d, l) -> null,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  static Bench.RunResult merge(String... kv) throws IOException {
    return new ShardMerge(
            options(kv), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .merge();
  }

  @BeforeAll
  static void runTwoShards() throws Exception {
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
    unshardedPlan = bench(options()).plan().stream().map(PlannedTrial::trialId).toList();
    shard1 = bench(options("shard", "1/2")).run();
    shard2 = bench(options("shard", "2/2")).run();
  }

  private static List<String> trialIds(Path runDir) throws IOException {
    return RunData.read(runDir).trials().stream().map(t -> t.get("trial_id")).toList();
  }

  @Test
  void eachShardRunsItsOwnSliceInItsOwnFolderWithTheShardRecorded() throws IOException {
    assertEquals(4, unshardedPlan.size());
    assertTrue(
        !shard1.runId().equals(shard2.runId())
            && shard1.runId().endsWith("-shard1of2")
            && shard2.runId().endsWith("-shard2of2"),
        shard1.runId() + " " + shard2.runId());
    List<String> a = trialIds(shard1.resultsDir());
    List<String> b = trialIds(shard2.resultsDir());
    assertEquals(2, a.size(), a.toString());
    assertEquals(2, b.size(), b.toString());
    Set<String> both = new HashSet<>(a);
    both.retainAll(b);
    assertTrue(both.isEmpty(), "a trial ran in both shards: " + both);
    Properties p1 = Bench.runOptions(shard1.resultsDir());
    Properties p2 = Bench.runOptions(shard2.resultsDir());
    assertEquals("1/2", p1.getProperty("shard"));
    assertEquals("2/2", p2.getProperty("shard"));
    assertEquals(16, p1.getProperty("shard.plan_fingerprint").length());
    assertEquals(
        p1.getProperty("shard.plan_fingerprint"), p2.getProperty("shard.plan_fingerprint"));
    Map<String, String> env = RunData.read(shard2.resultsDir()).environment();
    assertEquals("2/2", env.get("shard"));
    assertEquals(p1.getProperty("shard.plan_fingerprint"), env.get("shard.plan_fingerprint"));
    assertEquals("4", env.get("shard.plan_trials"));
    assertEquals("round-robin", env.get("shard.balance"));
  }

  @Test
  void mergedTrialsAreExactlyTheUnshardedPlan() throws IOException {
    Bench.RunResult merged = merge("bench", "merge", "runs", "*-shard*of2");
    assertEquals(unshardedPlan, trialIds(merged.resultsDir()));
    RunData data = RunData.read(merged.resultsDir());
    assertEquals(
        RunData.read(shard1.resultsDir()).epochs().size()
            + RunData.read(shard2.resultsDir()).epochs().size(),
        data.epochs().size(),
        "every epoch row of the shards, none lost or doubled");
    assertTrue(data.epochs().size() >= 2, "the fake trials' epochs");
    assertEquals("false", data.environment().get("merge.mixed_machines"));
    assertEquals(shard1.runId() + "," + shard2.runId(), data.environment().get("merge.runs"));
    // The CSV columns are the ones of every run.
    assertEquals(
        String.join(",", org.cnnbench.results.TrialColumn.HEADERS),
        Files.readAllLines(merged.resultsDir().resolve("trials.csv")).get(0));
    assertEquals(
        String.join(",", org.cnnbench.results.EpochColumn.HEADERS),
        Files.readAllLines(merged.resultsDir().resolve("epochs.csv")).get(0));
    String html = Files.readString(merged.reportDir().resolve("index.html"));
    assertTrue(html.contains("machine (merged shards)"), "the fairness table shows the machine");
    assertTrue(!html.contains("machine (merged shards)."), "one machine: not flagged");
    Map<String, String> env = data.environment();
    assertTrue(
        unshardedPlan.stream().allMatch(t -> env.get("merge.machine." + t).startsWith("A: ")),
        env.toString());
    try (Stream<Path> logs = Files.list(merged.resultsDir().resolve("trials"))) {
      assertEquals(4, logs.filter(f -> f.toString().endsWith(".log")).count());
    }
  }

  @Test
  void aTornLastLineInAShardIsDroppedAndEveryWholeRowMerged() throws IOException {
    Path epochs = shard2.resultsDir().resolve("epochs.csv");
    int whole =
        RunData.read(shard1.resultsDir()).epochs().size()
            + RunData.read(shard2.resultsDir()).epochs().size();
    // a shard killed in the middle of a write: half a row at the end of its file
    Files.writeString(
        epochs,
        shard2.runId() + ",mnist-mnist-cnn-fake-cpu-r2,fake,Test 1.0,mni",
        StandardOpenOption.APPEND);
    Bench.RunResult merged = merge("bench", "merge", "runs", "*-shard*of2");
    RunData data = RunData.read(merged.resultsDir());
    assertEquals(whole, data.epochs().size(), "every whole row, and not the torn one");
    assertTrue(data.warnings().isEmpty(), data.warnings().toString());
    assertTrue(
        Files.readString(epochs).endsWith("\n"), "the torn line is cut off the shard's file");
    assertEquals(unshardedPlan, trialIds(merged.resultsDir()));
  }

  @Test
  void aMissingOrRepeatedShardIsRefusedByName() {
    OptionException missing =
        assertThrows(OptionException.class, () -> merge("bench", "merge", "runs", shard1.runId()));
    assertTrue(missing.getMessage().contains("shard 2/2 is missing"), missing.getMessage());
    OptionException twice =
        assertThrows(
            OptionException.class,
            () -> merge("bench", "merge", "runs", shard1.runId() + "," + shard1.runId()));
    assertTrue(twice.getMessage().contains("shard 1/2 is given twice"), twice.getMessage());
    OptionException none = assertThrows(OptionException.class, () -> merge("bench", "merge"));
    assertTrue(none.getMessage().contains("-Druns="), none.getMessage());
  }

  @Test
  void aDuplicateOrMissingTrialIsRefusedByName() throws IOException {
    Path copy = copyRun(shard2.resultsDir(), "dup-shard2");
    List<String> lines = new ArrayList<>(Files.readAllLines(copy.resolve("trials.csv")));
    String id1 = trialIds(shard1.resultsDir()).get(0);
    String donor = Files.readAllLines(shard1.resultsDir().resolve("trials.csv")).get(1);
    lines.add(donor);
    Files.write(copy.resolve("trials.csv"), lines);
    OptionException dup =
        assertThrows(
            OptionException.class,
            () -> merge("bench", "merge", "runs", shard1.runId() + ",dup-shard2"));
    assertTrue(
        dup.getMessage().contains("trial " + id1 + " is in the merge twice"), dup.getMessage());

    Path cut = copyRun(shard2.resultsDir(), "cut-shard2");
    List<String> rows = Files.readAllLines(cut.resolve("trials.csv"));
    Files.write(cut.resolve("trials.csv"), rows.subList(0, rows.size() - 1));
    String lost = trialIds(shard2.resultsDir()).get(1);
    OptionException missing =
        assertThrows(
            OptionException.class,
            () -> merge("bench", "merge", "runs", shard1.runId() + ",cut-shard2"));
    assertTrue(
        missing
                .getMessage()
                .contains("trial " + lost + " of shard 2/2 has no row in run cut-shard2")
            && missing.getMessage().contains("-Dresume=cut-shard2"),
        missing.getMessage());
  }

  @Test
  void otherOptionsAreRefused() throws IOException {
    Path copy = copyRun(shard2.resultsDir(), "opts-shard2");
    Properties p = Bench.runOptions(copy);
    p.setProperty("seed", "7");
    try (var w = Files.newBufferedWriter(copy.resolve("run.properties"))) {
      p.store(w, null);
    }
    OptionException e =
        assertThrows(
            OptionException.class,
            () -> merge("bench", "merge", "runs", shard1.runId() + ",opts-shard2"));
    assertTrue(
        e.getMessage().contains("different options: -Dseed not given vs =7"), e.getMessage());
  }

  @Test
  void anotherMachineIsRefusedUnlessMixedIsAllowedAndThenFlagged() throws IOException {
    Path copy = copyRun(shard2.resultsDir(), "other-machine");
    String env = Files.readString(copy.resolve("environment.csv"));
    env =
        env.replaceAll("(?m)^cpu\\.model,.*$", "cpu.model,Other CPU 9000")
            .replaceAll("(?m)^cpu\\.cores,.*$", "cpu.cores,96");
    Files.writeString(copy.resolve("environment.csv"), env);
    OptionException e =
        assertThrows(
            OptionException.class,
            () -> merge("bench", "merge", "runs", shard1.runId() + ",other-machine"));
    assertTrue(
        e.getMessage().contains("different machines")
            && e.getMessage().contains("cpu.model")
            && e.getMessage().contains("Other CPU 9000")
            && e.getMessage().contains("cpu.cores")
            && e.getMessage().contains("-Dmerge.mixed=true"),
        e.getMessage());

    Bench.RunResult merged =
        merge("bench", "merge", "runs", shard1.runId() + ",other-machine", "merge.mixed", "true");
    assertEquals(unshardedPlan, trialIds(merged.resultsDir()));
    Map<String, String> menv = RunData.read(merged.resultsDir()).environment();
    assertEquals("true", menv.get("merge.mixed_machines"));
    assertTrue(menv.get("merge.differences").contains("cpu.model"), menv.get("merge.differences"));
    assertEquals("Other CPU 9000", menv.get("merge.shard.2.cpu.model"));
    String id2 = trialIds(shard2.resultsDir()).get(0);
    assertTrue(
        menv.get("merge.machine." + id2).startsWith("B: Other CPU 9000, 96 cores"),
        menv.get("merge.machine." + id2));
    assertTrue(menv.get("merge.machine." + trialIds(shard1.resultsDir()).get(0)).startsWith("A: "));
    assertEquals("2/2", menv.get("merge.shard_of." + id2));
    String html = Files.readString(merged.reportDir().resolve("index.html"));
    assertTrue(html.contains("Other CPU 9000"), "the report names the other machine");
    assertTrue(
        html.contains("differ between frameworks (highlighted): ")
            && html.contains("machine (merged shards)."),
        "the fairness verdict flags the machines");
  }

  private static Path copyRun(Path from, String id) throws IOException {
    Path to = root.resolve("results").resolve(id);
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }
}
