package org.cnnbench.results;

import java.util.List;

/**
 * The keys of {@code environment.csv}: the fixed ones as constants, the families (per framework,
 * per dataset and model, per shard of a merged run, per resumption) built by the static methods
 * here, so that the code writing a key and the code reading it spell it once.
 */
public enum EnvironmentKey {
  /** The run's id. */
  RUN_ID("run_id"),
  /** When the run started, ISO-8601. */
  START_TIME("start_time"),
  /** The command line that started the run. */
  COMMAND_LINE("command_line"),
  /** The options profile. */
  PROFILE("cnnbench.profile"),
  /** Pinned intra-op threads of every trial. */
  THREADS("cnnbench.threads"),
  /** The seed of the initial weights and the data order. */
  SEED("cnnbench.seed"),
  /** Repetitions per trial. */
  REPEATS("cnnbench.repeats"),
  /** A trial's time limit, minutes. */
  TIMEOUT_MINUTES("cnnbench.timeout_minutes"),
  /** The heap of a trial's JVM. */
  CHILD_HEAP("cnnbench.child_heap"),
  /** The devices asked for. */
  DEVICE("cnnbench.device"),
  /** The learning rate, when one was given. */
  LEARNING_RATE("cnnbench.learning_rate"),
  /** The dataset options. */
  DATASET_OPTIONS("cnnbench.dataset_options"),
  /** Operating system, version and architecture. */
  OS("os"),
  /** The CPU's model name. */
  CPU_MODEL("cpu.model"),
  /** Available processors. */
  CPU_CORES("cpu.cores"),
  /** Total memory, MiB. */
  MEMORY_TOTAL_MB("memory.total_mb"),
  /** Whether a GPU was found. */
  GPU_PRESENT("gpu.present"),
  /** The GPU's name. */
  GPU_NAME("gpu.name"),
  /** The runner's JVM. */
  JVM("jvm"),
  /** The runner's JVM's vendor. */
  JVM_VENDOR("jvm.vendor"),
  /** Engine variables inherited from the shell, or {@code none}. */
  INHERITED_ENVIRONMENT("inherited_environment"),
  /** The checkout's commit. */
  GIT_COMMIT("git.commit"),
  /** Whether the checkout had uncommitted changes. */
  GIT_DIRTY("git.dirty"),
  /** The build stamps of the adapters, or why they are unavailable. */
  BUILD_STAMPS("build.stamps"),
  /** A merged run: the shard runs it was merged from, comma-separated. */
  MERGE_RUNS("merge.runs"),
  /** A merged run: the number of shards. */
  MERGE_SHARDS("merge.shards"),
  /** A merged run: the plan's fingerprint. */
  MERGE_PLAN_FINGERPRINT("merge.plan_fingerprint"),
  /** A merged run: how trials were balanced over shards. */
  MERGE_BALANCE("merge.balance"),
  /** A merged run: whether its shards ran on different machines. */
  MERGE_MIXED_MACHINES("merge.mixed_machines"),
  /** A merged run: the machine facts that differ between shards. */
  MERGE_DIFFERENCES("merge.differences");

  /**
   * A fact a framework's provider or trial records about itself, under {@code framework.<name>.}.
   * The ones a merge compares between shards are marked.
   */
  public enum FrameworkFact {
    /** Its name for people. */
    DISPLAY_NAME("display_name", false),
    /** Its capabilities. */
    CAPABILITIES("capabilities", false),
    /** The environment variables of its trial processes on the CPU. */
    CHILD_ENVIRONMENT("child_environment", false),
    /** The environment variables of its trial processes on the GPU. */
    CHILD_ENVIRONMENT_GPU("child_environment_gpu", false),
    /** The system properties of its trial processes. */
    CHILD_PROPERTIES("child_properties", false),
    /**
     * Its own {@code -D} options in force for the run (given, restored by a resume, or defaults).
     */
    OPTIONS("options", false),
    /** The jars on its trial class path. */
    ARTIFACTS("artifacts", true),
    /** The native build a trial loaded (recorded per device). */
    NATIVE_BUILD("native_build", false),
    /** A trial's native jars (recorded per device). */
    NATIVE_JARS("native.jars", true),
    /** A trial's BLAS library (recorded per device). */
    BLAS("blas", true),
    /** A trial's backend (recorded per device). */
    BACKEND("backend", true),
    /** Any version a trial reports ({@code torch.version}, {@code framework.version}...). */
    VERSION("version", true);

    private final String suffix;
    private final boolean machineFact;

    FrameworkFact(String suffix, boolean machineFact) {
      this.suffix = suffix;
      this.machineFact = machineFact;
    }

    /**
     * @return the last part of the key, e.g. {@code child_environment}
     */
    public String suffix() {
      return suffix;
    }
  }

  private static final String FRAMEWORK = "framework.";
  private static final String DATASET = "dataset.";

  /** The facts of every framework that a merge compares between shards. */
  static final List<FrameworkFact> MACHINE_FACTS =
      List.of(FrameworkFact.values()).stream().filter(f -> f.machineFact).toList();

  private final String key;

  EnvironmentKey(String key) {
    this.key = key;
  }

  /**
   * @return the key as written in {@code environment.csv}, e.g. {@code git.commit}
   */
  public String key() {
    return key;
  }

  /**
   * @param framework an adapter's name
   * @param fact what is recorded
   * @return {@code framework.<name>.<fact>}
   */
  public static String framework(String framework, FrameworkFact fact) {
    return FRAMEWORK + framework + "." + fact.suffix();
  }

  /**
   * @param framework an adapter's name
   * @param device {@code cpu} or {@code gpu}
   * @param field a field of the trial's environment message, e.g. {@code torch.version}
   * @return {@code framework.<name>.<device>.<field>}
   */
  public static String framework(String framework, String device, String field) {
    return FRAMEWORK + framework + "." + device + "." + field;
  }

  /**
   * @param framework an adapter's name
   * @param device {@code cpu} or {@code gpu}
   * @param fact what is recorded
   * @return {@code framework.<name>.<device>.<fact>}
   */
  public static String framework(String framework, String device, FrameworkFact fact) {
    return framework(framework, device, fact.suffix());
  }

  /**
   * @param key a key of environment.csv
   * @return whether it is one of a framework's keys
   */
  public static boolean isFramework(String key) {
    return key.startsWith(FRAMEWORK);
  }

  /**
   * @param key a key of environment.csv
   * @return whether it is a framework fact a merge compares between shards (artifacts, versions,
   *     native jars, BLAS, backend)
   */
  public static boolean isComparedFrameworkFact(String key) {
    if (!isFramework(key)) {
      return false;
    }
    for (FrameworkFact f : MACHINE_FACTS) {
      // a version key ends in ".version" or "_version"; the others follow a dot
      if (f == FrameworkFact.VERSION ? key.endsWith(f.suffix()) : key.endsWith("." + f.suffix())) {
        return true;
      }
    }
    return false;
  }

  /**
   * @param model a model read from a {@code -Dmodel.file}
   * @return the key of its file's path, format and SHA-256
   */
  public static String modelFile(String model) {
    return "model_file." + model;
  }

  /**
   * @param dataset a dataset's name
   * @param model a catalogue model's name
   * @param field a fact the dataset reported
   * @return {@code dataset.<dataset>.<model>.<field>}
   */
  public static String dataset(String dataset, String model, String field) {
    return datasetPrefix(dataset, model) + field;
  }

  /**
   * @param dataset a dataset's name
   * @param model a catalogue model's name
   * @return {@code dataset.<dataset>.<model>.}, the start of every fact of that pair
   */
  public static String datasetPrefix(String dataset, String model) {
    return DATASET + dataset + "." + model + ".";
  }

  /**
   * @param key a key of environment.csv
   * @return whether it is a dataset's fact
   */
  public static boolean isDataset(String key) {
    return key.startsWith(DATASET);
  }

  /**
   * @param trialId a trial of a merged run
   * @return {@code merge.machine.<trial>}: the machine the trial ran on
   */
  public static String mergeMachine(String trialId) {
    return "merge.machine." + trialId;
  }

  /**
   * @param trialId a trial of a merged run
   * @return {@code merge.shard_of.<trial>}: its shard, {@code index/count}
   */
  public static String mergeShardOf(String trialId) {
    return "merge.shard_of." + trialId;
  }

  /**
   * @param index a shard's index
   * @param field a fact of the shard's run
   * @return {@code merge.shard.<index>.<field>}
   */
  public static String mergeShard(int index, String field) {
    return "merge.shard." + index + "." + field;
  }

  /**
   * @param n the resumption's number, from 1
   * @param field {@code time}, {@code git.commit}, {@code kept_trials} or {@code
   *     interrupted_trials}
   * @return {@code resume.<n>.<field>}
   */
  public static String resume(int n, String field) {
    return "resume." + n + "." + field;
  }
}
