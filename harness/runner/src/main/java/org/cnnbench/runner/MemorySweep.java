package org.cnnbench.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.cnnbench.results.CsvNumbers;
import org.cnnbench.results.MemorySweepColumn;
import org.cnnbench.results.TrialColumn;
import org.cnnbench.results.TrialStatus;
import org.cnnbench.results.Verdict;
import org.cnnbench.runner.plan.PlannedTrial;
import org.cnnbench.runner.plan.TrialPlan;
import org.cnnbench.runner.store.ResultsStore;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.text.Splits;

/**
 * The batch-size sweep ({@code -Dbench=memory}): each framework trains a few steps of mnist-cnn (or
 * the MNIST models given) at doubling batch sizes, each size a trial in its own process whose whole
 * process tree the runner samples; a framework stops at the first size that fails or goes over the
 * memory cap. The trials' rows are summarized into {@code memory-sweep.csv}.
 */
public final class MemorySweep {

  /** The file the sweep is summarized into. */
  static final String FILE = "memory-sweep.csv";

  /** The prefix of every sweep trial's id. */
  static final String PREFIX = "memory-";

  /** Batch sizes unless {@code -Dmemory.batches} says otherwise. */
  static final List<Integer> DEFAULT_BATCHES = List.of(16, 32, 64, 128, 256, 512, 1024);

  /** Training steps per size unless {@code -Dmemory.steps} says otherwise. */
  static final int DEFAULT_STEPS = 20;

  /** The default cap's share of the machine's physical memory. */
  static final double DEFAULT_CAP_SHARE = 0.75;

  private MemorySweep() {}

  /**
   * The sweep's settings.
   *
   * @param batches batch sizes, ascending
   * @param capMb the tree resident set, MiB, over which a trial is killed and its framework stops
   * @param steps training steps per trial (the first is the warm-up, not timed)
   */
  record Settings(List<Integer> batches, double capMb, int steps) {

    Settings {
      batches = List.copyOf(batches);
    }

    /**
     * @param given the options given
     * @return the settings, defaults where not given
     * @throws OptionException naming the option and what it must look like
     */
    static Settings parse(Map<String, String> given) {
      List<Integer> batches = DEFAULT_BATCHES;
      String b = given.getOrDefault("memory.batches", "");
      if (!b.isEmpty()) {
        batches = new ArrayList<>();
        for (String part : Splits.dropTrailingEmpty(b, ",")) {
          int n;
          try {
            n = Integer.parseInt(part.trim());
          } catch (NumberFormatException e) {
            n = 0;
          }
          if (n < 1 || (!batches.isEmpty() && n <= batches.get(batches.size() - 1))) {
            throw new OptionException(
                "-Dmemory.batches must list positive batch sizes in increasing order,"
                    + " e.g. -Dmemory.batches=16,32,64; got '"
                    + b
                    + "'");
          }
          batches.add(n);
        }
      }
      double cap = physicalMb() * DEFAULT_CAP_SHARE;
      String c = given.getOrDefault("memory.cap", "");
      if (!c.isEmpty()) {
        try {
          cap = Double.parseDouble(c);
        } catch (NumberFormatException e) {
          cap = -1;
        }
        if (!(cap > 0) || Double.isInfinite(cap)) {
          throw new OptionException(
              "-Dmemory.cap is the memory cap of a sweep trial's processes in MiB and"
                  + " must be a positive number, e.g. -Dmemory.cap=8000; got '"
                  + c
                  + "'");
        }
      }
      int steps = DEFAULT_STEPS;
      String s = given.getOrDefault("memory.steps", "");
      if (!s.isEmpty()) {
        try {
          steps = Integer.parseInt(s);
        } catch (NumberFormatException e) {
          steps = 0;
        }
        if (steps < 2) {
          throw new OptionException(
              "-Dmemory.steps is the training steps of each sweep trial and must be at"
                  + " least 2 (the first is an untimed warm-up); got '"
                  + s
                  + "'");
        }
      }
      return new Settings(batches, cap, steps);
    }
  }

  /**
   * @return the machine's physical memory (or the container's limit), MiB
   */
  static double physicalMb() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getTotalMemorySize() / 1048576.0;
    }
    return Runtime.getRuntime().maxMemory() / 1048576.0;
  }

  /**
   * The sweep's trials: per repetition and model, every batch size ascending, the frameworks
   * interleaved inside each size; one epoch of {@code steps} full batches on the CPU.
   */
  public static List<PlannedTrial> plan(
      BenchOptions options, Map<String, FrameworkProvider> providers) {
    Settings settings = Settings.parse(options.given());
    List<PlannedTrial> trials = new ArrayList<>();
    for (int rep = 1; rep <= options.repeats(); rep++) {
      for (String modelName : TrialPlan.models(options, "mnist")) {
        ModelSpec spec = ModelCatalog.get(modelName).spec();
        for (int batch : settings.batches()) {
          for (String fw : options.frameworks()) {
            String id =
                String.format(
                    Locale.ROOT, "%s%s-%s-cpu-b%d-r%d", PREFIX, modelName, fw, batch, rep);
            PlannedTrial t =
                new PlannedTrial(
                    id,
                    rep,
                    "mnist",
                    modelName,
                    fw,
                    Device.CPU,
                    1,
                    batch,
                    samplesFor(settings.steps() * batch, spec.validationSplit()),
                    spec.parameterCount(),
                    options.threads(),
                    null,
                    null);
            if (!providers.get(fw).hasCapability(Capability.TRAIN)) {
              t =
                  t.notRunnable(
                      TrialStatus.UNSUPPORTED,
                      providers.get(fw).missingCapabilityReason(Capability.TRAIN));
            }
            trials.add(t);
          }
        }
      }
    }
    return trials;
  }

  /**
   * @param trainExamples training examples wanted
   * @param validationSplit the model's validation share, taken from the first {@code samples}
   *     examples
   * @return the fewest {@code -Dsamples} that leave {@code trainExamples} for training after the
   *     split ({@code floor(samples * (1 - split))}, as MNIST splits them)
   */
  static int samplesFor(int trainExamples, double validationSplit) {
    int n = (int) Math.ceil(trainExamples / (1 - validationSplit));
    while (n > trainExamples
        && (int) Math.floor((n - 1) * (1 - validationSplit)) >= trainExamples) {
      n--;
    }
    while ((int) Math.floor(n * (1 - validationSplit)) < trainExamples) {
      n++;
    }
    return n;
  }

  /**
   * @return whether the trial is a point of the sweep
   */
  static boolean isSweepTrial(PlannedTrial trial) {
    return trial.trialId().startsWith(PREFIX);
  }

  /** Remembers where each framework's sweep stopped, so its larger sizes are not run. */
  static final class Stops {
    private final Map<String, String> stopped = new HashMap<>();

    private static String key(PlannedTrial t) {
      return t.framework() + "|" + t.model() + "|" + t.repetition();
    }

    /**
     * @return why the trial is not run (its framework stopped at a smaller size), or null to run it
     */
    Verdict blocked(PlannedTrial trial) {
      String reason = isSweepTrial(trial) ? stopped.get(key(trial)) : null;
      return reason == null ? null : Verdict.of(TrialStatus.SKIPPED, reason);
    }

    /** Records how a sweep trial ended; a status other than OK stops its framework's sweep. */
    void record(PlannedTrial trial, TrialStatus status) {
      if (isSweepTrial(trial) && status != TrialStatus.OK) {
        stopped.putIfAbsent(
            key(trial),
            "the sweep of "
                + trial.framework()
                + " stopped at batch size "
                + trial.batchSize()
                + " ("
                + status
                + ")");
      }
    }
  }

  /**
   * Writes {@code memory-sweep.csv} from the sweep trials' rows of {@code trials.csv} and prints
   * it.
   *
   * @param runDir the run folder
   * @param settings the sweep's settings
   * @param console where the table goes
   * @return the rows written, column to value
   */
  static List<Map<String, String>> summarize(Path runDir, Settings settings, PrintStream console)
      throws IOException {
    CSVFormat header = ResultsStore.FORMAT.builder().setHeader().setSkipHeaderRecord(true).build();
    List<Map<String, String>> rows = new ArrayList<>();
    Map<String, Boolean> stopSeen = new HashMap<>();
    try (Reader r = Files.newBufferedReader(runDir.resolve("trials.csv"), StandardCharsets.UTF_8)) {
      for (CSVRecord rec : header.parse(r)) {
        if (!rec.get(TrialColumn.TRIAL_ID.header()).startsWith(PREFIX)) {
          continue;
        }
        String framework = rec.get(TrialColumn.FRAMEWORK.header());
        String model = rec.get(TrialColumn.MODEL.header());
        String status = rec.get(TrialColumn.STATUS.header());
        int batch = Integer.parseInt(rec.get(TrialColumn.BATCH_SIZE.header()));
        String stepMs = rec.get(TrialColumn.STEP_MS.header());
        String key = framework + "|" + model + "|" + rec.get(TrialColumn.REPETITION.header());
        boolean stops =
            !status.equals(TrialStatus.OK.name())
                && !status.equals(TrialStatus.SKIPPED.name())
                && stopSeen.putIfAbsent(key, true) == null;
        Map<String, String> row = new HashMap<>();
        for (MemorySweepColumn c : MemorySweepColumn.values()) {
          row.put(
              c.header(),
              switch (c) {
                case FRAMEWORK -> framework;
                case MODEL -> model;
                case BATCH_SIZE -> String.valueOf(batch);
                case REPETITION -> rec.get(TrialColumn.REPETITION.header());
                case STATUS -> status;
                case PEAK_TREE_RSS_MB -> rec.get(TrialColumn.PEAK_TREE_RSS_MB.header());
                case PEAK_JVM_RSS_MB -> rec.get(TrialColumn.PEAK_RSS_MB.header());
                case PEAK_HEAP_MB -> rec.get(TrialColumn.PEAK_HEAP_MB.header());
                case STEP_MS -> stepMs;
                case IMAGES_PER_SECOND ->
                    stepMs.isEmpty() || !status.equals(TrialStatus.OK.name())
                        ? ""
                        : CsvNumbers.fixed(batch * 1000.0 / Double.parseDouble(stepMs), 1);
                case STEPS -> String.valueOf(settings.steps());
                case CAP_MB -> CsvNumbers.fixed(settings.capMb(), 0);
                case STOPPED_HERE -> String.valueOf(stops);
                case REASON -> rec.get(TrialColumn.REASON.header());
              });
        }
        rows.add(row);
      }
    }
    write(runDir.resolve(FILE), rows);
    console.printf(
        Locale.ROOT, "memory sweep (%s), cap %.0f MiB:%n", runDir.resolve(FILE), settings.capMb());
    for (Map<String, String> row : rows) {
      console.printf(
          Locale.ROOT,
          "  %-15s %-10s batch %5s: %-8s tree %9s MiB, JVM %9s MiB, %9s ms/step%s%n",
          row.get(MemorySweepColumn.FRAMEWORK.header()),
          row.get(MemorySweepColumn.MODEL.header()),
          row.get(MemorySweepColumn.BATCH_SIZE.header()),
          row.get(MemorySweepColumn.STATUS.header()),
          dash(row.get(MemorySweepColumn.PEAK_TREE_RSS_MB.header())),
          dash(row.get(MemorySweepColumn.PEAK_JVM_RSS_MB.header())),
          dash(row.get(MemorySweepColumn.STEP_MS.header())),
          Boolean.parseBoolean(row.get(MemorySweepColumn.STOPPED_HERE.header()))
              ? "  <- stopped: " + row.get(MemorySweepColumn.REASON.header())
              : "");
    }
    return rows;
  }

  private static String dash(String value) {
    return value == null || value.isEmpty() ? "-" : value;
  }

  /** Writes the rows under {@link MemorySweepColumn#HEADERS}. */
  static void write(Path file, List<Map<String, String>> rows) throws IOException {
    try (CSVPrinter out =
        new CSVPrinter(
            Files.newBufferedWriter(file, StandardCharsets.UTF_8), ResultsStore.FORMAT)) {
      out.printRecord(MemorySweepColumn.HEADERS);
      for (Map<String, String> row : rows) {
        List<String> values = new ArrayList<>();
        for (String c : MemorySweepColumn.HEADERS) {
          values.add(row.getOrDefault(c, ""));
        }
        out.printRecord(values);
      }
    }
  }
}
