package org.cnnbench.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.cnnbench.data.DataLocations;
import org.cnnbench.data.DatasetException;
import org.cnnbench.data.Datasets;
import org.cnnbench.host.AdapterWorkspace;
import org.cnnbench.report.HtmlReport;
import org.cnnbench.results.CsvNumbers;
import org.cnnbench.results.EnvironmentColumn;
import org.cnnbench.results.EnvironmentKey;
import org.cnnbench.results.EpochColumn;
import org.cnnbench.results.TrialColumn;
import org.cnnbench.results.TrialStatus;
import org.cnnbench.results.Verdict;
import org.cnnbench.runner.plan.PlannedTrial;
import org.cnnbench.runner.plan.TrialPlan;
import org.cnnbench.runner.shard.Sharding;
import org.cnnbench.runner.store.ResultsStore;
import org.cnnbench.runner.store.ResultsWriteException;
import org.cnnbench.runner.store.RunFolder;
import org.cnnbench.runner.store.StoreFailure;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.trial.Protocol;
import org.cnnbench.trial.TrialConfig;

/**
 * Runs a plan of trials and writes results and the report; the runner's one entry point for code.
 */
public final class Bench {

  /**
   * Prepares a dataset before any trial; returns null when ready or a reason to skip its trials.
   */
  @FunctionalInterface
  public interface DatasetPreparer {
    String prepare(String dataset, DataLocations locations);
  }

  /**
   * What a run produced.
   *
   * @param runId the run
   * @param resultsDir {@code results/<run-id>}
   * @param reportDir {@code reports/<run-id>}
   * @param statuses status per trial id, in plan order: a {@link TrialStatus} name, or {@link
   *     #KEPT}
   */
  public record RunResult(
      String runId, Path resultsDir, Path reportDir, Map<String, String> statuses) {}

  /** The status in {@link RunResult#statuses()} of a trial that a resumed run kept as it was. */
  public static final String KEPT = "KEPT";

  /** Opens a run's results store; a test replaces it with one that fails on write. */
  Function<Path, ResultsStore> storeOpener = ResultsStore::open;

  private final BenchOptions options;
  private final Map<String, FrameworkProvider> providers;
  private final DatasetPreparer preparer;
  private final PrintStream console;

  /** Whether the run reached its first trial: from then on its folder is kept whatever happens. */
  private boolean trialsStarted;

  public Bench(
      BenchOptions options,
      Map<String, FrameworkProvider> providers,
      DatasetPreparer preparer,
      PrintStream console) {
    this.options = options;
    this.providers = providers;
    this.preparer = preparer;
    this.console = console;
  }

  /**
   * A bench over the adapters found on the class path, preparing datasets for real.
   *
   * @param options validated options
   * @param providers adapters by name
   * @param console where progress goes
   */
  public Bench(
      BenchOptions options, Map<String, FrameworkProvider> providers, PrintStream console) {
    this(options, providers, Datasets::prepare, console);
  }

  /**
   * @return the trials the options expand to
   */
  public List<PlannedTrial> plan() {
    return TrialPlan.expand(options, providers, Provenance.gpuPresent());
  }

  /**
   * Runs every trial, then writes the report.
   *
   * @return the run's folders and statuses
   * @throws IOException if results cannot be written
   * @throws InterruptedException if interrupted
   */
  public RunResult run() throws IOException, InterruptedException {
    // A new folder, created atomically: two runs started in the same second get two ids.
    String runId;
    try {
      runId = RunFolder.create(options.resultsDir(), Sharding.runIdSuffix(options));
    } catch (IOException e) {
      throw new ResultsWriteException(options.resultsDir(), e);
    }
    Path runDir = options.resultsDir().resolve(runId);
    trialsStarted = false;
    Interrupts.runStarted(runId, runDir, Interrupts.resumeCommand(runId, options));
    try (RunFolder lock = RunFolder.acquire(runDir)) {
      Properties given = new Properties();
      given.putAll(options.given());
      // Relative to this run folder, so that -Dresume finds the run after its results folder moved.
      given.setProperty("results.dir", "..");
      try (Writer w =
          Files.newBufferedWriter(runDir.resolve(RunFolder.OPTIONS), StandardCharsets.UTF_8)) {
        given.store(
            w,
            "the options of this run, read back by -Dresume; results.dir is relative to this"
                + " folder");
      } catch (IOException e) {
        throw new ResultsWriteException(runDir.resolve(RunFolder.OPTIONS), e);
      }
      return execute(runId, null);
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (trialsStarted) {
        throw e;
      }
      // Nothing was measured: no run folder is left behind for 'latest' or -Dresume to find.
      removeRunFolder(runDir);
      if (e instanceof RunInterruptedException) {
        throw new RunInterruptedException(
            "interrupted by "
                + Interrupts.received()
                + " before the first"
                + " trial: nothing to keep, the run folder "
                + runDir
                + " is removed; start the run again with"
                + " the same command (exit code "
                + ExitCode.INTERRUPTED.code()
                + ")");
      }
      throw e;
    } finally {
      Interrupts.runEnded();
    }
  }

  /**
   * Deletes a run folder that holds no result; a file that cannot be deleted is left with the rest.
   */
  private void removeRunFolder(Path runDir) {
    try (Stream<Path> walk = Files.walk(runDir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      console.println(
          "could not remove the run folder " + runDir + ", which holds no result: " + e);
    }
  }

  /**
   * Continues an interrupted run in its own folder: finished trials are kept, the interrupted trial
   * is rerun from scratch and marked as resumed, the rest run as planned.
   *
   * @param runId the run to continue
   * @return the run's folders and statuses, finished trials included
   * @throws IOException if results cannot be read or written
   * @throws InterruptedException if interrupted
   */
  public RunResult resume(String runId) throws IOException, InterruptedException {
    Interrupts.runStarted(
        runId, options.resultsDir().resolve(runId), Interrupts.resumeCommand(runId, options));
    Interrupts.measuring(); // the folder holds the rows of the run's start: it is never removed
    try (RunFolder lock = RunFolder.acquire(options.resultsDir().resolve(runId))) {
      trialsStarted = true;
      return execute(runId, ResultsStore.prepareResume(options.resultsDir().resolve(runId)));
    } finally {
      Interrupts.runEnded();
    }
  }

  /**
   * Reads the options a run was started with.
   *
   * @param runDir the run folder
   * @return the {@code -D} options of the original command, {@code results.dir} being the folder
   *     that holds the run folder now
   * @throws IOException if the run has no readable options file
   */
  public static Properties runOptions(Path runDir) throws IOException {
    Path file = runDir.resolve(RunFolder.OPTIONS);
    if (!Files.isRegularFile(file)) {
      throw new OptionException(
          "cannot resume "
              + runDir
              + ": it has no "
              + RunFolder.OPTIONS
              + " (was it started by this version of cnn-bench?)");
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    // The run's results folder is wherever the run folder is now, even if it moved since.
    p.setProperty("results.dir", runDir.toAbsolutePath().normalize().getParent().toString());
    return p;
  }

  private RunResult execute(String runId, ResultsStore.Resumption resumption)
      throws IOException, InterruptedException {
    Path runDir = options.resultsDir().resolve(runId);
    boolean gpu = Provenance.gpuPresent();
    Sharding.Slice slice =
        Sharding.slice(runDir, TrialPlan.expand(options, providers, gpu), options);
    List<PlannedTrial> plan = slice.trials();
    Map<String, String> environment =
        new LinkedHashMap<>(
            Provenance.collect(options, runId, new ArrayList<>(providers.values()), gpu));
    environment.putAll(slice.environment());
    if (resumption != null) {
      Map<String, String> original = new LinkedHashMap<>(readEnvironment(runDir));
      String now = environment.get(EnvironmentKey.START_TIME.key());
      original.putIfAbsent(EnvironmentKey.START_TIME.key(), now);
      int n = 1;
      while (original.containsKey(EnvironmentKey.resume(n, "time"))) {
        n++;
      }
      original.put(EnvironmentKey.resume(n, "time"), now);
      original.put(
          EnvironmentKey.resume(n, EnvironmentKey.GIT_COMMIT.key()),
          environment.get(EnvironmentKey.GIT_COMMIT.key()));
      original.put(
          EnvironmentKey.resume(n, "kept_trials"), String.valueOf(resumption.finished().size()));
      original.put(
          EnvironmentKey.resume(n, "interrupted_trials"),
          String.join(" ", resumption.interrupted()));
      environment.forEach(original::putIfAbsent);
      environment.clear();
      environment.putAll(original);
    }
    Map<String, String> statuses = new LinkedHashMap<>();
    console.printf(
        Locale.ROOT,
        "cnn-bench %s %s: %d trial(s), profile %s, %d thread(s); results in %s%n",
        resumption == null ? "run" : "resuming run",
        runId,
        plan.size(),
        options.profile(),
        options.threads(),
        runDir);
    List<Path> stale = AdapterWorkspace.removeStale();
    if (!stale.isEmpty()) {
      console.println(
          "removed " + stale.size() + " scratch folder(s) left by killed runs: " + stale);
    }
    boolean firstUnfinished = true;
    Progress progress = new Progress(console, Progress.isTerminal(), plan.size());
    try (ResultsStore store = storeOpener.apply(runDir)) {
      store.writeEnvironment(environment);
      describe(runDir, plan, resumption != null);
      DataLocations locations =
          new DataLocations(options.datasetsDir(), "npm", options.datasetOptions());
      Map<String, Verdict> unavailable = new LinkedHashMap<>();
      for (String dataset : plan.stream().map(PlannedTrial::dataset).distinct().toList()) {
        try {
          String skip = preparer.prepare(dataset, locations);
          if (skip != null) {
            unavailable.put(dataset, Verdict.of(TrialStatus.SKIPPED, skip));
            console.println("dataset " + dataset + ": skipped: " + skip);
          }
        } catch (DatasetException | IllegalArgumentException e) {
          unavailable.put(
              dataset,
              Verdict.of(
                  TrialStatus.FAILED, "dataset " + dataset + " unavailable: " + e.getMessage()));
          console.println("dataset " + dataset + " is unavailable: " + e.getMessage());
        }
      }
      Set<String> audited = new HashSet<>();
      for (PlannedTrial trial : plan) {
        String key = trial.dataset() + "-" + trial.model();
        if (trial.runnable() && !unavailable.containsKey(trial.dataset()) && audited.add(key)) {
          try {
            Datasets.writeSplit(
                trial.dataset(),
                locations,
                options.entry(trial.model()).spec(),
                trial.samples(),
                runDir.resolve("split-" + key + ".csv"));
          } catch (IOException | RuntimeException e) {
            console.println("could not write the split of " + key + ": " + e.getMessage());
          }
        }
      }
      stopIfSignalled(runId, runDir, statuses, plan.size());
      // The run is measured from here on: 'latest' points at it, and its folder is kept.
      ResultsStore.markLatest(options.resultsDir(), runId);
      trialsStarted = true;
      Interrupts.measuring();
      TrialLauncher launcher =
          new TrialLauncher(options.childHeap(), (long) (options.timeoutMinutes() * 60_000));
      TrialLauncher sweepLauncher =
          launcher.withMemoryCap(MemorySweep.Settings.parse(options.given()).capMb());
      MemorySweep.Stops sweepStops = new MemorySweep.Stops();
      int index = 0;
      for (PlannedTrial trial : plan) {
        index++;
        stopIfSignalled(runId, runDir, statuses, plan.size());
        if (resumption != null && resumption.finished().contains(trial.trialId())) {
          statuses.put(trial.trialId(), KEPT);
          console.printf(
              Locale.ROOT,
              "[%d/%d] %s: finished before, kept%n",
              index,
              plan.size(),
              trial.trialId());
          continue;
        }
        Map<String, String> row = baseRow(runId, trial, options.seed());
        if (resumption != null
            && (firstUnfinished || resumption.interrupted().contains(trial.trialId()))) {
          row.put(TrialColumn.RESUMED.header(), "true");
        }
        firstUnfinished = false;
        Verdict blocked =
            unavailable.containsKey(trial.dataset())
                ? unavailable.get(trial.dataset())
                : sweepStops.blocked(trial);
        if (!trial.runnable() || blocked != null) {
          Verdict notRun =
              trial.runnable() ? blocked : Verdict.of(trial.preStatus(), trial.preReason());
          row.put(TrialColumn.STATUS.header(), notRun.status().name());
          row.put(TrialColumn.REASON.header(), notRun.reason());
          store.appendTrial(row);
          statuses.put(trial.trialId(), notRun.status().name());
          progress.trialSkipped();
          console.printf(
              Locale.ROOT,
              "[%d/%d] %s: %s (%s)%n",
              index,
              plan.size(),
              trial.trialId(),
              notRun.status(),
              notRun.reason());
          continue;
        }
        console.printf(
            Locale.ROOT,
            "[%d/%d] %s: %d epoch(s), batch %d%s%n",
            index,
            plan.size(),
            trial.trialId(),
            trial.epochs(),
            trial.batchSize(),
            trial.samples() > 0 ? ", first " + trial.samples() + " training examples" : "");
        TrialConfig config =
            new TrialConfig(
                    runId,
                    trial.trialId(),
                    trial.framework(),
                    trial.dataset(),
                    trial.model(),
                    trial.device(),
                    trial.repetition(),
                    trial.epochs(),
                    trial.batchSize(),
                    trial.samples(),
                    options.seed(),
                    trial.threads(),
                    options.datasetsDir(),
                    options.datasetOptions(),
                    options.learningRate())
                .withModelFile(
                    options
                        .modelSet()
                        .file(trial.model())
                        .map(
                            f ->
                                options.modelSet().path(trial.model()).toString()
                                    + "#"
                                    + f.sha256())
                        .orElse(""));
        FrameworkProvider provider = providers.get(trial.framework());
        TrialLauncher.Outcome outcome;
        try {
          progress.trialStarted(trial.trialId());
          outcome =
              (MemorySweep.isSweepTrial(trial) ? sweepLauncher : launcher)
                  .run(
                      provider,
                      config,
                      runDir.resolve(RunFolder.TRIALS),
                      message -> onMessage(message, row, store, environment, trial, progress));
        } catch (ResultsWriteException e) {
          throw StoreFailure.stop(e, store, row, statuses, runId, console);
        } catch (IOException | RuntimeException e) {
          outcome =
              new TrialLauncher.Outcome(
                  TrialStatus.FAILED,
                  "could not start the trial's JVM: " + e.getMessage(),
                  Map.of(),
                  0,
                  0);
        }
        complete(row, outcome);
        sweepStops.record(trial, outcome.status());
        String signal = Interrupts.received();
        if (signal == null && outcome.status() == TrialStatus.FAILED) {
          signal =
              Interrupts
                  .settle(); // Ctrl-C may have reached the trial before the runner's handler ran
        }
        if (signal != null && store.failure() == null) {
          row.put(TrialColumn.STATUS.header(), TrialStatus.INTERRUPTED.name());
          row.put(TrialColumn.REASON.header(), "stopped by " + signal + "; -Dresume reruns it");
          String recorded = "recorded INTERRUPTED";
          try {
            store.appendTrial(row);
          } catch (ResultsWriteException e) {
            recorded = "not recorded (" + e.getMessage() + ")";
          }
          console.printf(
              Locale.ROOT, "    -> %s (stopped by %s)%n", TrialStatus.INTERRUPTED, signal);
          throw interrupted(
              signal,
              runId,
              runDir,
              statuses,
              plan.size(),
              "; trial "
                  + trial.trialId()
                  + " was stopped ("
                  + recorded
                  + ") and reruns on resume");
        }
        if (store.failure() != null) {
          throw StoreFailure.stop(store.failure(), store, row, statuses, runId, console);
        }
        try {
          store.appendTrial(row);
          // after the trial's row: a trial rerun by -Dresume has no memory rows to duplicate
          store.appendMemory(trial.trialId(), outcome.memory());
        } catch (ResultsWriteException e) {
          throw StoreFailure.stop(e, store, row, statuses, runId, console);
        }
        statuses.put(trial.trialId(), outcome.status().name());
        try {
          store.writeEnvironment(environment);
        } catch (ResultsWriteException e) {
          throw StoreFailure.stopAfter(e, trial.trialId(), runId, console);
        }
        progress.trialFinished();
        console.printf(
            Locale.ROOT,
            "    -> %s%s%s%n",
            outcome.status(),
            row.getOrDefault(TrialColumn.TEST_ACCURACY.header(), "").isEmpty()
                ? ""
                : ", test accuracy " + row.get(TrialColumn.TEST_ACCURACY.header()),
            outcome.reason().isEmpty() ? "" : " (" + outcome.reason() + ")");
      }
    }
    stopIfSignalled(runId, runDir, statuses, plan.size());
    if (options.benches().contains("threads")) {
      ThreadSweep.summarize(runDir, console);
    }
    if (options.benches().contains("memory")) {
      MemorySweep.summarize(runDir, MemorySweep.Settings.parse(options.given()), console);
    }
    if (options.benches().contains("jmh") && Sharding.runsWholeRunBenches(options)) {
      new JmhBench(options, providers, console).run(runDir);
    }
    if (options.benches().contains("parity") && Sharding.runsWholeRunBenches(options)) {
      List<ParityBench.Row> rows = new ParityBench(options, providers, console).run(runDir);
      long failed = rows.stream().filter(r -> !r.pass()).count();
      console.printf(
          Locale.ROOT,
          "parity: %d check(s), %d failed (tolerance %s); %s%n",
          rows.size(),
          failed,
          ParityBench.TOLERANCE,
          runDir.resolve("parity.csv"));
      for (ParityBench.Row r : rows) {
        console.printf(
            Locale.ROOT,
            "  %-10s %-11s vs %-15s %-10s %10s  %s%n",
            r.model(),
            r.framework(),
            r.reference(),
            r.check(),
            Double.isNaN(r.maxAbsDiff()) ? "-" : String.format(Locale.ROOT, "%.2e", r.maxAbsDiff()),
            r.pass() ? "pass" : "FAIL " + r.reason());
      }
    }
    stopIfSignalled(runId, runDir, statuses, plan.size());
    Path reportDir = options.reportsDir().resolve(runId);
    try {
      HtmlReport.generate(runDir, reportDir).forEach(w -> console.println("warning: " + w));
      ResultsStore.markLatest(options.reportsDir(), runId);
      console.println("report: " + reportDir.resolve("index.html"));
    } catch (IOException | RuntimeException e) {
      console.println(
          "the report could not be generated (results are intact in " + runDir + "): " + e);
    }
    console.println("results: " + runDir);
    return new RunResult(runId, runDir, reportDir, statuses);
  }

  /**
   * Stops the run at a row boundary once Ctrl-C or SIGTERM arrived: every row written so far is
   * kept.
   */
  private void stopIfSignalled(
      String runId, Path runDir, Map<String, String> statuses, int planned) {
    String signal = Interrupts.received();
    if (signal != null) {
      throw interrupted(signal, runId, runDir, statuses, planned, "");
    }
  }

  /**
   * @return the runner's last line after a signal: what was kept and the command that continues
   */
  private RunInterruptedException interrupted(
      String signal,
      String runId,
      Path runDir,
      Map<String, String> statuses,
      int planned,
      String stopped) {
    long kept =
        statuses.values().stream().filter(s -> !s.equals(TrialStatus.INTERRUPTED.name())).count();
    return new RunInterruptedException(
        String.format(
            Locale.ROOT,
            "interrupted by %s: %d of %d trial(s)"
                + " finished and kept in %s%s; continue with: %s (exit code %d)",
            signal,
            kept,
            planned,
            runDir,
            stopped,
            Interrupts.resumeCommand(runId, options),
            ExitCode.INTERRUPTED.code()));
  }

  /**
   * Writes the frameworks' descriptions and the models' summaries the report shows; a resumed run
   * keeps those of its start. A failure costs only those report sections.
   */
  private void describe(Path runDir, List<PlannedTrial> plan, boolean resuming) {
    if (resuming
        && Files.isRegularFile(runDir.resolve(RunDescription.FRAMEWORKS))
        && Files.isRegularFile(runDir.resolve(RunDescription.MODELS))) {
      return;
    }
    Map<String, org.cnnbench.spec.ModelSpec> models = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    try {
      for (PlannedTrial trial : plan) {
        models.computeIfAbsent(trial.model(), m -> options.entry(m).spec());
        options
            .modelSet()
            .file(trial.model())
            .ifPresent(f -> sources.put(trial.model(), options.entry(trial.model()).source()));
      }
      RunDescription.write(runDir, providers.values(), models, sources, options.root());
    } catch (IOException | RuntimeException e) {
      console.println(
          "could not write "
              + RunDescription.FRAMEWORKS
              + " and "
              + RunDescription.MODELS
              + " (the report leaves out the frameworks' descriptions and the model summaries): "
              + e);
    }
  }

  /**
   * Completes a trial's row with how its process ended: the result's fields, status and reason, the
   * epochs received when the result names none, and the wall time.
   *
   * @param row the trial's identity ({@link #baseRow}), updated
   * @param outcome how the process ended
   */
  static void complete(Map<String, String> row, TrialLauncher.Outcome outcome) {
    row.putAll(outcome.result());
    row.put(TrialColumn.STATUS.header(), outcome.status().name());
    row.put(TrialColumn.REASON.header(), outcome.reason());
    String epochs = TrialColumn.EPOCHS.header();
    if (!row.containsKey(epochs) || row.get(epochs).isEmpty()) {
      row.put(epochs, String.valueOf(outcome.epochsReceived()));
    }
    row.put(TrialColumn.WALL_SECONDS.header(), CsvNumbers.fixed(outcome.wallSeconds(), 3));
    TreeMemory.Summary memory = outcome.memory();
    memory
        .peak()
        .ifPresent(
            peak -> {
              row.put(TrialColumn.PEAK_TREE_RSS_MB.header(), CsvNumbers.fixed(peak.rssMb(), 1));
              row.put(TrialColumn.PEAK_TREE_ANON_MB.header(), CsvNumbers.fixed(peak.anonMb(), 1));
              row.put(
                  TrialColumn.TREE_HWM_SUM_MB.header(),
                  CsvNumbers.fixed(
                      memory.processes().stream()
                          .mapToDouble(TreeMemory.ProcessPeak::vmHwmMb)
                          .sum(),
                      1));
              row.put(
                  TrialColumn.TREE_PROCESSES.header(), String.valueOf(memory.processes().size()));
              row.put(TrialColumn.MEMORY_SAMPLE_MS.header(), String.valueOf(memory.intervalMs()));
            });
  }

  private void onMessage(
      Protocol.Message message,
      Map<String, String> row,
      ResultsStore store,
      Map<String, String> environment,
      PlannedTrial trial,
      Progress progress) {
    switch (message.type()) {
      case START ->
          progress.trainingStarted(
              Integer.parseInt(message.get("epochs")),
              Integer.parseInt(message.get("steps_per_epoch")));
      case STEP ->
          progress.step(
              Integer.parseInt(message.get("epoch")),
              Integer.parseInt(message.get("step")),
              message.get("images_per_second"));
      case ENV -> {
        String version = message.get(TrialColumn.FRAMEWORK_VERSION.header());
        if (!version.isEmpty()) {
          row.put(TrialColumn.FRAMEWORK_VERSION.header(), version);
        }
        message
            .fields()
            .forEach(
                (k, v) ->
                    environment.put(
                        EnvironmentKey.framework(trial.framework(), trial.device().id(), k), v));
      }
      case DATA ->
          message
              .fields()
              .forEach(
                  (k, v) ->
                      environment.put(
                          EnvironmentKey.dataset(trial.dataset(), trial.model(), k), v));
      case EPOCH -> {
        Map<String, String> epoch = new LinkedHashMap<>(row);
        epoch.putAll(message.fields());
        store.appendEpoch(epoch);
        console.printf(
            Locale.ROOT,
            "    epoch %s: loss %s, val accuracy %s, %s s (%s img/s)%n",
            message.get(EpochColumn.EPOCH.header()),
            message.get(EpochColumn.TRAIN_LOSS.header()),
            message.get(EpochColumn.VAL_ACCURACY.header()),
            message.get(EpochColumn.EPOCH_SECONDS.header()),
            message.get(EpochColumn.IMAGES_PER_SECOND.header()));
      }
      default -> {}
    }
  }

  private static Map<String, String> readEnvironment(Path runDir) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    Path file = runDir.resolve(RunFolder.ENVIRONMENT);
    if (Files.exists(file)) {
      org.apache.commons.csv.CSVFormat header =
          ResultsStore.FORMAT.builder().setHeader().setSkipHeaderRecord(true).build();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        for (org.apache.commons.csv.CSVRecord rec : header.parse(r)) {
          env.put(
              rec.get(EnvironmentColumn.KEY.header()), rec.get(EnvironmentColumn.VALUE.header()));
        }
      }
    }
    return env;
  }

  /**
   * @param runId the run
   * @param trial a trial of its plan
   * @param seed the run's seed
   * @return the trial's identity and settings, the first columns of its trials.csv and epochs.csv
   *     rows
   */
  static Map<String, String> baseRow(String runId, PlannedTrial trial, long seed) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put(TrialColumn.RUN_ID.header(), runId);
    row.put(TrialColumn.TRIAL_ID.header(), trial.trialId());
    row.put(TrialColumn.FRAMEWORK.header(), trial.framework());
    row.put(TrialColumn.FRAMEWORK_VERSION.header(), "");
    row.put(TrialColumn.DATASET.header(), trial.dataset());
    row.put(TrialColumn.MODEL.header(), trial.model());
    row.put(TrialColumn.DEVICE.header(), trial.device().id());
    row.put(TrialColumn.REPETITION.header(), String.valueOf(trial.repetition()));
    row.put(TrialColumn.PARAMS.header(), String.valueOf(trial.params()));
    row.put(TrialColumn.THREADS.header(), String.valueOf(trial.threads()));
    row.put(TrialColumn.BATCH_SIZE.header(), String.valueOf(trial.batchSize()));
    row.put(TrialColumn.SAMPLES.header(), String.valueOf(trial.samples()));
    row.put(TrialColumn.SEED.header(), String.valueOf(seed));
    return row;
  }
}
