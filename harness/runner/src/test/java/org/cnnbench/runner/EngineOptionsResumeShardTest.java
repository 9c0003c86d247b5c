package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.cnnbench.report.RunData;
import org.cnnbench.runner.shard.ShardMerge;
import org.cnnbench.runner.store.ResultsStore;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.Frameworks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engine options ({@code -Dtensorflow.onednn}, {@code -Dsamediff.layout}, {@code -Dmxnet.engine})
 * are options of the run: recorded in {@code run.properties} and {@code environment.csv}, restored
 * by {@code -Dresume} so that the resumed trials' JVMs get the run's setting (not the resuming
 * command's), and part of the plan's fingerprint, so that shards started with other engine options
 * refuse to merge. The {@code echo} test adapter passes on what the real TensorFlow and SameDiff
 * adapters give their trials, and its trial JVM reports what it received.
 */
class EngineOptionsResumeShardTest {

  private static final List<String> KEYS =
      List.of("tensorflow.onednn", "samediff.layout", "mxnet.engine");

  @TempDir Path root;

  private final Map<String, String> saved = new HashMap<>();

  @BeforeEach
  void clearEngineProperties() throws IOException {
    // As in a fresh JVM started without them.
    KEYS.forEach(k -> saved.put(k, System.clearProperty(k)));
    FaultRuns.fakeMnist(root);
  }

  @AfterEach
  void restore() {
    saved.forEach(
        (k, v) -> {
          if (v == null) {
            System.clearProperty(k);
          } else {
            System.setProperty(k, v);
          }
        });
  }

  private Properties props(String... kv) {
    Properties p = new Properties();
    p.setProperty("bench", "mnist");
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
    return p;
  }

  private static Map<String, FrameworkProvider> providers() {
    Map<String, FrameworkProvider> all = new LinkedHashMap<>();
    Frameworks.available().forEach(f -> all.put(f.name(), f));
    return all;
  }

  /**
   * Runs BenchMain as the command line does; returns standard error, failing on a non-zero exit.
   */
  private String main(Properties p) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        BenchMain.run(
            p,
            providers(),
            root,
            (d, l) -> null,
            (r, s) -> {},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String e = err.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, out.toString(StandardCharsets.UTF_8) + e);
    return e;
  }

  @Test
  void aResumedRunKeepsItsEngineOptionsAndItsTrialsReceiveThem() throws IOException {
    main(
        props(
            "frameworks",
            "echo",
            "repeats",
            "2",
            "tensorflow.onednn",
            "off",
            "samediff.layout",
            "NCHW"));
    Path results = root.resolve("results");
    String runId = ResultsStore.latest(results);
    Path runDir = results.resolve(runId);
    Properties stored = Bench.runOptions(runDir);
    assertEquals("off", stored.getProperty("tensorflow.onednn"));
    assertEquals(
        "nchw", stored.getProperty("samediff.layout"), "recorded as the adapter spells it");
    Map<String, String> env = RunData.read(runDir).environment();
    assertTrue(
        env.get("command_line").contains("-Dtensorflow.onednn=off"), env.get("command_line"));
    assertEquals("off", env.get("framework.echo.cpu.received.tensorflow.onednn"));
    assertEquals("nchw", env.get("framework.echo.cpu.received.samediff.layout"));
    assertEquals("0", env.get("framework.echo.cpu.received.TF_ENABLE_ONEDNN_OPTS"));

    // Killed after its first trial: the second one's row and log are gone; the JVM that resumes was
    // started without the engine options.
    String r2 = "mnist-mnist-cnn-echo-cpu-r2";
    List<String> rows = Files.readAllLines(runDir.resolve("trials.csv"));
    assertEquals(3, rows.size(), rows.toString());
    assertTrue(rows.get(2).contains(r2), rows.get(2));
    Files.write(runDir.resolve("trials.csv"), rows.subList(0, 2));
    Files.delete(runDir.resolve("trials").resolve(r2 + ".log"));
    KEYS.forEach(System::clearProperty);

    main(props("resume", runId));
    String log = Files.readString(runDir.resolve("trials").resolve(r2 + ".log"));
    assertTrue(
        log.contains(
            "echo adapter received {received.tensorflow.onednn=off,"
                + " received.samediff.layout=nchw, received.TF_ENABLE_ONEDNN_OPTS=0}"),
        log);
    RunData data = RunData.read(runDir);
    assertEquals(List.of("", "true"), data.trials().stream().map(t -> t.get("resumed")).toList());
    assertEquals("off", data.environment().get("framework.echo.cpu.received.tensorflow.onednn"));
    assertEquals(
        "0",
        TrialLauncher.childEnvironment(providers().get("tensorflow"), 1, Device.CPU)
            .get("TF_ENABLE_ONEDNN_OPTS"),
        "the real adapter, asked after the resume, gives the run's setting");

    // A resuming command with another setting is told that the run keeps its own.
    String err = main(props("resume", runId, "tensorflow.onednn", "on"));
    assertTrue(
        err.contains("ignored: -Dtensorflow.onednn=on (the run has -Dtensorflow.onednn=off)"), err);
    assertEquals("off", System.getProperty("tensorflow.onednn"));
  }

  @Test
  void shardsWithOtherEngineOptionsRefuseToMerge() throws IOException {
    // In this order, every shard deals its plan round-robin: the earlier runs it could balance by
    // are
    // of another plan or of its own.
    String oneDnnOff = shard("1/2", "tensorflow.onednn", "off");
    String same = shard("2/2", "tensorflow.onednn", "off");
    String oneDnnOn = shard("2/2", "tensorflow.onednn", "on");
    String naive = shard("2/2", "tensorflow.onednn", "off", "mxnet.engine", "NaiveEngine");
    Path results = root.resolve("results");
    String fingerprint =
        Bench.runOptions(results.resolve(oneDnnOff)).getProperty("shard.plan_fingerprint");
    assertNotEquals(
        fingerprint,
        Bench.runOptions(results.resolve(oneDnnOn)).getProperty("shard.plan_fingerprint"));
    assertEquals(
        fingerprint, Bench.runOptions(results.resolve(same)).getProperty("shard.plan_fingerprint"));

    OptionException e = assertThrows(OptionException.class, () -> merge(oneDnnOff, oneDnnOn));
    assertTrue(
        e.getMessage().contains("different options: -Dtensorflow.onednn =off vs =on"),
        e.getMessage());
    e = assertThrows(OptionException.class, () -> merge(oneDnnOff, naive));
    assertTrue(e.getMessage().contains("-Dmxnet.engine not given vs =NaiveEngine"), e.getMessage());
    // The same engine options merge.
    assertEquals(2, RunData.read(merge(oneDnnOff, same).resultsDir()).trials().size());
  }

  private String shard(String shard, String... kv) throws IOException {
    String[] all = new String[kv.length + 6];
    System.arraycopy(
        new String[] {"frameworks", "fake", "repeats", "2", "shard", shard}, 0, all, 0, 6);
    System.arraycopy(kv, 0, all, 6, kv.length);
    main(props(all));
    return ResultsStore.latest(root.resolve("results"));
  }

  private Bench.RunResult merge(String a, String b) throws IOException {
    return new ShardMerge(
            BenchOptions.parse(
                props("bench", "merge", "frameworks", "fake", "runs", a + "," + b),
                List.copyOf(providers().keySet()),
                root),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .merge();
  }
}
