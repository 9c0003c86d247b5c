package org.cnnbench.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cnnbench.data.Datasets;
import org.cnnbench.spec.CatalogEntry;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.results.TrialStatus;

/**
 * Expands options into trials: repetition x dataset x model x framework x device. Frameworks are
 * interleaved inside each repetition, so slow drift of the machine does not favour one of them.
 */
final class TrialPlan {

  private TrialPlan() {}

  static List<PlannedTrial> expand(BenchOptions options, Map<String, FrameworkProvider> providers,
      boolean gpuPresent) {
    List<Device> devices = switch (options.device()) {
      case "cpu" -> List.of(Device.CPU);
      case "gpu" -> List.of(Device.GPU);
      case "all" -> List.of(Device.CPU, Device.GPU);
      default -> List.of(gpuPresent ? Device.GPU : Device.CPU);
    };
    List<PlannedTrial> trials = new ArrayList<>();
    if (options.benches().contains("threads")) {
      trials.addAll(threadSweep(options, providers));
    }
    for (int rep = 1; rep <= options.repeats(); rep++) {
      for (String dataset : options.datasets()) {
        for (String modelName : models(options, dataset)) {
          CatalogEntry entry = options.entry(modelName);
          ModelSpec spec = entry.spec();
          boolean paper = options.profile().equals("paper");
          int epochs = options.epochs() > 0 ? options.epochs() : paper ? spec.epochs() : entry.quickEpochs();
          int batch = options.batch() > 0 ? options.batch() : spec.batchSize();
          int samples = options.samples() >= 0 ? options.samples() : paper ? 0 : entry.quickSamples();
          for (String fw : options.frameworks()) {
            FrameworkProvider provider = providers.get(fw);
            for (Device device : devices) {
              String id = String.format(Locale.ROOT, "%s-%s-%s-%s-r%d", dataset, modelName, fw,
                  device.id(), rep);
              PlannedTrial t = new PlannedTrial(id, rep, dataset, modelName, fw, device, epochs, batch,
                  samples, spec.parameterCount(), options.threads(), null, null);
              if (!provider.hasCapability(Capability.TRAIN)) {
                t = t.notRunnable(TrialStatus.UNSUPPORTED, provider.missingCapabilityReason(Capability.TRAIN));
              } else if (!provider.hasCapability(device.capability())) {
                t = t.notRunnable(TrialStatus.UNSUPPORTED, provider.missingCapabilityReason(device.capability()));
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

  /** Training examples of a thread-sweep trial unless {@code -Dsamples} says otherwise. */
  static final int SWEEP_SAMPLES = 3000;

  /**
   * The thread sweep: each framework trains mnist-cnn (or the MNIST models given) for one epoch at
   * 1, 2, ... N threads, N = the machine's cores, on the CPU.
   */
  static List<PlannedTrial> threadSweep(BenchOptions options, Map<String, FrameworkProvider> providers) {
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
            String id = String.format(Locale.ROOT, "threads-%s-%s-cpu-t%d-r%d", modelName, fw, threads, rep);
            PlannedTrial t = new PlannedTrial(id, rep, "mnist", modelName, fw, Device.CPU, epochs, batch,
                samples, spec.parameterCount(), threads, null, null);
            if (!providers.get(fw).hasCapability(Capability.TRAIN)) {
              t = t.notRunnable(TrialStatus.UNSUPPORTED, providers.get(fw).displayName() + " cannot train");
            }
            trials.add(t);
          }
        }
      }
    }
    return trials;
  }

  /**
   * The models a dataset trains: those of {@code -Dmodels} that fit it, and every model of
   * {@code -Dmodel.file} whose shapes fit it. Without either, the dataset's default model; with model
   * files alone, only the files' models.
   */
  static List<String> models(BenchOptions options, String dataset) {
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
