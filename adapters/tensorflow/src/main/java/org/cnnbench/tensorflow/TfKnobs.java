package org.cnnbench.tensorflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.cnnbench.spi.OptionSpec;

/**
 * The TensorFlow settings that can be changed for an A/B measurement without editing code, each a
 * {@code -D} option of the run (adapters/tensorflow/README.md). Pure Java: the runner reads and
 * checks them in its own JVM and passes them to each trial (as system properties and environment
 * variables, so {@code environment.csv} records them); the trial's {@link TfSession} applies them.
 *
 * @param oneDnn {@code TF_ENABLE_ONEDNN_OPTS}: TensorFlow's oneDNN kernels (on by default on x86)
 * @param grappler which grappler optimizers run: all (the default), none, or all but some
 * @param xla XLA JIT on the CPU ({@code global_jit_level ON_1} and {@code --tf_xla_cpu_global_jit})
 * @param feed how batches become input tensors
 */
record TfKnobs(boolean oneDnn, Grappler grappler, boolean xla, Feed feed) {

  /** {@code -Dtensorflow.onednn=on|off}. */
  static final String ONEDNN = "tensorflow.onednn";

  /** {@code -Dtensorflow.grappler=default|off|no-<optimizer>,...}. */
  static final String GRAPPLER = "tensorflow.grappler";

  /** {@code -Dtensorflow.xla=off|on}. */
  static final String XLA = "tensorflow.xla";

  /** {@code -Dtensorflow.feed=per-step|reuse}. */
  static final String FEED = "tensorflow.feed";

  /** The settings in use when no option is given. */
  static final TfKnobs DEFAULTS = new TfKnobs(true, Grappler.DEFAULT, false, Feed.PER_STEP);

  private static final OptionSpec ONEDNN_OPTION =
      OptionSpec.choice(ONEDNN, "TensorFlow's oneDNN kernels (TF_ENABLE_ONEDNN_OPTS)", "on", "off");
  private static final OptionSpec GRAPPLER_OPTION =
      OptionSpec.choice(GRAPPLER, "which grappler graph optimizers run", "default")
          .withParser(List.of("default", "off", "no-<optimizer>,..."), v -> Grappler.parse(v).id());
  private static final OptionSpec XLA_OPTION =
      OptionSpec.choice(XLA, "XLA JIT compilation on the CPU (global_jit_level ON_1)", "on", "off")
          .withDefault("off");
  private static final OptionSpec FEED_OPTION =
      OptionSpec.choice(
          FEED,
          "how batches become input tensors: a new tensor per step, or one kept and overwritten",
          "per-step",
          "reuse");

  /** The declarations of the four options, read by the runner's option registry. */
  static final List<OptionSpec> OPTIONS =
      List.of(ONEDNN_OPTION, GRAPPLER_OPTION, XLA_OPTION, FEED_OPTION);

  /** How a training or evaluation batch is handed to the session. */
  enum Feed {
    /** A new input tensor per step, filled from the batch (the default). */
    PER_STEP("per-step"),
    /** One input tensor per batch size, kept and overwritten with each batch. */
    REUSE("reuse");

    private final String id;

    Feed(String id) {
      this.id = id;
    }

    /**
     * @return the option value, e.g. {@code per-step}
     */
    String id() {
      return id;
    }
  }

  /**
   * The grappler optimizers that can be switched off one by one (fields of {@code RewriterConfig}).
   */
  enum Optimizer {
    LAYOUT("layout"),
    CONSTFOLD("constfold"),
    SHAPE("shape"),
    REMAPPING("remapping"),
    ARITHMETIC("arithmetic"),
    DEPENDENCY("dependency"),
    LOOP("loop"),
    FUNCTION("function");

    private final String id;

    Optimizer(String id) {
      this.id = id;
    }

    /**
     * @return the name after {@code no-} in the option, e.g. {@code remapping}
     */
    String id() {
      return id;
    }
  }

  /**
   * Which grappler optimizers run.
   *
   * @param off true to switch the whole meta-optimizer off
   * @param disabled optimizers switched off (empty with {@code off})
   */
  record Grappler(boolean off, List<Optimizer> disabled) {

    /** TensorFlow's own choice: every default optimizer on. */
    static final Grappler DEFAULT = new Grappler(false, List.of());

    Grappler {
      disabled = List.copyOf(disabled);
    }

    /**
     * @return the option value, e.g. {@code default}, {@code off}, {@code no-layout,no-remapping}
     */
    String id() {
      if (off) {
        return "off";
      }
      return disabled.isEmpty()
          ? "default"
          : disabled.stream().map(o -> "no-" + o.id()).collect(Collectors.joining(","));
    }

    static Grappler parse(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (v.equals("default")) {
        return DEFAULT;
      }
      if (v.equals("off")) {
        return new Grappler(true, List.of());
      }
      List<Optimizer> disabled = new ArrayList<>();
      for (String part : v.split(",", -1)) {
        Optimizer found = null;
        for (Optimizer o : Optimizer.values()) {
          if (part.trim().equals("no-" + o.id())) {
            found = o;
          }
        }
        if (found == null) {
          throw new IllegalArgumentException(
              "-D"
                  + GRAPPLER
                  + "="
                  + value
                  + ": '"
                  + part.trim()
                  + "' is not a grappler setting; valid: default, off, or a comma list of "
                  + Arrays.stream(Optimizer.values())
                      .map(o -> "no-" + o.id())
                      .collect(Collectors.joining(", ")));
        }
        if (disabled.contains(found)) {
          throw new IllegalArgumentException(
              "-D" + GRAPPLER + "=" + value + " names no-" + found.id() + " twice");
        }
        disabled.add(found);
      }
      return new Grappler(false, disabled);
    }
  }

  /**
   * @return the settings of this JVM's system properties
   */
  static TfKnobs fromSystemProperties() {
    return from(System::getProperty);
  }

  /**
   * @param property the value of a property, or null when it is not set
   * @return the settings
   * @throws IllegalArgumentException naming the option and listing its valid values
   */
  static TfKnobs from(UnaryOperator<String> property) {
    return new TfKnobs(
        ONEDNN_OPTION.value(property).equals("on"),
        Grappler.parse(GRAPPLER_OPTION.value(property)),
        XLA_OPTION.value(property).equals("on"),
        Arrays.stream(Feed.values())
            .filter(f -> f.id.equals(FEED_OPTION.value(property)))
            .findFirst()
            .orElseThrow());
  }

  /**
   * @return the system properties that carry these settings to a trial's JVM (all of them, defaults
   *     too)
   */
  Map<String, String> systemProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(ONEDNN, oneDnn ? "on" : "off");
    p.put(GRAPPLER, grappler.id());
    p.put(XLA, xla ? "on" : "off");
    p.put(FEED, feed.id());
    return p;
  }

  /**
   * @return the environment variables TensorFlow reads for these settings: {@code
   *     TF_ENABLE_ONEDNN_OPTS} and {@code TF_XLA_FLAGS} (empty with XLA off, so that a value in the
   *     user's shell does not reach the trial unrecorded; on the CPU {@code global_jit_level} alone
   *     compiles nothing)
   */
  Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TF_ENABLE_ONEDNN_OPTS", oneDnn ? "1" : "0");
    env.put("TF_XLA_FLAGS", xla ? "--tf_xla_cpu_global_jit" : "");
    return env;
  }

  /**
   * @return one line for provenance, e.g. {@code onednn=on grappler=default xla=off feed=per-step}
   */
  String describe() {
    return systemProperties().entrySet().stream()
        .map(e -> e.getKey().substring("tensorflow.".length()) + "=" + e.getValue())
        .collect(Collectors.joining(" "));
  }
}
