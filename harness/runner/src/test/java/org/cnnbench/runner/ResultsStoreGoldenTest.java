package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.cnnbench.results.EnvironmentColumn;
import org.cnnbench.results.EpochColumn;
import org.cnnbench.results.JmhColumn;
import org.cnnbench.results.MemoryColumn;
import org.cnnbench.results.MemorySweepColumn;
import org.cnnbench.results.MessageType;
import org.cnnbench.results.ParityColumn;
import org.cnnbench.results.ProcessMemoryColumn;
import org.cnnbench.results.ThreadColumn;
import org.cnnbench.results.TrialColumn;
import org.cnnbench.results.TrialStatus;
import org.cnnbench.results.Verdict;
import org.cnnbench.runner.plan.PlannedTrial;
import org.cnnbench.runner.store.ResultsStore;
import org.cnnbench.spi.Device;
import org.cnnbench.trial.EpochMetrics;
import org.cnnbench.trial.Protocol;
import org.cnnbench.trial.TrialResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seals the CSV formats: column order, quoting, number text and line ends. Every number goes
 * through the code that formats it in a real run (the trial's {@link EpochMetrics} and {@link
 * TrialResult}, the protocol, {@link Bench#complete}, {@link ParityBench}, {@link ThreadSweep},
 * {@link JmhBench}) under a locale with a decimal comma, where any locale-sensitive step would put
 * {@code 0,312345} in a file.
 */
class ResultsStoreGoldenTest {

  private static final String RUN = "20260101-000000";

  @TempDir Path dir;

  @FunctionalInterface
  private interface Step {
    void run() throws IOException;
  }

  private static void inGerman(Step step) throws IOException {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      step.run();
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void writesTheGoldenFiles() throws IOException {
    inGerman(this::writeGoldenFiles);
    for (String name :
        new String[] {
          "epochs.csv", "trials.csv", "environment.csv", "memory.csv", "memory-processes.csv"
        }) {
      assertEquals(golden(name), Files.readString(dir.resolve(name), StandardCharsets.UTF_8), name);
    }
  }

  private static PlannedTrial trial(String id, String framework, int threads) {
    return new PlannedTrial(
        id,
        1,
        "mnist",
        "mnist-cnn",
        framework,
        Device.CPU,
        2,
        64,
        10_000,
        85_146,
        threads,
        null,
        null);
  }

  private void writeGoldenFiles() throws IOException {
    try (ResultsStore store = ResultsStore.open(dir)) {
      // An OK trial, as Bench assembles it: identity, the trial's epoch and result messages, the
      // outcome.
      Map<String, String> row =
          Bench.baseRow(RUN, trial("mnist-mnist-cnn-pytorch-cpu-r1", "pytorch", 2), 42);
      row.put(TrialColumn.FRAMEWORK_VERSION.header(), "DJL 0.35.1 / PyTorch 2.7.1");
      EpochMetrics metrics =
          new EpochMetrics(
              1,
              0.31234512,
              0.9012,
              Double.NaN,
              0.971,
              12_345_678_901L,
              10.5,
              1_500_000L,
              987_654_321L,
              2066.7149,
              30.9662,
              88.12345,
              Double.NaN);
      Map<String, String> epoch = new LinkedHashMap<>(row);
      epoch.putAll(sent(MessageType.EPOCH, metrics.fields()));
      store.appendEpoch(epoch);
      TrialResult result =
          new TrialResult()
              .put(TrialColumn.LEARNING_RATE, String.valueOf(0.001))
              .count(TrialColumn.PARAMS, 85_146)
              .seconds(TrialColumn.DATA_LOAD_SECONDS, 2_500_000_000L)
              .seconds(TrialColumn.ENGINE_LOAD_SECONDS, 1_234_567_890L)
              .put(TrialColumn.INIT_WEIGHTS_SHA256, "ab12")
              .count(TrialColumn.EPOCHS, 2)
              .metric(TrialColumn.FIRST_STEP_SECONDS, 0.0456789)
              .metric(TrialColumn.TRAIN_SECONDS, 123.456789)
              .metric(TrialColumn.STEP_MS, 36.1)
              .metric(TrialColumn.STEP_MS_MEDIAN, 30.9662)
              .metric(TrialColumn.STEP_MS_P99, 88.12345)
              .metric(TrialColumn.WORKER_STEP_MS, 35.2)
              .metric(TrialColumn.TRANSFER_OVERHEAD, 36.1 / 35.2 - 1)
              .put(TrialColumn.DATA_ORDER_SHA256, "cd34")
              .seconds(TrialColumn.INFERENCE_SETUP_SECONDS, 300_000L)
              .seconds(TrialColumn.TEST_SECONDS, 4_000_000_000L)
              .metric(TrialColumn.TEST_LOSS, 0.0712345678)
              .metric(TrialColumn.TEST_ACCURACY, 0.98765432)
              .verdict(Verdict.of(TrialStatus.OK, ""))
              .metric(TrialColumn.PEAK_HEAP_MB, 1234.5678)
              .metric(TrialColumn.PEAK_RSS_MB, Double.NaN);
      Map<String, String> fields = sent(MessageType.RESULT, result.fields());
      fields.put("unknown_field", "ignored");
      Bench.complete(
          row,
          new TrialLauncher.Outcome(
              TrialStatus.parse(fields.get("status")),
              fields.get("reason"),
              fields,
              1,
              130.4567,
              SAMPLED));
      store.appendTrial(row);
      store.appendMemory(row.get(TrialColumn.TRIAL_ID.header()), SAMPLED);
      // A crashed trial: no result message, a reason to quote, the epochs received.
      Map<String, String> crashed =
          Bench.baseRow(RUN, trial("mnist-mnist-cnn-mxnet-cpu-r1", "mxnet", 2), 42);
      Bench.complete(
          crashed,
          new TrialLauncher.Outcome(
              TrialStatus.FAILED,
              "process exited with code 3; last log lines: a, \"quoted\" | b",
              Map.of(),
              1,
              7.0));
      store.appendTrial(crashed);
      Map<String, String> env = new LinkedHashMap<>();
      env.put("run_id", RUN);
      env.put("framework.pytorch.child_environment", "{MKL_NUM_THREADS=2, OMP_NUM_THREADS=2}");
      store.writeEnvironment(env);
    }
  }

  /**
   * What the runner's memory sampler records of a trial with a worker process: the JVM alone while
   * it loads, the worker beside it while it trains (the peak), the JVM alone again for the test.
   */
  private static final TreeMemory.Summary SAMPLED =
      new TreeMemory.Summary(
          200,
          List.of(
              new TreeMemory.Sample(0, 45.25, 40.0, 5.25, 1, TreeMemory.Phase.SETUP, 0, 0),
              new TreeMemory.Sample(
                  200, 1234.56789, 1100.123, 134.44489, 2, TreeMemory.Phase.TRAIN, 1, 0),
              new TreeMemory.Sample(400, 1300.04, 1150.0, 150.04, 2, TreeMemory.Phase.TRAIN, 1, 17),
              new TreeMemory.Sample(601, 512.0, 500.0, 12.0, 1, TreeMemory.Phase.TEST, 1, 0)),
          List.of(
              new TreeMemory.ProcessPeak(4242, 4000, "java", 512.0, 520.75, 0, 601),
              new TreeMemory.ProcessPeak(4250, 4242, "python3", 800.125, 812.3, 200, 400)),
          0);

  /** The fields as the runner receives them: encoded by the trial, decoded from its output. */
  private static Map<String, String> sent(MessageType type, Map<String, String> fields) {
    return new LinkedHashMap<>(
        Protocol.decode(Protocol.encode(type, fields)).orElseThrow().fields());
  }

  @Test
  void theHeadersAreTheVocabularys() throws IOException {
    inGerman(this::writeGoldenFiles);
    assertEquals(
        String.join(",", TrialColumn.HEADERS),
        Files.readAllLines(dir.resolve("trials.csv")).get(0));
    assertEquals(
        String.join(",", EpochColumn.HEADERS),
        Files.readAllLines(dir.resolve("epochs.csv")).get(0));
    assertEquals(
        String.join(",", EnvironmentColumn.HEADERS),
        Files.readAllLines(dir.resolve("environment.csv")).get(0));
    assertEquals(
        String.join(",", MemoryColumn.HEADERS),
        Files.readAllLines(dir.resolve("memory.csv")).get(0));
    assertEquals(
        String.join(",", ProcessMemoryColumn.HEADERS),
        Files.readAllLines(dir.resolve("memory-processes.csv")).get(0));
  }

  @Test
  void jmhCsvIsSealedToo() throws IOException {
    Properties p = new Properties();
    p.setProperty("frameworks", "pytorch");
    p.setProperty("models", "mnist-cnn");
    p.setProperty("threads", "1");
    JmhBench bench =
        new JmhBench(
            BenchOptions.parse(p, List.of("pytorch"), dir),
            Map.of(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            JmhBench.Settings.QUICK);
    inGerman(
        () -> {
          // What JmhMain sends: Double.toString of JMH's numbers.
          Map<String, String> result = new LinkedHashMap<>();
          result.put("benchmark", "trainStep");
          result.put("param.model", "mnist-cnn");
          result.put("mode", "sample");
          result.put("unit", "ms/op");
          result.put("samples", "4");
          result.put("median", String.valueOf(81.39571234));
          result.put("p99", String.valueOf(118.88192));
          result.put("mean", String.valueOf(82.0675));
          result.put("error", String.valueOf(Double.NaN));
          Map<String, String> tiny = new LinkedHashMap<>(result);
          tiny.put("benchmark", "inferBatch");
          tiny.put("median", String.valueOf(1.0E-7));
          List<Protocol.Message> messages = new ArrayList<>();
          for (String line :
              List.of(
                  Protocol.encode(MessageType.JMH, result),
                  Protocol.encode(MessageType.JMH, tiny),
                  Protocol.encode(
                      MessageType.JMH_FAILURE,
                      Map.of(
                          "benchmark",
                          "inferOne",
                          "reason",
                          "forked VM failed with exit code 3: a, \"b\"")))) {
            messages.add(Protocol.decode(line).orElseThrow());
          }
          List<Map<String, String>> rows = new ArrayList<>();
          for (String benchmark : JmhBench.BENCHMARKS) {
            rows.add(bench.row("pytorch", "mnist-cnn", benchmark, messages, null));
          }
          JmhBench.write(dir.resolve("jmh.csv"), rows);
        });
    assertEquals(
        golden("jmh.csv"), Files.readString(dir.resolve("jmh.csv"), StandardCharsets.UTF_8));
    assertEquals(
        String.join(",", JmhColumn.HEADERS), Files.readAllLines(dir.resolve("jmh.csv")).get(0));
  }

  @Test
  void parityCsvIsSealed() throws IOException {
    inGerman(
        () ->
            ParityBench.write(
                dir.resolve("parity.csv"),
                List.of(
                    ParityBench.row(
                        "lenet",
                        "pytorch",
                        "java-reference",
                        "forward",
                        new float[] {0.25f, 0.5f},
                        new float[] {0.25f, 0.50001234f}),
                    ParityBench.row(
                        "lenet",
                        "mxnet",
                        "pytorch",
                        "sgd_step",
                        new float[] {1f, 2f, 3f},
                        new float[] {1f, 2.5f, 3f}),
                    ParityBench.row(
                        "lenet",
                        "dl4j",
                        "pytorch",
                        "adam_step",
                        new float[] {1f},
                        new float[] {1f, 2f}),
                    new ParityBench.Row(
                        "lenet",
                        "tensorflow",
                        "pytorch",
                        "forward",
                        Double.NaN,
                        false,
                        "probe failed: FAILED: process exited with code 134, \"SIGABRT\""))));
    assertEquals(
        golden("parity.csv"), Files.readString(dir.resolve("parity.csv"), StandardCharsets.UTF_8));
    assertEquals(
        String.join(",", ParityColumn.HEADERS),
        Files.readAllLines(dir.resolve("parity.csv")).get(0));
  }

  @Test
  void threadsCsvIsSealed() throws IOException {
    inGerman(
        () -> {
          try (ResultsStore store = ResultsStore.open(dir)) {
            // two thread counts of one framework, the second one faster; one failed trial left out
            long[][] timings = {{1, 3000, 2_500_000_000L}, {2, 3000, 1_600_000_000L}};
            for (long[] t : timings) {
              String id = "threads-mnist-cnn-pytorch-cpu-t" + t[0] + "-r1";
              Map<String, String> row = Bench.baseRow(RUN, trial(id, "pytorch", (int) t[0]), 42);
              Map<String, String> epoch = new LinkedHashMap<>(row);
              double stepSeconds = t[2] / 1e9;
              epoch.putAll(
                  sent(
                      MessageType.EPOCH,
                      new EpochMetrics(
                              1,
                              0.5,
                              0.8,
                              0.4,
                              0.85,
                              t[2] + 1_000_000_000L,
                              stepSeconds,
                              0,
                              0,
                              t[1] / stepSeconds,
                              Double.NaN,
                              Double.NaN,
                              Double.NaN)
                          .fields()));
              store.appendEpoch(epoch);
              Bench.complete(row, new TrialLauncher.Outcome(TrialStatus.OK, "", Map.of(), 1, 5));
              store.appendTrial(row);
            }
            Map<String, String> failed =
                Bench.baseRow(RUN, trial("threads-mnist-cnn-pytorch-cpu-t3-r1", "pytorch", 3), 42);
            Bench.complete(
                failed, new TrialLauncher.Outcome(TrialStatus.FAILED, "crashed", Map.of(), 0, 1));
            store.appendTrial(failed);
          }
          ThreadSweep.summarize(
              dir, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        });
    assertEquals(
        golden("threads.csv"),
        Files.readString(dir.resolve("threads.csv"), StandardCharsets.UTF_8));
    assertEquals(
        String.join(",", ThreadColumn.HEADERS),
        Files.readAllLines(dir.resolve("threads.csv")).get(0));
  }

  @Test
  void memorySweepCsvIsSealed() throws IOException {
    MemorySweep.Settings settings = new MemorySweep.Settings(List.of(16, 32, 64), 8000, 20);
    inGerman(
        () -> {
          try (ResultsStore store = ResultsStore.open(dir)) {
            // one framework through the sweep: OK at 16, over the cap at 32 (killed by the runner),
            // 64 skipped
            Map<String, String> ok = Bench.baseRow(RUN, sweepTrial(16), 42);
            Map<String, String> result =
                sent(
                    MessageType.RESULT,
                    new TrialResult()
                        .metric(TrialColumn.STEP_MS, 12.3456789)
                        .metric(TrialColumn.PEAK_HEAP_MB, 101.25)
                        .metric(TrialColumn.PEAK_RSS_MB, 700.5)
                        .verdict(Verdict.of(TrialStatus.OK, ""))
                        .fields());
            Bench.complete(
                ok, new TrialLauncher.Outcome(TrialStatus.OK, "", result, 1, 9.5, SAMPLED));
            store.appendTrial(ok);
            Map<String, String> over = Bench.baseRow(RUN, sweepTrial(32), 42);
            Bench.complete(
                over,
                new TrialLauncher.Outcome(
                    TrialStatus.FAILED,
                    "the resident set of the trial's"
                        + " processes reached 8001 MiB, over the memory cap of 8000 MiB (-Dmemory.cap); killed after 0 epoch(s)",
                    Map.of(),
                    0,
                    4.0,
                    SAMPLED));
            store.appendTrial(over);
            Map<String, String> skipped = Bench.baseRow(RUN, sweepTrial(64), 42);
            skipped.put(TrialColumn.STATUS.header(), TrialStatus.SKIPPED.name());
            skipped.put(
                TrialColumn.REASON.header(),
                "the sweep of pytorch stopped at batch size 32 (FAILED)");
            store.appendTrial(skipped);
          }
          MemorySweep.summarize(
              dir,
              settings,
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        });
    assertEquals(
        golden("memory-sweep.csv"),
        Files.readString(dir.resolve("memory-sweep.csv"), StandardCharsets.UTF_8));
    assertEquals(
        String.join(",", MemorySweepColumn.HEADERS),
        Files.readAllLines(dir.resolve("memory-sweep.csv")).get(0));
  }

  private static PlannedTrial sweepTrial(int batch) {
    return new PlannedTrial(
        "memory-mnist-cnn-pytorch-cpu-b" + batch + "-r1",
        1,
        "mnist",
        "mnist-cnn",
        "pytorch",
        Device.CPU,
        1,
        batch,
        20 * batch,
        85_146,
        2,
        null,
        null);
  }

  @Test
  void reopeningAppendsWithoutASecondHeader() throws IOException {
    try (ResultsStore store = ResultsStore.open(dir)) {
      store.appendTrial(Map.of("trial_id", "a"));
    }
    try (ResultsStore store = ResultsStore.open(dir)) {
      store.appendTrial(Map.of("trial_id", "b"));
    }
    assertEquals(3, Files.readAllLines(dir.resolve("trials.csv")).size());
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = ResultsStoreGoldenTest.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        return "(no golden file " + name + ")";
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
