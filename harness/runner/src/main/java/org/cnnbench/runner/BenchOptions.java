package org.cnnbench.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.cnnbench.runner.mode.Verb;
import org.cnnbench.runner.shard.Sharding;
import org.cnnbench.spec.CatalogEntry;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spec.SpecException;
import org.cnnbench.spec.json.ModelSet;
import org.cnnbench.spi.OptionSpec;

/**
 * The options of one invocation, parsed from {@code -D} system properties and validated before any
 * work starts.
 *
 * @param benches what to run, e.g. {@code [mnist, fruits]} or {@code [list]}
 * @param frameworks adapter names
 * @param models catalogue model names; empty means each dataset's default model
 * @param device auto, cpu, gpu or all
 * @param profile quick or paper
 * @param epochs epochs override, 0 for the profile's
 * @param batch batch size override, 0 for the model's
 * @param samples training-example cap override, -1 for the profile's, 0 for none
 * @param repeats repetitions of every trial
 * @param threads intra-op threads pinned in every trial
 * @param seed seed of weights and data order
 * @param timeoutMinutes per-trial timeout in minutes (decimals allowed)
 * @param childHeap {@code -Xmx} of each trial's JVM
 * @param root the repository root
 * @param resultsDir where runs are written
 * @param reportsDir where reports are written
 * @param datasetsDir where datasets are fetched and cached
 * @param datasetOptions dataset options passed to trials ({@code fruits.dir}, {@code augment}, ...)
 * @param run run id for {@code -Dbench=report} and {@code compare}, empty for latest
 * @param baseline run id {@code -Dbench=compare} compares against
 * @param reportLanguage language of report titles, {@code en} or {@code fr}
 * @param resume run id (or {@code latest}) to continue, empty for a new run
 * @param given the cnn-bench options given explicitly, for the environment record
 * @param modelSet the catalogue and the models of {@code -Dmodel.file}, read and checked
 */
public record BenchOptions(
    List<String> benches,
    List<String> frameworks,
    List<String> models,
    String device,
    String profile,
    int epochs,
    int batch,
    int samples,
    int repeats,
    int threads,
    long seed,
    double timeoutMinutes,
    String childHeap,
    Path root,
    Path resultsDir,
    Path reportsDir,
    Path datasetsDir,
    Map<String, String> datasetOptions,
    String run,
    String baseline,
    String reportLanguage,
    String resume,
    Map<String, String> given,
    ModelSet modelSet) {

  /** Values of {@code -Dbench=}: {@code all}, every dataset found, then the other modes. */
  public static final List<String> BENCHES = DatasetNames.benches(List.of("all"), Verb.ids());

  private static final List<String> DATASET_OPTIONS = DatasetNames.options();

  /** Copies the collections. */
  public BenchOptions {
    benches = List.copyOf(benches);
    frameworks = List.copyOf(frameworks);
    models = List.copyOf(models);
    datasetOptions = Collections.unmodifiableMap(new LinkedHashMap<>(datasetOptions));
    given = Collections.unmodifiableMap(new LinkedHashMap<>(given));
  }

  /**
   * Parses and validates.
   *
   * @param props system properties
   * @param builtFrameworks names of the adapters found on the class path
   * @param root repository root
   * @return the options
   * @throws OptionException listing the valid values of the first bad option
   */
  public static BenchOptions parse(Properties props, List<String> builtFrameworks, Path root) {
    OptionRegistry registry = OptionRegistry.installed();
    Map<String, String> read = new LinkedHashMap<>();
    for (String key : registry.keys()) {
      String v = props.getProperty(key);
      if (v != null && registry.get(key).recorded()) {
        read.put(key, v.trim());
      }
    }
    Map<String, String> given = registry.checkFrameworkOptions(read);
    List<String> benches = list(given.getOrDefault("bench", "all"), "bench", BENCHES);
    Sharding.validate(given);
    if (benches.contains("all")) {
      Set<String> expanded = new LinkedHashSet<>();
      for (String b : benches) {
        if (b.equals("all")) {
          expanded.addAll(DatasetNames.defaults());
        } else {
          expanded.add(b);
        }
      }
      benches = new ArrayList<>(expanded);
    }
    if (builtFrameworks.isEmpty()) {
      throw new OptionException(
          "no framework adapter is built; run 'mvn -DskipTests install' first");
    }
    String fw = given.getOrDefault("frameworks", "all");
    List<String> frameworks =
        fw.equalsIgnoreCase("all")
            ? List.copyOf(builtFrameworks)
            : list(fw, "frameworks", builtFrameworks);
    ModelSet modelSet = modelFiles(given, root, benches);
    List<String> models = new ArrayList<>();
    String m = given.getOrDefault("models", "");
    if (m.equalsIgnoreCase("all")) {
      for (CatalogEntry e : ModelCatalog.entries()) {
        if (DatasetNames.trainedBy(benches, e.name()) != null) {
          models.add(e.name());
        }
      }
    } else if (!m.isEmpty()) {
      models =
          list(
              m, "models", modelSet.names().stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
      models =
          models.stream()
              .map(
                  n ->
                      modelSet.names().stream()
                          .filter(k -> k.equalsIgnoreCase(n))
                          .findFirst()
                          .orElse(n))
              .toList();
      for (String name : models) {
        if (modelSet.file(name).isPresent()) {
          continue; // checked with the files
        }
        String dataset = DatasetNames.fitting(name);
        if (DatasetNames.trainedBy(benches, name) == null
            && !benches.contains("list")
            && !benches.contains("report")
            && !benches.contains("parity")
            && !benches.contains("jmh")
            && !((benches.contains("threads") || benches.contains("memory"))
                && DatasetNames.fits("mnist", name))) {
          throw new OptionException(
              "model '"
                  + name
                  + "' trains on "
                  + dataset
                  + ", which -Dbench="
                  + String.join(",", benches)
                  + " does not include; add -Dbench="
                  + dataset);
        }
      }
    }
    String device = choice(given, "device");
    String profile = choice(given, "profile");
    int epochs = integer(given, "epochs", 0, 1);
    int batch = integer(given, "batch", 0, 1);
    int samples = integer(given, "samples", -1, 0);
    int repeats =
        integer(given, "repeats", Integer.parseInt(OptionRegistry.runnerDefault("repeats")), 1);
    int threads = integer(given, "threads", Runtime.getRuntime().availableProcessors(), 1);
    long seed;
    try {
      seed = Long.parseLong(given.getOrDefault("seed", "42"));
    } catch (NumberFormatException e) {
      throw new OptionException("-Dseed must be an integer, got '" + given.get("seed") + "'");
    }
    double timeout = profile.equals("paper") ? 240 : 30;
    if (given.containsKey("timeout")) {
      try {
        timeout = Double.parseDouble(given.get("timeout"));
      } catch (NumberFormatException e) {
        timeout = -1;
      }
      if (!(timeout > 0)) {
        throw new OptionException(
            "-Dtimeout is minutes per trial and must be positive, got '"
                + given.get("timeout")
                + "'");
      }
    }
    if (given.containsKey("lr")) {
      learningRate(given);
    }
    if (given.containsKey("compare.fail")) {
      if (!benches.contains("compare")) {
        throw new OptionException(
            "-Dcompare.fail is the slowdown in percent that fails -Dbench=compare;"
                + " add -Dbench=compare -Dbaseline=<run-id>, or leave -Dcompare.fail out");
      }
      compareFailPercent(given);
    }
    MemorySweep.Settings.parse(given);
    String heap = given.getOrDefault("child.xmx", "4g");
    if (!heap.matches("[0-9]+[kmgKMG]?")) {
      throw new OptionException("-Dchild.xmx must look like 4g or 2048m, got '" + heap + "'");
    }
    Path results = root.resolve(given.getOrDefault("results.dir", "results"));
    Path reports = root.resolve(given.getOrDefault("reports.dir", "reports"));
    Path datasets = root.resolve(given.getOrDefault("datasets.dir", "datasets"));
    Map<String, String> datasetOptions = new LinkedHashMap<>();
    for (String key : DATASET_OPTIONS) {
      if (given.containsKey(key)) {
        String value = given.get(key);
        if (key.endsWith(".dir")) {
          value = root.resolve(value).toAbsolutePath().normalize().toString();
        }
        datasetOptions.put(key, value);
      }
    }
    if (given.containsKey("augment")) {
      one(given.get("augment"), "augment", List.of("true", "false"));
    }
    return new BenchOptions(
        benches,
        frameworks,
        models,
        device,
        profile,
        epochs,
        batch,
        samples,
        repeats,
        threads,
        seed,
        timeout,
        heap,
        root,
        results,
        reports,
        datasets,
        datasetOptions,
        given.getOrDefault("run", ""),
        given.getOrDefault("baseline", ""),
        choice(given, "report.lang"),
        given.getOrDefault("resume", ""),
        given,
        modelSet);
  }

  /**
   * Reads the files of {@code -Dmodel.file} (relative to the repository root) before any work, and
   * checks that each model fits a dataset of {@code -Dbench} by its shapes.
   */
  private static ModelSet modelFiles(Map<String, String> given, Path root, List<String> benches) {
    if (given.containsKey("model.print")) {
      one(given.get("model.print"), "model.print", List.of("json"));
    }
    String value = given.getOrDefault("model.file", "");
    if (value.isEmpty()) {
      if (given.containsKey("model.file")) {
        throw new OptionException(
            "-Dmodel.file is empty; give one or more JSON files separated by commas,"
                + " e.g. -Dmodel.file=examples/models/fruit-cnn-keras3.json");
      }
      return ModelSet.catalogue();
    }
    List<Path> paths = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      if (!part.isBlank()) {
        paths.add(root.resolve(part.trim()));
      }
    }
    ModelSet set;
    try {
      set = ModelSet.of(paths);
    } catch (SpecException e) {
      throw new OptionException("-Dmodel.file: " + e.getMessage());
    }
    List<String> datasets = benches.stream().filter(b -> DatasetNames.all().contains(b)).toList();
    for (String name : set.fileModels()) {
      ModelSpec spec = set.entry(name).spec();
      String kind;
      try {
        kind = ModelSet.dataKind(spec);
      } catch (SpecException e) {
        throw new OptionException("-Dmodel.file: " + set.path(name) + ": " + e.getMessage());
      }
      if (!datasets.isEmpty() && datasets.stream().noneMatch(d -> fitsByShape(kind, d))) {
        throw new OptionException(
            "-Dmodel.file: "
                + set.path(name)
                + ": model '"
                + name
                + "' (input "
                + spec.input()
                + ", "
                + spec.outputUnits()
                + " output unit(s)) fits "
                + String.join(" and ", datasetsOf(kind))
                + ", which -Dbench="
                + String.join(",", benches)
                + " does not include; add -Dbench="
                + datasetsOf(kind).get(0));
      }
    }
    return set;
  }

  /** The datasets of a data kind of {@link ModelSet#dataKind}, among those found. */
  static List<String> datasetsOf(String kind) {
    return DatasetNames.all().stream().filter(d -> fitsByShape(kind, d)).toList();
  }

  private static boolean fitsByShape(String kind, String dataset) {
    return kind.equals("fruits")
        ? dataset.equals("fruits")
        : dataset.equals("mnist") || dataset.equals("fashion-mnist");
  }

  /**
   * @param dataset a dataset name
   * @param model a model name of {@link #modelSet()}
   * @return true if the model trains on the dataset: a catalogue model its provider lists, a file
   *     model whose shapes fit
   */
  public boolean fits(String dataset, String model) {
    if (modelSet.file(model).isPresent()) {
      return fitsByShape(ModelSet.dataKind(modelSet.entry(model).spec()), dataset);
    }
    return DatasetNames.fits(dataset, model);
  }

  /**
   * @param model a catalogue or file model name
   * @return the model with its quick settings
   */
  public CatalogEntry entry(String model) {
    return modelSet.entry(model);
  }

  /**
   * @return the optimizer's learning rate given with {@code -Dlr}, or 0 for each model's own
   */
  public double learningRate() {
    return learningRate(given);
  }

  private static double learningRate(Map<String, String> given) {
    String v = given.getOrDefault("lr", "");
    if (v.isEmpty()) {
      return 0;
    }
    double lr;
    try {
      lr = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      lr = Double.NaN;
    }
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new OptionException(
          "-Dlr is the optimizer's learning rate and must be a positive number, e.g."
              + " -Dlr=0.001, got '"
              + v
              + "'");
    }
    return lr;
  }

  /**
   * @return the slowdown in percent beyond which {@code -Dbench=compare} exits with {@link
   *     ExitCode#REGRESSION} ({@code -Dcompare.fail}), NaN when not given
   */
  public double compareFailPercent() {
    return compareFailPercent(given);
  }

  private static double compareFailPercent(Map<String, String> given) {
    String v = given.getOrDefault("compare.fail", "");
    if (v.isEmpty()) {
      return Double.NaN;
    }
    double percent;
    try {
      percent = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      percent = Double.NaN;
    }
    if (!(percent >= 0) || Double.isInfinite(percent)) {
      throw new OptionException(
          "-Dcompare.fail is a slowdown in percent (0 or more), e.g. -Dcompare.fail=10,"
              + " got '"
              + v
              + "'");
    }
    return percent;
  }

  /**
   * @return the datasets this invocation trains on, in order
   */
  public List<String> datasets() {
    List<String> d = new ArrayList<>();
    for (String b : benches) {
      if (DatasetNames.all().contains(b)) {
        d.add(b);
      }
    }
    if (d.isEmpty() && benches.contains("list")) {
      return DatasetNames.defaults();
    }
    return d;
  }

  /**
   * @return the options as a command line a user could type again
   */
  public String commandLine() {
    StringBuilder sb = new StringBuilder("mvn exec:java");
    given.forEach((k, v) -> sb.append(" -D").append(k).append('=').append(v));
    return sb.toString();
  }

  private static List<String> list(String value, String key, List<String> valid) {
    List<String> out = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      String v = one(p, key, valid);
      if (out.contains(v)) {
        throw new OptionException(
            "-D"
                + key
                + " lists '"
                + v
                + "' twice; give each value once, e.g. -D"
                + key
                + "="
                + String.join(
                    ",",
                    new LinkedHashSet<>(
                        Arrays.stream(value.split(","))
                            .map(x -> x.trim().toLowerCase(Locale.ROOT))
                            .filter(x -> !x.isEmpty())
                            .toList())));
      }
      out.add(v);
    }
    if (out.isEmpty()) {
      throw new OptionException("-D" + key + " is empty; valid: " + String.join(", ", valid));
    }
    return out;
  }

  /**
   * @return the value of one of the runner's {@link OptionSpec.Type#CHOICE} options, or its default
   */
  private static String choice(Map<String, String> given, String key) {
    OptionSpec spec = OptionRegistry.installed().get(key);
    return one(given.getOrDefault(key, spec.defaultValue()), key, spec.values());
  }

  private static String one(String value, String key, List<String> valid) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (!valid.contains(v)) {
      throw new OptionException(
          "unknown -D" + key + " value '" + value + "'; valid: " + String.join(", ", valid));
    }
    return v;
  }

  private static int integer(Map<String, String> given, String key, int fallback, int min) {
    String v = given.get(key);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min) {
        throw new OptionException("-D" + key + " must be at least " + min + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new OptionException("-D" + key + " must be an integer, got '" + v + "'");
    }
  }
}
