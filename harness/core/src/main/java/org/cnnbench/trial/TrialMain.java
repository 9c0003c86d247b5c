package org.cnnbench.trial;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cnnbench.data.DataLocations;
import org.cnnbench.data.DataOrder;
import org.cnnbench.data.DatasetSplits;
import org.cnnbench.data.Datasets;
import org.cnnbench.data.ExampleSource;
import org.cnnbench.host.AdapterWorkspace;
import org.cnnbench.results.CsvNumbers;
import org.cnnbench.results.MessageType;
import org.cnnbench.results.TrialColumn;
import org.cnnbench.results.TrialStatus;
import org.cnnbench.results.Verdict;
import org.cnnbench.spec.LayerSummary;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.Frameworks;
import org.cnnbench.spi.InferenceNetwork;
import org.cnnbench.spi.LayerParameters;
import org.cnnbench.spi.StepOutput;
import org.cnnbench.spi.TrainableNetwork;
import org.cnnbench.weights.InitialWeights;
import org.cnnbench.weights.ModelWeights;

/**
 * The entry point of a trial's process. It owns the clock: data loading, engine load, the first
 * (warm-up) step, the training steps, batch assembly and evaluation are each timed separately, and
 * every adapter call returns values on the host, so the device has finished before the clock is
 * read.
 */
public final class TrialMain {

  private final TrialConfig config;
  private final Path scratch;
  private final PrintStream protocol;
  private final TrialResult result = new TrialResult();
  private final ExecutorService loader =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "batch-prefetch");
            t.setDaemon(true);
            return t;
          });

  private TrialMain(TrialConfig config, Path scratch, PrintStream protocol) {
    this.config = config;
    this.scratch = scratch;
    this.protocol = protocol;
  }

  /**
   * Runs the trial described by a properties file and exits.
   *
   * @param args the path of the trial's properties file
   */
  public static void main(String[] args) throws IOException {
    PrintStream protocol =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    // Framework chatter goes to stderr (the trial's log); stdout carries the protocol only.
    System.setOut(System.err);
    exitWithParent();
    Path configFile = Path.of(args[0]).toAbsolutePath();
    TrialConfig config = TrialConfig.read(configFile);
    // An adapter that needs a scratch folder gets results/<run>/trials/<trial-id>.scratch, removed
    // when the trial ends.
    TrialMain trial =
        new TrialMain(config, configFile.resolveSibling(config.trialId() + ".scratch"), protocol);
    try {
      trial.run();
    } catch (Throwable t) {
      t.printStackTrace();
      trial.result.verdict(
          Verdict.of(TrialStatus.FAILED, t.getClass().getSimpleName() + ": " + t.getMessage()));
    }
    trial.result.metric(TrialColumn.PEAK_HEAP_MB, peakHeapMb());
    trial.result.metric(TrialColumn.PEAK_RSS_MB, peakRssMb());
    protocol.println(Protocol.encode(MessageType.RESULT, trial.result.fields()));
    protocol.flush();
    // Native libraries may leave non-daemon threads behind; the result is out, so leave now.
    Runtime.getRuntime().halt(0);
  }

  /**
   * Stops this process when the runner that started it dies (e.g. killed with -9), so no orphan
   * keeps a CPU busy and skews the timings of the next run.
   */
  static void exitWithParent() {
    ProcessHandle.current()
        .parent()
        .ifPresent(
            parent -> {
              // the future completes when the parent exits; nothing waits on it, the action halts
              // this JVM
              var unused =
                  parent
                      .onExit()
                      .thenRun(
                          () -> {
                            System.err.println(
                                "cnn-bench: the runner process is gone; stopping this trial");
                            Runtime.getRuntime().halt(2);
                          });
            });
  }

  private void run() throws Exception {
    ModelSpec spec =
        config
            .modelEntry()
            .spec()
            .withEpochs(config.epochs())
            .withBatchSize(config.batchSize())
            .withSeed(config.seed());
    if (config.learningRate() > 0) {
      spec = spec.withOptimizer(spec.optimizer().withLearningRate(config.learningRate()));
    }
    result.put(TrialColumn.LEARNING_RATE, String.valueOf(spec.optimizer().learningRate()));
    result.count(TrialColumn.PARAMS, spec.parameterCount());

    long t0 = System.nanoTime();
    DataLocations locations =
        new DataLocations(config.datasetsDir(), "npm", config.datasetOptions());
    DatasetSplits data = Datasets.load(config.dataset(), locations, spec, config.samples());
    result.seconds(TrialColumn.DATA_LOAD_SECONDS, System.nanoTime() - t0);
    emit(MessageType.DATA, data.notes());

    ModelWeights initial = InitialWeights.glorotUniform(spec, spec.seed());
    FrameworkProvider provider = Frameworks.get(config.framework());

    // Engine load includes making what the adapter declared it needs (e.g. unpacking natives once).
    long t1 = System.nanoTime();
    try (AdapterWorkspace workspace = AdapterWorkspace.create(provider, scratch);
        FrameworkSession session =
            provider.open(config.device(), config.threads(), workspace.context());
        TrainableNetwork network = session.build(spec)) {
      network.loadWeights(initial);
      result.seconds(TrialColumn.ENGINE_LOAD_SECONDS, System.nanoTime() - t1);
      result.put(TrialColumn.FRAMEWORK_VERSION, session.frameworkVersion());
      Map<String, String> versions = new LinkedHashMap<>();
      versions.put(TrialColumn.FRAMEWORK_VERSION.header(), session.frameworkVersion());
      versions.putAll(session.versions());
      emit(MessageType.ENV, versions);

      String problem = checkParameters(spec, network.parameterCounts());
      if (problem != null) {
        fail(TrialStatus.FAILED, problem);
        return;
      }
      String hash = network.exportWeights().sha256();
      result.put(TrialColumn.INIT_WEIGHTS_SHA256, hash);
      if (!hash.equals(initial.sha256())) {
        fail(
            TrialStatus.FAILED,
            "weights exported after loading differ from the generated initial weights"
                + " (generated "
                + initial.sha256()
                + ", exported "
                + hash
                + ")");
        return;
      }
      train(spec, data, network);
    }
  }

  private void train(ModelSpec spec, DatasetSplits data, TrainableNetwork network)
      throws Exception {
    int units = spec.outputUnits();
    int trainCount = data.train().size();
    if (trainCount == 0) {
      fail(TrialStatus.FAILED, "the training set is empty");
      return;
    }
    MessageDigest orderDigest = MessageDigest.getInstance("SHA-256");
    double trainSeconds = 0;
    double firstStep = Double.NaN;
    // Every timed step as the harness timed it (for the mean, the median and the 99th percentile)
    // and a worker-process adapter's own time for it (NaN for in-JVM adapters); the ratio of the
    // two
    // is the cost of handing batches to the worker.
    StepTimes trialTimes = new StepTimes();
    int stepsPerEpoch = (trainCount + spec.batchSize() - 1) / spec.batchSize();
    emit(
        MessageType.START,
        Map.of(
            "epochs",
            String.valueOf(spec.epochs()),
            "steps_per_epoch",
            String.valueOf(stepsPerEpoch)));
    long lastProgress = System.nanoTime();
    for (int epoch = 1; epoch <= spec.epochs(); epoch++) {
      long epochStart = System.nanoTime();
      int[] order = DataOrder.permutation(trainCount, spec.seed(), epoch);
      updateDigest(orderDigest, order);
      ExampleSource epochTrain = data.trainForEpoch(spec.seed(), epoch);
      long stepNanos = 0;
      long dataNanos = 0;
      long timedImages = 0;
      StepTimes epochTimes = new StepTimes();
      double lossSum = 0;
      long correct = 0;
      // One batch is assembled ahead on a background thread while the framework trains on the
      // current one; data_seconds is the time the loop waits for a batch.
      Future<Batch> next = prefetch(epochTrain, order, 0, Math.min(spec.batchSize(), trainCount));
      for (int from = 0; from < trainCount; from += spec.batchSize()) {
        int size = Math.min(spec.batchSize(), trainCount - from);
        long a = System.nanoTime();
        Batch batch = next.get();
        long b = System.nanoTime();
        int following = from + spec.batchSize();
        if (following < trainCount) {
          next =
              prefetch(
                  epochTrain, order, following, Math.min(spec.batchSize(), trainCount - following));
        }
        StepOutput out = network.trainBatch(batch);
        long c = System.nanoTime();
        dataNanos += b - a;
        if (epoch == 1 && from == 0) {
          firstStep = (c - b) / 1e9;
        } else {
          stepNanos += c - b;
          timedImages += size;
          trialTimes.add(c - b, out.workerSeconds());
          epochTimes.add(c - b, out.workerSeconds());
        }
        if (!Float.isFinite(out.loss())) {
          fail(
              TrialStatus.DIVERGED,
              "loss became "
                  + out.loss()
                  + " at epoch "
                  + epoch
                  + ", step "
                  + (from / spec.batchSize() + 1));
          result.metric(TrialColumn.FIRST_STEP_SECONDS, firstStep);
          result.count(TrialColumn.EPOCHS, epoch - 1);
          return;
        }
        if (c - lastProgress > 1_000_000_000L) {
          lastProgress = c;
          emit(
              MessageType.STEP,
              Map.of(
                  "epoch",
                  String.valueOf(epoch),
                  "step",
                  String.valueOf(from / spec.batchSize() + 1),
                  "images_per_second",
                  CsvNumbers.metric(stepNanos > 0 ? timedImages / (stepNanos / 1e9) : Double.NaN)));
        }
        lossSum += (double) out.loss() * size;
        correct += Metrics.correct(out.outputs(), batch.labels(), units);
      }
      long evalStart = System.nanoTime();
      Evaluation val =
          Evaluation.of(network, data.validation(), Math.max(spec.batchSize(), 256), units);
      long epochEnd = System.nanoTime();
      double stepSeconds = stepNanos / 1e9;
      trainSeconds += stepSeconds;
      emit(
          MessageType.EPOCH,
          new EpochMetrics(
                  epoch,
                  lossSum / trainCount,
                  (double) correct / trainCount,
                  val.loss(),
                  val.accuracy(),
                  epochEnd - epochStart,
                  stepSeconds,
                  dataNanos,
                  epochEnd - evalStart,
                  stepSeconds > 0 ? timedImages / stepSeconds : Double.NaN,
                  epochTimes.medianMs(),
                  epochTimes.p99Ms(),
                  epochTimes.workerSeconds())
              .fields());
      if (!Double.isNaN(val.loss()) && !Double.isFinite(val.loss())) {
        fail(TrialStatus.DIVERGED, "validation loss became " + val.loss() + " at epoch " + epoch);
        result.count(TrialColumn.EPOCHS, epoch);
        return;
      }
    }
    result.count(TrialColumn.EPOCHS, spec.epochs());
    result.metric(TrialColumn.FIRST_STEP_SECONDS, firstStep);
    result.metric(TrialColumn.TRAIN_SECONDS, trainSeconds + firstStep);
    result.metric(TrialColumn.STEP_MS, trialTimes.harnessMsPerStep());
    result.metric(TrialColumn.STEP_MS_MEDIAN, trialTimes.medianMs());
    result.metric(TrialColumn.STEP_MS_P99, trialTimes.p99Ms());
    result.metric(TrialColumn.WORKER_STEP_MS, trialTimes.workerMsPerStep());
    result.metric(TrialColumn.TRANSFER_OVERHEAD, trialTimes.overhead());
    result.put(TrialColumn.DATA_ORDER_SHA256, HexFormat.of().formatHex(orderDigest.digest()));
    // Preparing the inference network (e.g. exporting a SavedModel and starting another engine's
    // process) is timed apart from the test evaluation itself.
    long setupStart = System.nanoTime();
    Evaluation test;
    try (InferenceNetwork inference = network.inferenceNetwork()) {
      long testStart = System.nanoTime();
      result.seconds(TrialColumn.INFERENCE_SETUP_SECONDS, testStart - setupStart);
      test = Evaluation.of(inference, data.test(), Math.max(spec.batchSize(), 256), units);
      result.seconds(TrialColumn.TEST_SECONDS, System.nanoTime() - testStart);
    }
    result.metric(TrialColumn.TEST_LOSS, test.loss());
    result.metric(TrialColumn.TEST_ACCURACY, test.accuracy());
    if (!Double.isFinite(test.loss())) {
      fail(TrialStatus.DIVERGED, "test loss is " + test.loss());
      return;
    }
    result.verdict(Verdict.of(TrialStatus.OK, ""));
  }

  private Future<Batch> prefetch(ExampleSource source, int[] order, int from, int size) {
    return loader.submit(() -> BatchAssembler.assemble(source, order, from, size));
  }

  private static String checkParameters(ModelSpec spec, List<LayerParameters> reported) {
    Map<Integer, Long> byLayer = new LinkedHashMap<>();
    reported.forEach(p -> byLayer.merge(p.layerIndex(), p.parameters(), Long::sum));
    for (LayerSummary row : spec.summary()) {
      long got = byLayer.getOrDefault(row.index(), 0L);
      if (got != row.parameters()) {
        return String.format(
            Locale.ROOT,
            "layer %d (%s) has %d parameters in the framework, %d in the" + " spec",
            row.index(),
            row.kind(),
            got,
            row.parameters());
      }
    }
    return null;
  }

  private static void updateDigest(MessageDigest md, int[] order) {
    ByteBuffer buf = ByteBuffer.allocate(4 * order.length);
    buf.asIntBuffer().put(order);
    md.update(buf.array());
  }

  private void fail(TrialStatus status, String reason) {
    result.verdict(Verdict.of(status, reason));
  }

  private void emit(MessageType type, Map<String, String> fields) {
    protocol.println(Protocol.encode(type, fields));
    protocol.flush();
  }

  private static double peakHeapMb() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return bytes / 1048576.0;
  }

  /**
   * @return the process's peak resident set (VmHWM) in MiB, or NaN where /proc is absent
   */
  static double peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
