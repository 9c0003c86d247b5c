package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.cnnbench.runner.store.ResultsStore;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.Frameworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JMH module is discoverable, and a real JMH run of PyTorch yields sane percentiles. */
class JmhBenchTest {

  @TempDir Path root;

  /** One 100 ms warm-up and measurement iteration, two forks: a smoke run, not a measurement. */
  private static final JmhBench.Settings TINY =
      new JmhBench.Settings(1, "100ms", 1, "100ms", 2, List.of());

  private BenchOptions options(String frameworks) {
    Properties p = new Properties();
    p.setProperty("frameworks", frameworks);
    p.setProperty("models", "mnist-cnn");
    p.setProperty("threads", "1");
    p.setProperty("timeout", "3");
    p.setProperty("child.xmx", "1g");
    List<String> built = Frameworks.available().stream().map(FrameworkProvider::name).toList();
    return BenchOptions.parse(p, built, root);
  }

  private static Map<String, FrameworkProvider> providers(BenchOptions options) {
    Map<String, FrameworkProvider> selected = new LinkedHashMap<>();
    options.frameworks().forEach(f -> selected.put(f, Frameworks.get(f)));
    return selected;
  }

  @Test
  void theBuiltJarListsTheThreeSampleTimeBenchmarks() throws Exception {
    String list = JmhBench.benchmarkList(JmhBenchTest.class.getClassLoader());
    for (String b : JmhBench.BENCHMARKS) {
      // BenchmarkList lines hold "S <length> <text>" tokens: the class, the method, then the mode.
      assertTrue(
          list.contains(
              "S " + JmhBench.BENCHMARK_CLASS.length() + " " + JmhBench.BENCHMARK_CLASS + " "),
          list);
      assertTrue(
          list.contains(" S " + b.length() + " " + b + " S 10 SampleTime "),
          b + " missing in " + list);
    }
    List<String> cp = JmhBench.jmhClasspath(JmhBenchTest.class.getClassLoader());
    assertTrue(cp.stream().anyMatch(e -> e.contains("jmh-core")), cp.toString());
    assertTrue(
        cp.stream()
            .noneMatch(
                e ->
                    e.contains("pytorch")
                        || e.contains("mxnet")
                        || e.contains("nd4j")
                        || e.contains("tensorflow")),
        "the JMH module must not carry any framework: " + cp);
  }

  @Test
  void theCommandPinsThreadsAndPassesTheAdapterPropertiesToTheForks() {
    BenchOptions options = options("pytorch");
    Map<String, FrameworkProvider> providers = providers(options);
    JmhBench bench = new JmhBench(options, providers, System.out, TINY);
    List<String> cmd =
        bench.command(
            providers.get("pytorch"),
            JmhBench.jmhClasspath(JmhBenchTest.class.getClassLoader()),
            root.resolve("x.json"));
    String line = String.join(" ", cmd);
    assertTrue(
        line.contains(
            " org.cnnbench.jmh.JmhMain "
                + root.resolve("x.json").toAbsolutePath()
                + " trainStep,inferOne,inferBatch "),
        line);
    assertTrue(line.contains(" -p framework=pytorch "), line);
    assertTrue(line.contains(" -p threads=1 "), line);
    int append = cmd.indexOf("-jvmArgsAppend");
    assertTrue(append > 0, line);
    assertTrue(cmd.get(append + 1).contains("-Dai.djl.pytorch.num_threads=1"), cmd.get(append + 1));
    assertTrue(cmd.get(append + 1).contains("-Xmx1g"), cmd.get(append + 1));
  }

  @Test
  void aTinyPyTorchRunWritesJsonAndCsvWithPositivePercentiles() throws Exception {
    BenchOptions options = options("pytorch");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    Path runDir = root.resolve("results/run");
    List<Map<String, String>> rows =
        new JmhBench(
                options,
                providers(options),
                new PrintStream(console, true, StandardCharsets.UTF_8),
                TINY)
            .run(runDir);
    String out = console.toString(StandardCharsets.UTF_8);
    assertEquals(3, rows.size(), out);

    List<Map<String, Object>> json = JmhJson.results(Files.readString(runDir.resolve("jmh.json")));
    assertEquals(3, json.size());
    Map<String, Map<String, Object>> jsonByBenchmark = new LinkedHashMap<>();
    for (Map<String, Object> r : json) {
      jsonByBenchmark.put(
          String.valueOf(r.get("benchmark")).replace(JmhBench.BENCHMARK_CLASS + ".", ""), r);
      assertEquals("sample", r.get("mode"));
      assertEquals(2.0, ((Number) r.get("forks")).doubleValue());
      // The forks ran with the adapter's thread pins and the child heap.
      List<?> jvmArgs = (List<?>) r.get("jvmArgs");
      assertTrue(
          jvmArgs.contains("-Dai.djl.pytorch.num_threads=1") && jvmArgs.contains("-Xmx1g"),
          jvmArgs.toString());
      assertEquals("1", ((Map<?, ?>) r.get("params")).get("threads"));
    }

    try (CSVParser csv =
        CSVParser.parse(
            runDir.resolve("jmh.csv"),
            StandardCharsets.UTF_8,
            ResultsStore.FORMAT.builder().setHeader().setSkipHeaderRecord(true).build())) {
      assertEquals(org.cnnbench.results.JmhColumn.HEADERS, csv.getHeaderNames());
      List<CSVRecord> records = csv.getRecords();
      assertEquals(JmhBench.BENCHMARKS, records.stream().map(r -> r.get("benchmark")).toList());
      Map<String, String> batches = Map.of("trainStep", "64", "inferOne", "1", "inferBatch", "64");
      for (CSVRecord r : records) {
        String what = r.toMap() + "\n" + out;
        assertEquals("pytorch", r.get("framework"), what);
        assertEquals("", r.get("reason"), what);
        assertEquals(batches.get(r.get("benchmark")), r.get("batch"), what);
        assertEquals("sample", r.get("mode"), what);
        assertEquals("ms/op", r.get("unit"), what);
        assertTrue(Long.parseLong(r.get("samples")) >= 2, what);
        double median = Double.parseDouble(r.get("median"));
        double p99 = Double.parseDouble(r.get("p99"));
        assertTrue(median > 0, what);
        assertTrue(p99 >= median, what);
        assertTrue(Double.parseDouble(r.get("mean")) > 0, what);
        // The numbers sent over the protocol are JMH's own, the same ones its JSON holds.
        @SuppressWarnings("unchecked")
        Map<String, Object> metric =
            (Map<String, Object>) jsonByBenchmark.get(r.get("benchmark")).get("primaryMetric");
        assertEquals(
            JmhJson.sampleCount(metric.get("rawDataHistogram")),
            Long.parseLong(r.get("samples")),
            what);
        assertEquals(JmhBench.number(String.valueOf(metric.get("score"))), r.get("mean"), what);
        @SuppressWarnings("unchecked")
        Map<String, Object> percentiles = (Map<String, Object>) metric.get("scorePercentiles");
        assertEquals(
            JmhBench.number(String.valueOf(percentiles.get("50.0"))), r.get("median"), what);
        assertEquals(JmhBench.number(String.valueOf(percentiles.get("99.0"))), r.get("p99"), what);
      }
    }
  }

  @Test
  void aFrameworkWhoseJmhRunFailsBecomesRowsWithAReason() throws Exception {
    // An option JMH rejects makes its JVM exit with an error before any benchmark runs.
    BenchOptions options = options("fake");
    JmhBench.Settings broken =
        new JmhBench.Settings(1, "100ms", 1, "100ms", 1, List.of("-no-such-option"));
    Path runDir = root.resolve("results/broken");
    List<Map<String, String>> rows =
        new JmhBench(
                options,
                providers(options),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                broken)
            .run(runDir);
    assertEquals(3, rows.size());
    for (Map<String, String> r : rows) {
      assertEquals("", r.get("median"), r.toString());
      assertTrue(r.get("reason").startsWith("FAILED: JMH exited with code"), r.toString());
    }
    assertEquals("[]\n", Files.readString(runDir.resolve("jmh.json")));
    assertTrue(
        Files.readString(runDir.resolve("jmh.csv"))
            .lines()
            .skip(1)
            .allMatch(l -> l.startsWith("fake,") && !l.endsWith(",")));
  }

  @Test
  void benchmarksExcludedInJmhArgsAreRowsSayingJmhRanNothing() throws Exception {
    // The "fake" adapter is the contract's pure-Java network: quick to run in a fork.
    BenchOptions options = options("fake");
    JmhBench.Settings trainOnly =
        new JmhBench.Settings(1, "100ms", 1, "100ms", 1, List.of("-e", "infer"));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    List<Map<String, String>> rows =
        new JmhBench(
                options,
                providers(options),
                new PrintStream(console, true, StandardCharsets.UTF_8),
                trainOnly)
            .run(root.resolve("results/excluded"));
    Map<String, Map<String, String>> byBenchmark = new LinkedHashMap<>();
    rows.forEach(r -> byBenchmark.put(r.get("benchmark"), r));
    assertEquals("", byBenchmark.get("trainStep").get("reason"), byBenchmark.toString());
    for (String b : List.of("inferOne", "inferBatch")) {
      String reason = byBenchmark.get(b).get("reason");
      assertEquals(
          "benchmark failed: JMH ran nothing for " + b + " (an include or exclude in -Djmh.args?)",
          reason,
          console.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void aForkThatDiesFailsOnlyItsBenchmark() throws Exception {
    // The crash test adapter halts its JVM in its third training step, i.e. in trainStep's priming;
    // evaluation never crashes it.
    BenchOptions options = options("crash");
    JmhBench.Settings oneFork = new JmhBench.Settings(1, "100ms", 1, "100ms", 1, List.of());
    List<Map<String, String>> rows =
        new JmhBench(
                options,
                providers(options),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                oneFork)
            .run(root.resolve("results/crash"));
    Map<String, Map<String, String>> byBenchmark = new LinkedHashMap<>();
    rows.forEach(r -> byBenchmark.put(r.get("benchmark"), r));
    Map<String, String> train = byBenchmark.get("trainStep");
    assertEquals("", train.get("median"), train.toString());
    assertTrue(
        train.get("reason").startsWith("benchmark failed: forked VM failed with exit code 3"),
        train.toString());
    assertTrue(
        train.get("reason").contains("crash adapter: halting the JVM now"), train.toString());
    for (String b : List.of("inferOne", "inferBatch")) {
      assertEquals("", byBenchmark.get(b).get("reason"), byBenchmark.get(b).toString());
      assertTrue(
          Double.parseDouble(byBenchmark.get(b).get("median")) > 0, byBenchmark.get(b).toString());
    }
  }

  @Test
  void aJmhRunPastTheTimeoutIsKilledAndRecorded() throws Exception {
    // The hang test adapter sleeps for an hour in its first training step.
    Properties p = new Properties();
    p.setProperty("frameworks", "hang");
    p.setProperty("threads", "1");
    p.setProperty("timeout", "0.1");
    BenchOptions options =
        BenchOptions.parse(
            p, Frameworks.available().stream().map(FrameworkProvider::name).toList(), root);
    long start = System.nanoTime();
    List<Map<String, String>> rows =
        new JmhBench(
                options,
                providers(options),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                TINY)
            .run(root.resolve("results/hang"));
    assertTrue((System.nanoTime() - start) / 1e9 < 40, "the 6 s timeout was not enforced");
    assertEquals(3, rows.size());
    for (Map<String, String> r : rows) {
      assertEquals("", r.get("median"), r.toString());
      assertTrue(r.get("reason").startsWith("TIMEOUT"), r.toString());
    }
  }

  @Test
  void jmhArgsAreParsedByJmhAndNumbersAreFormattedLocaleFree() {
    JmhBench.Settings s =
        JmhBench.Settings.from(props("jmh.quick", "true", "jmh.args", "-prof gc  -v EXTRA"));
    assertEquals(JmhBench.Settings.QUICK.iterationTime(), s.iterationTime());
    assertEquals(List.of("-prof", "gc", "-v", "EXTRA"), s.extraArgs());
    assertEquals("", JmhBench.number("NaN"));
    assertEquals("", JmhBench.number(""));
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertEquals("0.00123457", JmhBench.number(String.valueOf(0.001234567)));
      assertEquals("12.5", JmhBench.number("12.500000001"));
    } finally {
      Locale.setDefault(before);
    }
  }

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }
}
