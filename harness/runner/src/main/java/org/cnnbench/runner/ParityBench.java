package org.cnnbench.runner;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.commons.csv.CSVPrinter;
import org.cnnbench.reference.ReferenceForward;
import org.cnnbench.results.MessageType;
import org.cnnbench.results.ParityColumn;
import org.cnnbench.results.TrialStatus;
import org.cnnbench.runner.store.ResultsStore;
import org.cnnbench.spec.Layer;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.trial.ParityMain;
import org.cnnbench.weights.InitialWeights;

/**
 * {@code -Dbench=parity}: proves that the frameworks compute the same network. Each framework's
 * process starts from the shared initial weights and one fixed batch; the runner compares, against
 * a reference framework, the forward outputs, the weights after one SGD step and after one Adam
 * step; the reference's forward pass is compared with the plain-Java implementation. Results go to
 * {@code results/<run-id>/parity.csv}.
 */
final class ParityBench {

  /** Largest accepted |difference| in fp32 on CPU. */
  static final double TOLERANCE = 1e-4;

  private static final String JAVA_REFERENCE = "java-reference";

  private final BenchOptions options;
  private final Map<String, FrameworkProvider> providers;
  private final PrintStream console;

  ParityBench(BenchOptions options, Map<String, FrameworkProvider> providers, PrintStream console) {
    this.options = options;
    this.providers = providers;
    this.console = console;
  }

  /** One row of parity.csv. */
  record Row(
      String model,
      String framework,
      String reference,
      String check,
      double maxAbsDiff,
      boolean pass,
      String reason) {}

  /**
   * The models checked: those of {@code -Dmodels} and {@code -Dmodel.file}; without either, the
   * catalogue.
   */
  List<String> models() {
    List<String> files = options.modelSet().fileModels();
    if (options.models().isEmpty() && files.isEmpty()) {
      return ModelCatalog.names();
    }
    List<String> out = new ArrayList<>(options.models());
    files.stream().filter(f -> !out.contains(f)).forEach(out::add);
    return out;
  }

  int batchSize() {
    return options.batch() > 0 ? options.batch() : 8;
  }

  /**
   * Runs every framework's probe and writes parity.csv.
   *
   * @param runDir the run folder
   * @return the rows
   */
  List<Row> run(Path runDir) throws IOException, InterruptedException {
    Path work = runDir.resolve("parity");
    Files.createDirectories(work);
    String reference =
        providers.containsKey("pytorch") ? "pytorch" : providers.keySet().iterator().next();
    for (String model : models()) {
      // paritySpec changes exactly the models with a dropout layer
      if (options.entry(model).spec().layers().stream().anyMatch(l -> l instanceof Layer.Dropout)) {
        console.println("parity: " + model + ": " + ParityMain.DROPOUT_MODE);
      }
    }
    TrialLauncher launcher =
        new TrialLauncher(options.childHeap(), (long) (options.timeoutMinutes() * 60_000));
    Map<String, Map<String, String>> failures = new LinkedHashMap<>();
    for (FrameworkProvider provider : providers.values()) {
      Properties p = new Properties();
      p.setProperty("framework", provider.name());
      p.setProperty("models", String.join(",", models()));
      List<String> files = new ArrayList<>();
      for (String model : models()) {
        options
            .modelSet()
            .file(model)
            .ifPresent(f -> files.add(options.modelSet().path(model) + "#" + f.sha256()));
      }
      p.setProperty("model_files", String.join(",", files));
      p.setProperty("seed", String.valueOf(options.seed()));
      p.setProperty("batch", String.valueOf(batchSize()));
      p.setProperty("threads", String.valueOf(options.threads()));
      p.setProperty("out", work.toAbsolutePath().toString());
      Path config = work.resolve(provider.name() + ".properties");
      try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
        p.store(w, "cnn-bench parity probe");
      }
      Map<String, String> perModel = new LinkedHashMap<>();
      console.println("parity: " + provider.name() + " on " + String.join(", ", models()));
      TrialLauncher.Outcome outcome =
          launcher.run(
              provider,
              options.threads(),
              ParityMain.class.getName(),
              config,
              work.resolve(provider.name() + ".log"),
              message -> {
                if (message.type() == MessageType.PARITY
                    && !TrialStatus.OK.name().equals(message.get("status"))) {
                  perModel.put(message.get("model"), message.get("reason"));
                }
              });
      if (!outcome.status().isOk()) {
        for (String model : models()) {
          perModel.putIfAbsent(model, outcome.status() + ": " + outcome.reason());
        }
      }
      failures.put(provider.name(), perModel);
    }
    List<Row> rows = new ArrayList<>();
    for (String model : models()) {
      rows.addAll(compareModel(model, reference, work, failures));
    }
    write(runDir.resolve("parity.csv"), rows);
    return rows;
  }

  private List<Row> compareModel(
      String model, String reference, Path work, Map<String, Map<String, String>> failures)
      throws IOException {
    List<Row> rows = new ArrayList<>();
    String refFailure = failures.get(reference).get(model);
    Probe ref =
        refFailure == null ? Probe.read(work.resolve(reference + "-" + model + ".bin")) : null;
    ModelSpec spec = ParityMain.paritySpec(options.entry(model).spec().withSeed(options.seed()));
    if (ref != null) {
      Batch batch = ParityMain.batch(spec, batchSize(), spec.seed());
      float[] expected =
          ReferenceForward.forward(
              spec,
              InitialWeights.glorotUniform(spec, spec.seed()),
              batch.features(),
              batch.size());
      rows.add(row(model, reference, JAVA_REFERENCE, "forward", expected, ref.arrays().get(0)));
    } else {
      rows.add(
          new Row(
              model,
              reference,
              JAVA_REFERENCE,
              "forward",
              Double.NaN,
              false,
              "reference probe failed: " + refFailure));
    }
    List<String> checks = new ArrayList<>(List.of("forward"));
    checks.addAll(ParityMain.steps().keySet());
    for (String framework : providers.keySet()) {
      if (framework.equals(reference)) {
        continue;
      }
      String failure = failures.get(framework).get(model);
      if (failure != null || ref == null) {
        for (String check : checks) {
          rows.add(
              new Row(
                  model,
                  framework,
                  reference,
                  check,
                  Double.NaN,
                  false,
                  failure != null
                      ? "probe failed: " + failure
                      : "reference probe failed: " + refFailure));
        }
        continue;
      }
      Probe probe = Probe.read(work.resolve(framework + "-" + model + ".bin"));
      for (int i = 0; i < checks.size(); i++) {
        rows.add(
            row(
                model,
                framework,
                reference,
                checks.get(i),
                ref.arrays().get(i),
                probe.arrays().get(i)));
      }
    }
    return rows;
  }

  static Row row(
      String model,
      String framework,
      String reference,
      String check,
      float[] expected,
      float[] actual) {
    if (expected.length != actual.length) {
      return new Row(
          model,
          framework,
          reference,
          check,
          Double.NaN,
          false,
          "sizes differ: " + actual.length + " values, reference " + expected.length);
    }
    double max = 0;
    int beyond = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = Math.abs((double) expected[i] - actual[i]);
      if (!(d <= TOLERANCE)) {
        beyond++;
      }
      max = Double.isNaN(d) ? Double.NaN : Math.max(max, d);
    }
    boolean pass = beyond == 0;
    String reason =
        pass
            ? ""
            : String.format(
                Locale.ROOT,
                "%d of %d values differ by more than %s",
                beyond,
                expected.length,
                TOLERANCE);
    return new Row(model, framework, reference, check, max, pass, reason);
  }

  static void write(Path file, List<Row> rows) throws IOException {
    try (CSVPrinter p =
        new CSVPrinter(
            Files.newBufferedWriter(file, StandardCharsets.UTF_8), ResultsStore.FORMAT)) {
      p.printRecord(ParityColumn.HEADERS);
      for (Row r : rows) {
        List<String> values = new ArrayList<>();
        for (ParityColumn c : ParityColumn.values()) {
          values.add(
              switch (c) {
                case MODEL -> r.model();
                case FRAMEWORK -> r.framework();
                case REFERENCE -> r.reference();
                case CHECK -> r.check();
                case MAX_ABS_DIFF ->
                    Double.isNaN(r.maxAbsDiff())
                        ? ""
                        : String.format(Locale.ROOT, "%.3e", r.maxAbsDiff());
                case TOLERANCE -> String.format(Locale.ROOT, "%.0e", TOLERANCE);
                case PASS -> String.valueOf(r.pass());
                case REASON -> r.reason();
              });
        }
        p.printRecord(values);
      }
    }
  }

  /** What one framework's probe wrote for one model. */
  record Probe(List<float[]> arrays) {
    static Probe read(Path file) throws IOException {
      try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
        int n = in.readInt();
        List<float[]> arrays = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          float[] a = new float[in.readInt()];
          for (int j = 0; j < a.length; j++) {
            a[j] = in.readFloat();
          }
          arrays.add(a);
        }
        return new Probe(arrays);
      }
    }
  }
}
