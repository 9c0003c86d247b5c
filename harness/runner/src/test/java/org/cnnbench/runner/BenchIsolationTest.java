package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.cnnbench.data.ByteImages;
import org.cnnbench.data.Idx;
import org.cnnbench.report.MemoryData;
import org.cnnbench.report.RunData;
import org.cnnbench.runner.store.ResultsStore;
import org.cnnbench.spec.Shape;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.Frameworks;
import org.cnnbench.text.Splits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real trial processes: a crash, a hang and a NaN each become a row while the run goes on. */
public class BenchIsolationTest {

  @TempDir static Path root;

  @BeforeAll
  static void fakeMnist() throws IOException {
    Path dir = root.resolve("datasets/mnist");
    Files.createDirectories(dir);
    Idx.write(
        random(200, 1),
        dir.resolve("train-images-idx3-ubyte"),
        dir.resolve("train-labels-idx1-ubyte"));
    Idx.write(
        random(40, 2),
        dir.resolve("t10k-images-idx3-ubyte"),
        dir.resolve("t10k-labels-idx1-ubyte"));
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }

  public static ByteImages random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] pixels = new byte[n * 784];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) r.nextInt(256);
    }
    int[] labels = r.ints(n, 0, 10).toArray();
    return new ByteImages(Shape.chw(1, 28, 28), pixels, labels);
  }

  static Bench.RunResult run(String frameworks, String extra) throws Exception {
    Properties p = new Properties();
    p.setProperty("bench", "mnist");
    p.setProperty("frameworks", frameworks);
    p.setProperty("samples", "128");
    p.setProperty("epochs", "2");
    p.setProperty("threads", "1");
    p.setProperty(
        "repeats", "1"); // one round: these runs check a trial's handling, not the default rounds
    p.setProperty("child.xmx", "512m");
    p.setProperty("timeout", "0.25");
    p.setProperty("results.dir", root.resolve("results").toString());
    p.setProperty("reports.dir", root.resolve("reports").toString());
    p.setProperty("datasets.dir", root.resolve("datasets").toString());
    // options are comma-separated; a comma not followed by the next key= belongs to a value (a
    // list)
    for (String kv : extra.split(",(?=[a-z.]+=)", -1)) {
      if (!kv.isEmpty()) {
        p.setProperty(Splits.dropTrailingEmpty(kv, "=")[0], Splits.dropTrailingEmpty(kv, "=")[1]);
      }
    }
    Map<String, FrameworkProvider> providers = new LinkedHashMap<>();
    for (FrameworkProvider f : Frameworks.available()) {
      providers.put(f.name(), f);
    }
    BenchOptions options = BenchOptions.parse(p, List.copyOf(providers.keySet()), root);
    Map<String, FrameworkProvider> selected = new LinkedHashMap<>();
    options.frameworks().forEach(f -> selected.put(f, providers.get(f)));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    Bench bench =
        new Bench(
            options,
            selected,
            (dataset, locations) -> null,
            new PrintStream(console, true, StandardCharsets.UTF_8));
    return bench.run();
  }

  @Test
  void crashHangAndNanBecomeRowsAndTheRunGoesOn() throws Exception {
    Bench.RunResult result = run("crash,hang,nan,fake", "");
    assertEquals(
        Map.of(
            "mnist-mnist-cnn-crash-cpu-r1",
            "FAILED",
            "mnist-mnist-cnn-hang-cpu-r1",
            "TIMEOUT",
            "mnist-mnist-cnn-nan-cpu-r1",
            "DIVERGED",
            "mnist-mnist-cnn-fake-cpu-r1",
            "OK"),
        result.statuses(),
        () -> read(result.resultsDir().resolve("trials.csv")));
    RunData data = RunData.read(result.resultsDir());
    assertEquals(4, data.trials().size());
    Map<String, Map<String, String>> byFramework = new LinkedHashMap<>();
    data.trials().forEach(t -> byFramework.put(t.get("framework"), t));
    String crash = byFramework.get("crash").get("reason");
    assertTrue(
        crash.contains("exited with code 3") && crash.contains("halting the JVM now"), crash);
    assertEquals("1", byFramework.get("crash").get("epochs"));
    assertTrue(
        byFramework.get("hang").get("reason").contains("timeout"),
        byFramework.get("hang").get("reason"));
    // a hung engine's (or Python worker's) last words are in the row, as a crashed one's are
    assertTrue(
        byFramework.get("hang").get("reason").contains("last log lines: ")
            && byFramework.get("hang").get("reason").contains("hang adapter: stuck in step"),
        byFramework.get("hang").get("reason"));
    assertTrue(
        byFramework.get("nan").get("reason").contains("loss became NaN at epoch 1, step 2"),
        byFramework.get("nan").get("reason"));
    // Epoch rows: the crashed trial keeps its first epoch, the fake one has both.
    long crashEpochs =
        data.epochs().stream().filter(e -> e.get("framework").equals("crash")).count();
    long fakeEpochs = data.epochs().stream().filter(e -> e.get("framework").equals("fake")).count();
    assertEquals(1, crashEpochs);
    assertEquals(2, fakeEpochs);
    Map<String, String> ok = byFramework.get("fake");
    assertEquals("Test 1.0", ok.get("framework_version"));
    assertEquals("89", data.environment().get("dataset.mnist.mnist-cnn.train_examples"));
    assertTrue(Files.exists(result.reportDir().resolve("index.html")));
    assertEquals(result.runId(), ResultsStore.latest(root.resolve("results")));
  }

  @Test
  void threadSweepRunsEveryThreadCountAndNamesTheBest() throws Exception {
    Bench.RunResult result = run("fake", "bench=threads,epochs=1");
    int cores = Runtime.getRuntime().availableProcessors();
    assertEquals(cores, result.statuses().size());
    RunData data = RunData.read(result.resultsDir());
    for (int t = 1; t <= cores; t++) {
      String id = "threads-mnist-cnn-fake-cpu-t" + t + "-r1";
      assertEquals("OK", result.statuses().get(id));
      int threads = t;
      assertTrue(
          data.trials().stream()
              .anyMatch(
                  r ->
                      r.get("trial_id").equals(id)
                          && r.get("threads").equals(String.valueOf(threads))));
    }
    List<String> lines = Files.readAllLines(result.resultsDir().resolve("threads.csv"));
    assertEquals(
        "framework,model,threads,images_per_second,ms_per_step,batch_size,repetitions,best",
        lines.get(0));
    assertEquals(cores, lines.size() - 1);
    assertEquals(1, lines.stream().filter(l -> l.endsWith(",true")).count());
  }

  @Test
  void memorySweepStopsAFrameworkAtItsFirstFailureAndSamplesEveryTrial() throws Exception {
    Bench.RunResult result = run("crash,fake", "bench=memory,memory.batches=4,8,16,memory.steps=4");
    assertEquals(
        Map.of(
            "memory-mnist-cnn-fake-cpu-b4-r1",
            "OK",
            "memory-mnist-cnn-fake-cpu-b8-r1",
            "OK",
            "memory-mnist-cnn-fake-cpu-b16-r1",
            "OK",
            "memory-mnist-cnn-crash-cpu-b4-r1",
            "FAILED",
            "memory-mnist-cnn-crash-cpu-b8-r1",
            "SKIPPED",
            "memory-mnist-cnn-crash-cpu-b16-r1",
            "SKIPPED"),
        result.statuses(),
        () -> read(result.resultsDir().resolve("trials.csv")));
    RunData data = RunData.read(result.resultsDir());
    for (Map<String, String> t : data.trials()) {
      if (t.get("framework").equals("fake")) {
        assertTrue(Double.parseDouble(t.get("peak_tree_rss_mb")) > 0, t.toString());
        assertEquals("200", t.get("memory_sample_ms"));
      }
    }
    // the last trial run (fake at batch 16) trained exactly memory.steps full batches after the
    // validation split
    assertEquals("64", data.environment().get("dataset.mnist.mnist-cnn.train_examples"));
    MemoryData memory = MemoryData.read(result.resultsDir());
    assertEquals(List.of(), memory.warnings());
    assertTrue(
        memory.byTrial().containsKey("memory-mnist-cnn-fake-cpu-b16-r1"),
        memory.byTrial().keySet()::toString);
    assertEquals(
        6, memory.sweep().size(), () -> read(result.resultsDir().resolve("memory-sweep.csv")));
    MemoryData.SweepPoint stop =
        memory.sweep().stream()
            .filter(MemoryData.SweepPoint::stoppedHere)
            .findFirst()
            .orElseThrow();
    assertEquals("crash", stop.framework());
    assertEquals(4, stop.batchSize());
    assertTrue(
        memory.sweep().stream()
            .filter(p -> p.framework().equals("fake"))
            .allMatch(p -> p.imagesPerSecond() > 0 && p.peakTreeRssMb() > 0 && !p.stoppedHere()));
  }

  @Test
  void aSweepTrialOverTheMemoryCapIsKilledAndStopsItsFramework() throws Exception {
    Bench.RunResult result =
        run("fake", "bench=memory,memory.batches=4,8,memory.steps=4,memory.cap=1");
    assertEquals(
        Map.of(
            "memory-mnist-cnn-fake-cpu-b4-r1",
            "FAILED",
            "memory-mnist-cnn-fake-cpu-b8-r1",
            "SKIPPED"),
        result.statuses());
    String reason = RunData.read(result.resultsDir()).trials().get(0).get("reason");
    assertTrue(reason.contains("over the memory cap of 1 MiB (-Dmemory.cap)"), reason);
  }

  @Test
  void aRealAdapterRunsInItsOwnJvmWithItsOwnClassPath() throws Exception {
    Bench.RunResult result = run("pytorch", "timeout=5");
    assertEquals(Map.of("mnist-mnist-cnn-pytorch-cpu-r1", "OK"), result.statuses());
    Map<String, String> row = RunData.read(result.resultsDir()).trials().get(0);
    assertTrue(
        row.get("framework_version").startsWith("DJL 0.35.1 / PyTorch 2.7.1"), row.toString());
    assertEquals(
        "bfd96f39d76f211b967ea64960d3eae95ffaa5f8eb399d8314ec90a3d09504a2",
        row.get("init_weights_sha256"));
    String log =
        Files.readString(result.resultsDir().resolve("trials/mnist-mnist-cnn-pytorch-cpu-r1.log"));
    String command = log.lines().findFirst().orElseThrow();
    assertTrue(command.contains("pytorch-native-cpu-2.7.1-linux-x86_64.jar"), command);
    assertTrue(
        !command.contains("mxnet") && !command.contains("jfreechart"),
        "only what it needs: " + command);
  }
}
