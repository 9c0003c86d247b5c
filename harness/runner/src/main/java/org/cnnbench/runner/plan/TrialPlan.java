package org.cnnbench.runner.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cnnbench.data.Datasets;
import org.cnnbench.results.TrialStatus;
import org.cnnbench.runner.BenchOptions;
import org.cnnbench.runner.MemorySweep;
import org.cnnbench.spec.CatalogEntry;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;

/**
 * Expands options into trials: repetition x dataset x model x framework x device. Frameworks are
 * interleaved inside each repetition (a round), so slow drift of the machine does not favour one of
 * them, and the order changes from round to round ({@link #roundOrder}): the first round runs them
 * in the order given, and over the rounds no framework always runs first or always right after the
 * same (possibly the heaviest) one.
 */
public final class TrialPlan {

  private TrialPlan() {}

  public static List<PlannedTrial> expand(
      BenchOptions options, Map<String, FrameworkProvider> providers, boolean gpuPresent) {
    List<Device> devices =
        switch (options.device()) {
          case "cpu" -> List.of(Device.CPU);
          case "gpu" -> List.of(Device.GPU);
          case "all" -> List.of(Device.CPU, Device.GPU);
          default -> List.of(gpuPresent ? Device.GPU : Device.CPU);
        };
    List<PlannedTrial> trials = new ArrayList<>();
    if (options.benches().contains("threads")) {
      trials.addAll(threadSweep(options, providers));
    }
    if (options.benches().contains("memory")) {
      trials.addAll(MemorySweep.plan(options, providers));
    }
    for (int rep = 1; rep <= options.repeats(); rep++) {
      for (String dataset : options.datasets()) {
        for (String modelName : models(options, dataset)) {
          CatalogEntry entry = options.entry(modelName);
          ModelSpec spec = entry.spec();
          boolean paper = options.profile().equals("paper");
          int epochs =
              options.epochs() > 0 ? options.epochs() : paper ? spec.epochs() : entry.quickEpochs();
          int batch = options.batch() > 0 ? options.batch() : spec.batchSize();
          int samples =
              options.samples() >= 0 ? options.samples() : paper ? 0 : entry.quickSamples();
          for (String fw : roundOrder(options.frameworks(), rep)) {
            FrameworkProvider provider = providers.get(fw);
            for (Device device : devices) {
              String id =
                  String.format(
                      Locale.ROOT, "%s-%s-%s-%s-r%d", dataset, modelName, fw, device.id(), rep);
              PlannedTrial t =
                  new PlannedTrial(
                      id,
                      rep,
                      dataset,
                      modelName,
                      fw,
                      device,
                      epochs,
                      batch,
                      samples,
                      spec.parameterCount(),
                      options.threads(),
                      null,
                      null);
              if (!provider.hasCapability(Capability.TRAIN)) {
                t =
                    t.notRunnable(
                        TrialStatus.UNSUPPORTED,
                        provider.missingCapabilityReason(Capability.TRAIN));
              } else if (!provider.hasCapability(device.capability())) {
                t =
                    t.notRunnable(
                        TrialStatus.UNSUPPORTED,
                        provider.missingCapabilityReason(device.capability()));
              } else if (device == Device.GPU && !gpuPresent) {
                t = t.notRunnable(TrialStatus.SKIPPED, "no CUDA GPU detected on this machine");
              }
              trials.add(t);
            }
          }
        }
      }
    }
    return trials;
  }

  /**
   * The order of the frameworks in one round: row {@code round - 1} (mod n) of a Williams design, a
   * balanced Latin square in which every framework takes every position once in n rounds and, for
   * an even n, follows every other framework exactly once (for an odd n, at most twice in n
   * rounds). Relabelled so that round 1 keeps the order given.
   *
   * @param frameworks the frameworks in the order given
   * @param round the repetition, from 1
   * @return the same frameworks in this round's order
   */
  static List<String> roundOrder(List<String> frameworks, int round) {
    int n = frameworks.size();
    int[] first = williamsRow(n, 0);
    int[] label = new int[n];
    for (int position = 0; position < n; position++) {
      label[first[position]] = position;
    }
    List<String> order = new ArrayList<>(n);
    for (int symbol : williamsRow(n, Math.floorMod(round - 1, Math.max(n, 1)))) {
      order.add(frameworks.get(label[symbol]));
    }
    return order;
  }

  /** Row {@code row} of the Williams design of order n: 0, n-1, 1, n-2, ... shifted by the row. */
  private static int[] williamsRow(int n, int row) {
    int[] out = new int[n];
    for (int j = 0; j < n; j++) {
      int base = j % 2 == 0 ? j / 2 : n - (j + 1) / 2;
      out[j] = (base + row) % n;
    }
    return out;
  }

  /** Training examples of a thread-sweep trial unless {@code -Dsamples} says otherwise. */
  static final int SWEEP_SAMPLES = 3000;

  /**
   * The thread sweep: each framework trains mnist-cnn (or the MNIST models given) for one epoch at
   * 1, 2, ... N threads, N = the machine's cores, on the CPU.
   */
  static List<PlannedTrial> threadSweep(
      BenchOptions options, Map<String, FrameworkProvider> providers) {
    List<PlannedTrial> trials = new ArrayList<>();
    int cores = Runtime.getRuntime().availableProcessors();
    for (int rep = 1; rep <= options.repeats(); rep++) {
      for (String modelName : models(options, "mnist")) {
        ModelSpec spec = options.entry(modelName).spec();
        int epochs = options.epochs() > 0 ? options.epochs() : 1;
        int batch = options.batch() > 0 ? options.batch() : spec.batchSize();
        int samples = options.samples() >= 0 ? options.samples() : SWEEP_SAMPLES;
        for (int threads = 1; threads <= cores; threads++) {
          for (String fw : options.frameworks()) {
            String id =
                String.format(
                    Locale.ROOT, "threads-%s-%s-cpu-t%d-r%d", modelName, fw, threads, rep);
            PlannedTrial t =
                new PlannedTrial(
                    id,
                    rep,
                    "mnist",
                    modelName,
                    fw,
                    Device.CPU,
                    epochs,
                    batch,
                    samples,
                    spec.parameterCount(),
                    threads,
                    null,
                    null);
            if (!providers.get(fw).hasCapability(Capability.TRAIN)) {
              t =
                  t.notRunnable(
                      TrialStatus.UNSUPPORTED, providers.get(fw).displayName() + " cannot train");
            }
            trials.add(t);
          }
        }
      }
    }
    return trials;
  }

  /**
   * The models a dataset trains: those of {@code -Dmodels} that fit it, and every model of {@code
   * -Dmodel.file} whose shapes fit it. Without either, the dataset's default model; with model
   * files alone, only the files' models.
   */
  public static List<String> models(BenchOptions options, String dataset) {
    List<String> files = options.modelSet().fileModels();
    if (options.models().isEmpty() && files.isEmpty()) {
      return List.of(Datasets.get(dataset).defaultModel());
    }
    List<String> out = new ArrayList<>();
    for (String m : options.models()) {
      if (options.fits(dataset, m)) {
        out.add(m);
      }
    }
    for (String f : files) {
      if (!out.contains(f) && options.fits(dataset, f)) {
        out.add(f);
      }
    }
    return out;
  }
}
