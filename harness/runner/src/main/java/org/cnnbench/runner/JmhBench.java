package org.cnnbench.runner;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.apache.commons.csv.CSVPrinter;
import org.cnnbench.process.ChildLogException;
import org.cnnbench.process.ChildProcess;
import org.cnnbench.process.ChildResult;
import org.cnnbench.process.ChildSpec;
import org.cnnbench.process.Output;
import org.cnnbench.process.Signals;
import org.cnnbench.results.JmhColumn;
import org.cnnbench.results.MessageType;
import org.cnnbench.results.TrialStatus;
import org.cnnbench.runner.store.ResultsStore;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.trial.Protocol;

/**
 * {@code -Dbench=jmh}: latency of one training step and of inference at batch 1 and at the training
 * batch, measured by JMH ({@code harness/jmh}, {@code org.cnnbench.jmh.StepBenchmarks}) in
 * sample-time mode. For each framework the runner forks one JVM running {@code
 * org.cnnbench.jmh.JmhMain}, which drives JMH through its Java API ({@code Runner}, {@code
 * OptionsBuilder}) with the options below parsed by JMH's own command-line parser; its class path
 * is the JMH module's plus that adapter's, with the adapter's environment and, through {@code
 * -jvmArgsAppend}, its system properties and the child heap; JMH's own forks inherit that class
 * path, so each framework is measured with only its own libraries loaded. Each benchmark's numbers
 * (median, p99, mean, error, samples from JMH's {@code RunResult}) come back as {@link Protocol}
 * lines; JMH writes its JSON to {@code jmh-<framework>.json}, the output goes to {@code
 * jmh-<framework>.log}, the runner concatenates the JSON arrays into {@code jmh.json} and writes
 * {@code jmh.csv}. A framework whose JMH JVM fails, or a benchmark JMH reports no result for (with
 * JMH's reason), becomes a row with empty numbers and a reason.
 *
 * <p>Settings: 2 forks, 3 warm-up iterations of 2 s, 5 measurement iterations of 2 s (about 2
 * minutes per framework for the three benchmarks); {@code -Djmh.quick=true} shrinks this to 1
 * warm-up and 1 measurement iteration of 100 ms (a smoke run, numbers not meaningful); {@code
 * -Djmh.args="..."} appends further JMH options (e.g. {@code -prof gc}) that the runner does not
 * set itself.
 */
final class JmhBench {

  /** The benchmark class in {@code harness/jmh}. */
  static final String BENCHMARK_CLASS = "org.cnnbench.jmh.StepBenchmarks";

  /**
   * The JMH host's main class in {@code harness/jmh}: JMH's Java API, results as protocol lines.
   */
  static final String MAIN_CLASS = "org.cnnbench.jmh.JmhMain";

  /** The benchmark methods, in report order. */
  static final List<String> BENCHMARKS = List.of("trainStep", "inferOne", "inferBatch");

  /** Written by the JMH module's build: its runtime libraries, separated by the path separator. */
  static final String CLASSPATH_RESOURCE = "META-INF/cnn-bench/jmh.classpath";

  /** Model benchmarked when {@code -Dmodels} is not given. */
  static final String DEFAULT_MODEL = "mnist-cnn";

  /**
   * JMH iteration settings.
   *
   * @param warmupIterations warm-up iterations per fork
   * @param warmupTime each warm-up iteration, in JMH syntax ({@code 2s}, {@code 100ms})
   * @param iterations measurement iterations per fork
   * @param iterationTime each measurement iteration
   * @param forks forked JVMs per benchmark
   * @param extraArgs further JMH command-line options, appended as given
   */
  record Settings(
      int warmupIterations,
      String warmupTime,
      int iterations,
      String iterationTime,
      int forks,
      List<String> extraArgs) {

    /** The default run. */
    static final Settings DEFAULT = new Settings(3, "2s", 5, "2s", 2, List.of());

    /** {@code -Djmh.quick=true}: a smoke run. */
    static final Settings QUICK = new Settings(1, "100ms", 1, "100ms", 2, List.of());

    /** Copies the list. */
    Settings {
      extraArgs = List.copyOf(extraArgs);
    }

    /**
     * @param props system properties ({@code jmh.quick}, {@code jmh.args})
     * @return the settings they ask for
     */
    static Settings from(Properties props) {
      Settings base =
          Boolean.parseBoolean(props.getProperty("jmh.quick", "false")) ? QUICK : DEFAULT;
      String extra = props.getProperty("jmh.args", "").strip();
      return extra.isEmpty()
          ? base
          : new Settings(
              base.warmupIterations,
              base.warmupTime,
              base.iterations,
              base.iterationTime,
              base.forks,
              Arrays.asList(extra.split("\\s+")));
    }
  }

  private final BenchOptions options;
  private final Map<String, FrameworkProvider> providers;
  private final PrintStream console;
  private final Settings settings;

  JmhBench(BenchOptions options, Map<String, FrameworkProvider> providers, PrintStream console) {
    this(options, providers, console, Settings.from(System.getProperties()));
  }

  JmhBench(
      BenchOptions options,
      Map<String, FrameworkProvider> providers,
      PrintStream console,
      Settings settings) {
    this.options = options;
    this.providers = providers;
    this.console = console;
    this.settings = settings;
  }

  /**
   * The models benchmarked: those of {@code -Dmodels} and {@code -Dmodel.file}, else the default.
   */
  List<String> models() {
    List<String> files = options.modelSet().fileModels();
    if (options.models().isEmpty() && files.isEmpty()) {
      return List.of(DEFAULT_MODEL);
    }
    List<String> out = new ArrayList<>(options.models());
    files.stream().filter(f -> !out.contains(f)).forEach(out::add);
    return out;
  }

  /**
   * Runs JMH once per framework and writes {@code jmh.json} and {@code jmh.csv}.
   *
   * @param runDir the run folder
   * @return the rows of {@code jmh.csv}
   */
  List<Map<String, String>> run(Path runDir) throws IOException, InterruptedException {
    Files.createDirectories(runDir);
    List<Map<String, String>> rows = new ArrayList<>();
    List<Path> jsons = new ArrayList<>();
    List<String> jmhClasspath = null;
    String classpathProblem = null;
    try {
      jmhClasspath = jmhClasspath(JmhBench.class.getClassLoader());
    } catch (RuntimeException e) {
      classpathProblem = e.getMessage();
    }
    console.printf(
        Locale.ROOT,
        "jmh: %s on %s, %d thread(s); %d fork(s), warm-up %d x %s, measurement %d x %s"
            + " per benchmark%n",
        String.join(", ", providers.keySet()),
        String.join(", ", models()),
        options.threads(),
        settings.forks(),
        settings.warmupIterations(),
        settings.warmupTime(),
        settings.iterations(),
        settings.iterationTime());
    for (FrameworkProvider provider : providers.values()) {
      String name = provider.name();
      Path json = runDir.resolve("jmh-" + name + ".json");
      Path log = runDir.resolve("jmh-" + name + ".log");
      String failure = classpathProblem;
      for (Capability needed : List.of(Capability.DEVICE_CPU, Capability.TRAIN, Capability.INFER)) {
        if (failure == null && !provider.hasCapability(needed)) {
          failure = TrialStatus.SKIPPED + ": adapter lacks capability " + needed;
        }
      }
      List<Protocol.Message> messages = new ArrayList<>();
      if (failure == null) {
        console.println("jmh: " + name + " (log " + log + ")");
        Launch launch = launch(provider, jmhClasspath, json, log, messages);
        failure = launch.failure();
        if (failure == null && messages.isEmpty()) {
          failure = "the JMH JVM sent no result; last log lines: " + launch.lastLogLines();
        }
      }
      if (Files.exists(json)) {
        jsons.add(json);
      }
      for (String model : models()) {
        for (String benchmark : BENCHMARKS) {
          Map<String, String> row = row(name, model, benchmark, messages, failure);
          rows.add(row);
          console.printf(
              Locale.ROOT,
              "  %-10s %-10s %-10s batch %4s: %s%n",
              name,
              model,
              benchmark,
              row.get(JmhColumn.BATCH.header()),
              row.get(JmhColumn.REASON.header()).isEmpty()
                  ? summary(row)
                  : "no result: " + row.get(JmhColumn.REASON.header()));
        }
      }
    }
    mergeJson(jsons, runDir.resolve("jmh.json"));
    write(runDir.resolve("jmh.csv"), rows);
    console.println("jmh: " + runDir.resolve("jmh.csv") + ", " + runDir.resolve("jmh.json"));
    return rows;
  }

  /**
   * The JMH JVM's command line for one framework.
   *
   * @param provider the adapter
   * @param jmhClasspath the JMH module's class path
   * @param json where JMH writes its results
   * @return the command
   */
  List<String> command(FrameworkProvider provider, List<String> jmhClasspath, Path json) {
    Set<String> classpath = new LinkedHashSet<>(jmhClasspath);
    classpath.addAll(provider.childClasspath());
    List<String> forkArgs = new ArrayList<>();
    forkArgs.add("-Xmx" + options.childHeap());
    forkArgs.add("-Djava.awt.headless=true");
    provider
        .childSystemProperties(options.threads())
        .forEach((k, v) -> forkArgs.add("-D" + k + "=" + v));
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // No JVM flags for the host: JMH gives its forks the host's flags plus -jvmArgsAppend, and the
    // forks'
    // flags (recorded in the JSON as jvmArgs) should be exactly the adapter's.
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, classpath));
    cmd.add(MAIN_CLASS);
    cmd.add(json.toAbsolutePath().toString());
    cmd.add(String.join(",", BENCHMARKS));
    cmd.addAll(List.of("-p", "framework=" + provider.name()));
    cmd.addAll(List.of("-p", "model=" + String.join(",", models())));
    List<String> files =
        options.modelSet().fileModels().stream().map(options.modelSet()::reference).toList();
    if (!files.isEmpty()) {
      cmd.addAll(List.of("-p", "modelFiles=" + String.join("|", files)));
    }
    cmd.addAll(List.of("-p", "threads=" + options.threads()));
    cmd.addAll(List.of("-p", "seed=" + options.seed()));
    cmd.addAll(List.of("-p", "batch=" + options.batch()));
    cmd.addAll(List.of("-bm", "sample", "-tu", "ms", "-t", "1"));
    cmd.addAll(
        List.of("-wi", String.valueOf(settings.warmupIterations()), "-w", settings.warmupTime()));
    cmd.addAll(
        List.of("-i", String.valueOf(settings.iterations()), "-r", settings.iterationTime()));
    cmd.addAll(List.of("-f", String.valueOf(settings.forks())));
    // Each fork gets the adapter's properties explicitly (a fork otherwise sees only the host's
    // flags).
    cmd.addAll(List.of("-jvmArgsAppend", String.join(" ", forkArgs)));
    cmd.addAll(settings.extraArgs());
    return cmd;
  }

  /**
   * Runs the JMH JVM, copying its output to the log and collecting its protocol lines.
   *
   * @return why JMH did not finish (null when it did) and the log's last lines
   */
  private Launch launch(
      FrameworkProvider provider,
      List<String> jmhClasspath,
      Path json,
      Path log,
      List<Protocol.Message> messages)
      throws IOException, InterruptedException {
    Files.deleteIfExists(json);
    List<String> cmd;
    try {
      cmd = command(provider, jmhClasspath, json);
    } catch (RuntimeException e) {
      Files.writeString(
          log, "# could not assemble the JMH command: " + e + "\n", StandardCharsets.UTF_8);
      return new Launch("could not assemble the JMH command: " + e.getMessage(), "");
    }
    ChildSpec spec =
        ChildSpec.builder()
            .setCommand(cmd)
            .optEnvironment(TrialLauncher.childEnvironment(provider, options.threads(), Device.CPU))
            .optLog(log)
            .optStderr(Output.MERGE)
            .optTimeout(Duration.ofMillis(Math.max(1, (long) (options.timeoutMinutes() * 60_000))))
            .optName("jmh-output-" + provider.name())
            .build();
    ChildProcess process;
    try {
      // every line goes to the log; protocol lines are collected as well
      process =
          ChildProcess.start(
              spec,
              (source, line) -> {
                Protocol.decode(line)
                    .ifPresent(
                        m -> {
                          synchronized (messages) {
                            messages.add(m);
                          }
                        });
                return false;
              });
    } catch (ChildLogException e) {
      throw e.getCause();
    } catch (IOException e) {
      return new Launch("could not start the JMH JVM: " + e.getMessage(), "");
    }
    ChildResult ended = process.waitFor();
    String lastLines = ended.lastLinesText();
    if (ended.reason().timedOut()) {
      return new Launch(
          String.format(
              Locale.ROOT,
              "%s: JMH did not finish within the %.1f-minute" + " timeout (-Dtimeout); killed",
              TrialStatus.TIMEOUT,
              options.timeoutMinutes()),
          lastLines);
    }
    int code = ended.exitCode();
    if (code != 0) {
      return new Launch(
          TrialStatus.FAILED
              + ": JMH exited with code "
              + code
              + Signals.note(code)
              + "; last log lines: "
              + lastLines,
          lastLines);
    }
    return new Launch(null, lastLines);
  }

  /** What one JMH JVM left: why it did not finish (null when it did) and its log's last lines. */
  private record Launch(String failure, String lastLogLines) {}

  /**
   * One row of jmh.csv from the JMH JVM's messages.
   *
   * @param framework the adapter
   * @param model the model
   * @param benchmark the benchmark method
   * @param messages every message the JMH JVM sent
   * @param failure why the JMH JVM failed as a whole, or null
   * @return column ({@link JmhColumn#header()}) to text
   */
  Map<String, String> row(
      String framework,
      String model,
      String benchmark,
      List<Protocol.Message> messages,
      String failure) {
    Map<String, String> row = new LinkedHashMap<>();
    for (String c : JmhColumn.HEADERS) {
      row.put(c, "");
    }
    put(row, JmhColumn.FRAMEWORK, framework);
    put(row, JmhColumn.BENCHMARK, benchmark);
    put(row, JmhColumn.BATCH, String.valueOf(batchOf(model, benchmark)));
    put(row, JmhColumn.MODE, "sample");
    put(row, JmhColumn.UNIT, "ms/op");
    put(row, JmhColumn.MODEL, model);
    put(row, JmhColumn.THREADS, String.valueOf(options.threads()));
    Protocol.Message result = null;
    Protocol.Message benchmarkFailure = null;
    for (Protocol.Message m : messages) {
      if (m.get("benchmark").equals(benchmark)) {
        if (m.type() == MessageType.JMH && m.get("param.model").equals(model)) {
          result = m;
        } else if (m.type() == MessageType.JMH_FAILURE) {
          benchmarkFailure = m;
        }
      }
    }
    if (result == null) {
      String reason =
          benchmarkFailure != null
              ? "benchmark failed: " + benchmarkFailure.get("reason")
              : failure != null
                  ? failure
                  : "JMH reported no result for this benchmark; see jmh-" + framework + ".log";
      put(row, JmhColumn.REASON, reason);
      return row;
    }
    put(row, JmhColumn.MODE, result.get("mode"));
    put(row, JmhColumn.UNIT, result.get("unit"));
    put(row, JmhColumn.SAMPLES, result.get("samples"));
    put(row, JmhColumn.MEDIAN, number(result.get("median")));
    put(row, JmhColumn.P99, number(result.get("p99")));
    put(row, JmhColumn.MEAN, number(result.get("mean")));
    put(row, JmhColumn.ERROR, number(result.get("error")));
    return row;
  }

  private static void put(Map<String, String> row, JmhColumn column, String text) {
    row.put(column.header(), text);
  }

  private static String summary(Map<String, String> row) {
    return String.format(
        Locale.ROOT,
        "median %s, p99 %s, mean %s ± %s %s (%s samples)",
        brief(row.get(JmhColumn.MEDIAN.header())),
        brief(row.get(JmhColumn.P99.header())),
        brief(row.get(JmhColumn.MEAN.header())),
        brief(row.get(JmhColumn.ERROR.header())),
        row.get(JmhColumn.UNIT.header()),
        row.get(JmhColumn.SAMPLES.header()));
  }

  private static String brief(String number) {
    return number.isEmpty() ? "-" : String.format(Locale.ROOT, "%.3f", Double.parseDouble(number));
  }

  /** The batch a benchmark runs at: 1 for {@code inferOne}, else the training batch size. */
  int batchOf(String model, String benchmark) {
    if (benchmark.equals("inferOne")) {
      return 1;
    }
    ModelSpec spec = options.entry(model).spec();
    return options.batch() > 0 ? options.batch() : spec.batchSize();
  }

  /** A number with 6 significant digits, or empty for NaN / missing. */
  static String number(String value) {
    double v;
    try {
      v = Double.parseDouble(value);
    } catch (NumberFormatException | NullPointerException e) {
      return "";
    }
    if (!Double.isFinite(v)) {
      return "";
    }
    return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }

  /** Concatenates the JSON arrays' elements into one array (JMH writes one array per run). */
  static void mergeJson(List<Path> files, Path target) throws IOException {
    List<String> bodies = new ArrayList<>();
    for (Path f : files) {
      String text = Files.readString(f, StandardCharsets.UTF_8).strip();
      if (text.startsWith("[") && text.endsWith("]")) {
        String body = text.substring(1, text.length() - 1).strip();
        if (!body.isEmpty()) {
          bodies.add(body);
        }
      }
    }
    Files.writeString(
        target,
        bodies.isEmpty() ? "[]\n" : "[\n" + String.join(",\n", bodies) + "\n]\n",
        StandardCharsets.UTF_8);
  }

  static void write(Path file, List<Map<String, String>> rows) throws IOException {
    try (CSVPrinter p =
        new CSVPrinter(
            Files.newBufferedWriter(file, StandardCharsets.UTF_8), ResultsStore.FORMAT)) {
      p.printRecord(JmhColumn.HEADERS);
      for (Map<String, String> r : rows) {
        List<String> values = new ArrayList<>();
        for (String c : JmhColumn.HEADERS) {
          values.add(r.getOrDefault(c, ""));
        }
        p.printRecord(values);
      }
    }
  }

  /**
   * The JMH module's class path: its jar (or classes folder) and the libraries its build listed.
   *
   * @param loader a loader that sees {@code cnn-bench-jmh}
   * @return class path entries, each checked to exist
   * @throws IllegalStateException if the module is not built
   */
  static List<String> jmhClasspath(ClassLoader loader) {
    URL url = loader.getResource(CLASSPATH_RESOURCE);
    if (url == null) {
      throw new IllegalStateException(
          "cnn-bench-jmh is not on the runner's class path (no "
              + CLASSPATH_RESOURCE
              + "); build it with 'mvn -DskipTests install' from the repository root");
    }
    Set<String> entries = new LinkedHashSet<>();
    entries.add(moduleRoot(url).toString());
    try (InputStream in = url.openStream()) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      for (String e : text.split(File.pathSeparator, -1)) {
        if (!e.isBlank()) {
          entries.add(e.strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String e : entries) {
      if (!Files.exists(Path.of(e))) {
        throw new IllegalStateException(
            "cnn-bench-jmh needs "
                + e
                + ", which does not exist; rebuild with"
                + " 'mvn -DskipTests install' from the repository root");
      }
    }
    return new ArrayList<>(entries);
  }

  /**
   * @param loader a loader that sees {@code cnn-bench-jmh}
   * @return the JMH module's {@code META-INF/BenchmarkList}, as the annotation processor wrote it
   */
  static String benchmarkList(ClassLoader loader) throws IOException {
    URL url = loader.getResource(CLASSPATH_RESOURCE);
    if (url == null) {
      throw new IllegalStateException("cnn-bench-jmh is not on the class path");
    }
    Path root = moduleRoot(url);
    if (Files.isDirectory(root)) {
      return Files.readString(root.resolve("META-INF/BenchmarkList"), StandardCharsets.UTF_8);
    }
    try (JarFile jar = new JarFile(root.toFile())) {
      ZipEntry entry = jar.getEntry("META-INF/BenchmarkList");
      if (entry == null) {
        throw new IllegalStateException(
            root + " has no META-INF/BenchmarkList: JMH's annotation processor" + " did not run");
      }
      try (InputStream in = jar.getInputStream(entry)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  /** The jar, or the classes folder, that holds a resource of {@code META-INF/cnn-bench/}. */
  private static Path moduleRoot(URL url) {
    try {
      if ("jar".equals(url.getProtocol())) {
        String spec = url.getPath();
        return Path.of(new URI(spec.substring(0, spec.indexOf("!/"))));
      }
      return Path.of(url.toURI()).getParent().getParent().getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("unexpected resource location " + url, e);
    }
  }
}
