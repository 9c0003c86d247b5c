package org.cnnbench.runner;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.Frameworks;
import org.cnnbench.spi.OptionSpec;
import org.cnnbench.spi.OptionSpec.Scope;

/**
 * Every {@code -D} option cnn-bench reads, each declared once: the runner's own here, each
 * dataset's by its provider, each framework's by its provider ({@link
 * FrameworkProvider#options()}). What a run records ({@code run.properties}), what {@code -Dresume}
 * restores and takes from the resuming command, what a plan's fingerprint hashes (so that shards of
 * other settings refuse to merge), the near-miss warning and the options table of the docs all read
 * it.
 *
 * <p>Adding an option: one line in {@link #RUNNER} (or in a provider's {@code options()}), then
 * read it from {@link BenchOptions#given()}; regenerate the docs table with {@link
 * #main(String[])}.
 */
public final class OptionRegistry {

  /** The runner's own options, in the order of the options table. */
  static final List<OptionSpec> RUNNER =
      List.of(
          text(
              "bench",
              "all",
              "what to run: datasets to train on, or a mode; a comma list",
              BenchOptions.BENCHES),
          text(
              "frameworks",
              "all",
              "the adapters to run; a comma list",
              List.of("all", "<adapter>,...")),
          text(
              "models",
              "",
              "the catalogue models to train; not given: each dataset's default model",
              List.of("all", "<model>,...")),
          OptionSpec.choice(
              "device",
              "where trials run; auto adds the GPU when one is present",
              "auto",
              "cpu",
              "gpu",
              "all"),
          OptionSpec.choice(
              "profile",
              "the default epochs, samples and timeout: quick, or paper for the" + " full datasets",
              "quick",
              "paper"),
          OptionSpec.of(
              "epochs",
              OptionSpec.Type.POSITIVE_INT,
              "",
              "epochs of every trial; not given: the profile's"),
          OptionSpec.of(
              "batch", OptionSpec.Type.POSITIVE_INT, "", "batch size; not given: the model's"),
          OptionSpec.of(
              "samples",
              OptionSpec.Type.INTEGER,
              "",
              "cap on the training examples, 0 for none; not given:" + " the profile's"),
          OptionSpec.of(
              "model.file",
              OptionSpec.Type.TEXT,
              "",
              "JSON model files (cnn-bench spec or Keras Sequential) whose"
                  + " models join the plan of the datasets their shapes fit; a comma list"),
          OptionSpec.of(
                  "model.print",
                  OptionSpec.Type.TEXT,
                  "",
                  "with -Dbench=list: print the models of -Dmodels (or the"
                      + " model files) in the spec format; json")
              .in(Scope.RUN),
          OptionSpec.positiveInt(
              "repeats",
              3,
              "repetitions of every trial, each in its own JVM; the rounds"
                  + " interleave the frameworks in an order that changes from round to round"),
          OptionSpec.of(
              "threads",
              OptionSpec.Type.POSITIVE_INT,
              "",
              "intra-op threads pinned in every trial; not given:" + " the machine's cores"),
          OptionSpec.of(
              "seed",
              OptionSpec.Type.INTEGER,
              "42",
              "seed of the initial weights and the data order"),
          OptionSpec.of(
              "timeout",
              OptionSpec.Type.NUMBER,
              "",
              "minutes per trial before it is killed; not given: 30" + " (quick) or 240 (paper)"),
          OptionSpec.of(
              "child.xmx",
              OptionSpec.Type.TEXT,
              "4g",
              "the -Xmx of every trial's JVM, e.g. 4g or 2048m"),
          OptionSpec.of(
              "lr",
              OptionSpec.Type.NUMBER,
              "",
              "the optimizer's learning rate; not given: each model's own"),
          OptionSpec.of("results.dir", OptionSpec.Type.PATH, "results", "where runs are written"),
          OptionSpec.of(
              "reports.dir", OptionSpec.Type.PATH, "reports", "where reports are written"),
          OptionSpec.of(
              "datasets.dir",
              OptionSpec.Type.PATH,
              "datasets",
              "where datasets are fetched and cached"),
          OptionSpec.of(
              "fruits.dir",
              OptionSpec.Type.PATH,
              "",
              "the fruits dataset, a folder of one folder per class"),
          OptionSpec.of(
              "fruits.test.dir", OptionSpec.Type.PATH, "", "a separate fruits test folder"),
          OptionSpec.of(
              "augment",
              OptionSpec.Type.BOOLEAN,
              "true",
              "the fruits training images' augmentation (flip," + " zoom 0.2, rotation 0.1)"),
          OptionSpec.of(
              "split.seed",
              OptionSpec.Type.INTEGER,
              "123",
              "seed of the fruits train/validation split"),
          OptionSpec.of(
              "memory.batches",
              OptionSpec.Type.TEXT,
              "16,32,64,128,256,512,1024",
              "-Dbench=memory: the batch" + " sizes of the sweep, increasing"),
          OptionSpec.of(
              "memory.cap",
              OptionSpec.Type.POSITIVE_INT,
              "",
              "-Dbench=memory: MiB of a trial's process tree"
                  + " beyond which it is stopped; not given: 75 % of the machine's memory"),
          OptionSpec.of(
              "memory.steps",
              OptionSpec.Type.POSITIVE_INT,
              "20",
              "-Dbench=memory: training steps per batch size"),
          OptionSpec.of(
              "jmh.quick",
              OptionSpec.Type.BOOLEAN,
              "false",
              "-Dbench=jmh with few short iterations"),
          OptionSpec.of(
              "jmh.args", OptionSpec.Type.TEXT, "", "extra JMH arguments for -Dbench=jmh"),
          OptionSpec.of(
                  "run",
                  OptionSpec.Type.TEXT,
                  "",
                  "the run -Dbench=report or compare reads; not given: the latest")
              .in(Scope.RUN),
          OptionSpec.of(
                  "baseline", OptionSpec.Type.TEXT, "", "the run -Dbench=compare compares against")
              .in(Scope.RUN),
          OptionSpec.of(
                  "compare.fail",
                  OptionSpec.Type.NUMBER,
                  "",
                  "with -Dbench=compare: exit 6 when a variant is"
                      + " significantly slower than the baseline by more than this percent")
              .in(Scope.RUN),
          OptionSpec.choice("report.lang", "the language of the report's titles", "en", "fr")
              .in(Scope.RUN),
          OptionSpec.of(
                  "resume",
                  OptionSpec.Type.TEXT,
                  "",
                  "a run id (or latest) to continue with its own options")
              .in(Scope.RUN),
          OptionSpec.of("shard", OptionSpec.Type.TEXT, "", "run slice K of N of the plan, e.g. 1/4")
              .in(Scope.RUN),
          OptionSpec.of(
                  "shards",
                  OptionSpec.Type.POSITIVE_INT,
                  "",
                  "the shard count -Dbench=list previews")
              .in(Scope.RUN),
          OptionSpec.of(
                  "runs",
                  OptionSpec.Type.TEXT,
                  "",
                  "the shard runs -Dbench=merge joins, a comma list")
              .in(Scope.RUN),
          OptionSpec.of(
                  "merge.mixed",
                  OptionSpec.Type.BOOLEAN,
                  "false",
                  "-Dbench=merge joins shards of different" + " machines, flagged in the report")
              .in(Scope.RUN),
          OptionSpec.of(
                  "verbose",
                  OptionSpec.Type.BOOLEAN,
                  "false",
                  "print the stack trace of a fatal error")
              .in(Scope.COMMAND));

  private static volatile OptionRegistry installed;

  /**
   * @param key one of the runner's own options ({@link #RUNNER})
   * @return its declared default, "" for none
   * @throws IllegalArgumentException if the runner declares no such option
   */
  static String runnerDefault(String key) {
    return RUNNER.stream()
        .filter(o -> o.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no runner option -D" + key))
        .defaultValue();
  }

  private final Map<String, OptionSpec> options;
  private final Map<String, String> readBy;

  private OptionRegistry(Map<String, OptionSpec> options, Map<String, String> readBy) {
    this.options = options;
    this.readBy = readBy;
  }

  /**
   * @param providers the framework adapters whose options join the runner's
   * @return the runner's, the datasets' and those adapters' options
   * @throws IllegalStateException if two declarations of one key differ
   */
  static OptionRegistry of(Collection<FrameworkProvider> providers) {
    Map<String, OptionSpec> options = new LinkedHashMap<>();
    Map<String, String> readBy = new LinkedHashMap<>();
    for (OptionSpec o : RUNNER) {
      add(options, readBy, o, "cnn-bench");
    }
    for (String key : DatasetNames.options()) {
      if (!options.containsKey(key)) {
        add(
            options,
            readBy,
            OptionSpec.of(key, OptionSpec.Type.TEXT, "", "an option of a dataset"),
            "cnn-bench");
      }
    }
    for (FrameworkProvider p : providers) {
      for (OptionSpec o : p.options()) {
        add(options, readBy, o, p.name());
      }
    }
    return new OptionRegistry(options, readBy);
  }

  private static void add(
      Map<String, OptionSpec> options, Map<String, String> readBy, OptionSpec o, String owner) {
    OptionSpec known = options.get(o.key());
    if (known == null) {
      options.put(o.key(), o);
      readBy.put(o.key(), owner);
    } else if (known.type() == o.type()
        && known.values().equals(o.values())
        && known.defaultValue().equals(o.defaultValue())
        && known.scope() == o.scope()) {
      readBy.put(o.key(), readBy.get(o.key()) + ", " + owner);
    } else {
      throw new IllegalStateException(
          "-D"
              + o.key()
              + " is declared twice, differently, by "
              + readBy.get(o.key())
              + " and "
              + owner);
    }
  }

  /**
   * @return the options of the runner, the datasets and every adapter on the class path
   */
  public static OptionRegistry installed() {
    OptionRegistry r = installed;
    if (r == null) {
      r = of(Frameworks.available());
      installed = r;
    }
    return r;
  }

  /**
   * @return every key, in table order
   */
  public List<String> keys() {
    return List.copyOf(options.keySet());
  }

  /**
   * @return the declaration of a key, or null if cnn-bench does not read it
   */
  OptionSpec get(String key) {
    return options.get(key);
  }

  /**
   * @return true if the key names a place that a resumed run takes from the resuming command
   */
  boolean place(String key) {
    OptionSpec o = options.get(key);
    return o != null && o.place();
  }

  /**
   * @param key a recorded option
   * @return true unless the registry declares it outside a plan's fingerprint; an option it does
   *     not know (recorded by another version) counts
   */
  public boolean inFingerprint(String key) {
    OptionSpec o = options.get(key);
    return o == null || o.inFingerprint();
  }

  /**
   * @return the options the framework adapters declare
   */
  List<OptionSpec> frameworkOptions() {
    return options.values().stream().filter(o -> !readBy.get(o.key()).equals("cnn-bench")).toList();
  }

  /**
   * Checks the given framework options, in the same way for every adapter.
   *
   * @param given the given options
   * @return the given options with each framework option as recorded (e.g. {@code OFF} as {@code
   *     off})
   * @throws OptionException naming the option and listing its valid values
   */
  Map<String, String> checkFrameworkOptions(Map<String, String> given) {
    Map<String, String> out = new LinkedHashMap<>(given);
    for (OptionSpec o : frameworkOptions()) {
      if (given.containsKey(o.key())) {
        try {
          out.put(o.key(), o.parse(given.get(o.key())));
        } catch (IllegalArgumentException e) {
          throw new OptionException(e.getMessage());
        }
      }
    }
    return out;
  }

  /**
   * Makes the run's framework options those of this JVM: each given one is set as a system
   * property, each other one cleared, so that the adapters, which read {@link OptionSpec#value()},
   * compute the trials' settings from the run's options, also when a run is resumed by a command
   * without them.
   *
   * @param given the run's options
   */
  void applyFrameworkOptions(Map<String, String> given) {
    for (OptionSpec o : frameworkOptions()) {
      String v = given.get(o.key());
      if (v == null) {
        System.clearProperty(o.key());
      } else {
        System.setProperty(o.key(), v);
      }
    }
  }

  /**
   * The options table of the docs: one row per option, rendered from the declarations.
   *
   * @return a Markdown table
   */
  String markdownTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| Option | Read by | Values | Default | What it sets |\n");
    sb.append("|---|---|---|---|---|\n");
    for (OptionSpec o : options.values()) {
      String note =
          switch (o.scope()) {
            case PLAN -> "";
            case RUN -> " Not part of the plan's fingerprint.";
            case PLACE -> " A place: -Dresume takes it from the resuming command.";
            case COMMAND -> " This command only: not recorded with the run.";
          };
      sb.append("| `-D")
          .append(o.key())
          .append("` | ")
          .append(readBy.get(o.key()))
          .append(" | ")
          .append(cell(o.validValues()))
          .append(" | ")
          .append(o.defaultValue().isEmpty() ? "–" : "`" + o.defaultValue() + "`")
          .append(" | ")
          .append(cell(o.help()))
          .append('.')
          .append(note)
          .append(" |\n");
    }
    return sb.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
  }

  /**
   * Prints the options table of the docs ({@code docs/options.md}, between its {@code
   * options-table} markers), from the options of the adapters on the class path.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.out.print(installed().markdownTable());
  }

  private static OptionSpec text(
      String key, String defaultValue, String help, List<String> values) {
    return OptionSpec.of(key, OptionSpec.Type.TEXT, defaultValue, help)
        .withValues(new ArrayList<>(values));
  }
}
