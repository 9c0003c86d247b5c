package org.cnnbench.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cnnbench.process.ChildProcess;
import org.cnnbench.process.ChildResult;
import org.cnnbench.process.ChildSpec;
import org.cnnbench.process.Output;
import org.cnnbench.results.EnvironmentKey;
import org.cnnbench.results.EnvironmentKey.FrameworkFact;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;

/** Collects the environment record every result is traced to: machine, JVM, libraries, settings. */
final class Provenance {

  /**
   * Names (or name prefixes, ending in {@code _}) of environment variables that change how an
   * engine, its native libraries or a trial's JVM run. Every trial inherits the runner's
   * environment, so such a variable set in the user's shell reaches every trial; what a provider
   * sets itself ({@code child_environment}) wins over it.
   */
  static final List<String> ENGINE_VARIABLES =
      List.of(
          "OMP_",
          "GOMP_",
          "KMP_",
          "MKL_",
          "OPENBLAS_",
          "DNNL_",
          "ONEDNN_",
          "MKLDNN_",
          "TF_",
          "MXNET_",
          "PYTORCH_",
          "TORCH_",
          "ND4J_",
          "BACKEND_PRIORITY_",
          "CUDA_",
          "NVIDIA_",
          "MALLOC_",
          "GLIBC_TUNABLES",
          "LD_PRELOAD",
          "LD_LIBRARY_PATH",
          "JAVA_TOOL_OPTIONS",
          "_JAVA_OPTIONS",
          "JDK_JAVA_OPTIONS",
          "PYTHONPATH");

  private Provenance() {}

  /**
   * @param environment the runner's environment
   * @return its variables that match {@link #ENGINE_VARIABLES}, sorted by name
   */
  static SortedMap<String, String> inheritedEngineEnvironment(Map<String, String> environment) {
    SortedMap<String, String> inherited = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          for (String v : ENGINE_VARIABLES) {
            if (v.endsWith("_") ? name.startsWith(v) : name.equals(v)) {
              inherited.put(name, value);
              break;
            }
          }
        });
    return inherited;
  }

  static Map<String, String> collect(
      BenchOptions options, String runId, List<FrameworkProvider> providers, boolean gpuPresent) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(EnvironmentKey.RUN_ID.key(), runId);
    env.put(EnvironmentKey.START_TIME.key(), Instant.now().toString());
    env.put(EnvironmentKey.COMMAND_LINE.key(), options.commandLine());
    env.put(EnvironmentKey.PROFILE.key(), options.profile());
    env.put(EnvironmentKey.THREADS.key(), String.valueOf(options.threads()));
    env.put(EnvironmentKey.SEED.key(), String.valueOf(options.seed()));
    env.put(EnvironmentKey.REPEATS.key(), String.valueOf(options.repeats()));
    env.put(EnvironmentKey.TIMEOUT_MINUTES.key(), String.valueOf(options.timeoutMinutes()));
    env.put(EnvironmentKey.CHILD_HEAP.key(), options.childHeap());
    env.put(EnvironmentKey.DEVICE.key(), options.device());
    env.put(
        EnvironmentKey.LEARNING_RATE.key(),
        options.learningRate() > 0 ? String.valueOf(options.learningRate()) : "model default");
    env.put(EnvironmentKey.DATASET_OPTIONS.key(), options.datasetOptions().toString());
    for (String model : options.modelSet().fileModels()) {
      env.put(
          EnvironmentKey.modelFile(model),
          options.modelSet().reference(model) + " (" + options.entry(model).source() + ")");
    }
    env.put(
        EnvironmentKey.OS.key(),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    env.put(EnvironmentKey.CPU_MODEL.key(), cpuModel());
    env.put(
        EnvironmentKey.CPU_CORES.key(), String.valueOf(Runtime.getRuntime().availableProcessors()));
    env.put(EnvironmentKey.MEMORY_TOTAL_MB.key(), memoryMb());
    env.put(EnvironmentKey.GPU_PRESENT.key(), String.valueOf(gpuPresent));
    if (gpuPresent) {
      env.putAll(GpuInfo.describe());
    }
    env.put(
        EnvironmentKey.JVM.key(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
    env.put(EnvironmentKey.JVM_VENDOR.key(), System.getProperty("java.vm.vendor"));
    SortedMap<String, String> inherited = inheritedEngineEnvironment(System.getenv());
    env.put(
        EnvironmentKey.INHERITED_ENVIRONMENT.key(),
        inherited.isEmpty() ? "none" : inherited.toString());
    env.put(EnvironmentKey.GIT_COMMIT.key(), git(options.root(), "rev-parse", "HEAD"));
    env.put(
        EnvironmentKey.GIT_DIRTY.key(),
        String.valueOf(!git(options.root(), "status", "--porcelain").isEmpty()));
    Map<String, FrameworkProvider> byName = new LinkedHashMap<>();
    providers.forEach(p -> byName.put(p.name(), p));
    try {
      env.putAll(BuildCheck.describe(byName));
    } catch (RuntimeException e) {
      env.put(EnvironmentKey.BUILD_STAMPS.key(), "unavailable: " + e.getMessage());
    }
    for (FrameworkProvider p : providers) {
      env.put(EnvironmentKey.framework(p.name(), FrameworkFact.DISPLAY_NAME), p.displayName());
      env.put(
          EnvironmentKey.framework(p.name(), FrameworkFact.CAPABILITIES),
          p.capabilities().toString());
      env.put(
          EnvironmentKey.framework(p.name(), FrameworkFact.CHILD_ENVIRONMENT),
          new TreeMap<>(TrialLauncher.childEnvironment(p, options.threads(), Device.CPU))
              .toString());
      if (p.hasCapability(Capability.DEVICE_GPU)) {
        env.put(
            EnvironmentKey.framework(p.name(), FrameworkFact.CHILD_ENVIRONMENT_GPU),
            new TreeMap<>(TrialLauncher.childEnvironment(p, options.threads(), Device.GPU))
                .toString());
      }
      env.put(
          EnvironmentKey.framework(p.name(), FrameworkFact.CHILD_PROPERTIES),
          new TreeMap<>(p.childSystemProperties(options.threads())).toString());
      if (!p.options().isEmpty()) {
        // The adapter's own options in force for this run: given, restored by -Dresume, or
        // defaults.
        Map<String, String> settings = new LinkedHashMap<>();
        p.options().forEach(o -> settings.put(o.key(), o.value()));
        env.put(EnvironmentKey.framework(p.name(), FrameworkFact.OPTIONS), settings.toString());
      }
      try {
        env.put(
            EnvironmentKey.framework(p.name(), FrameworkFact.ARTIFACTS),
            String.join(
                " ",
                p.childClasspath().stream()
                    .map(e -> Path.of(e).getFileName().toString())
                    .filter(n -> n.endsWith(".jar"))
                    .toList()));
      } catch (RuntimeException e) {
        env.put(
            EnvironmentKey.framework(p.name(), FrameworkFact.ARTIFACTS),
            "unavailable: " + e.getMessage());
      }
    }
    return env;
  }

  static boolean gpuPresent() {
    return GpuInfo.present(Path.of("/"));
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  private static String memoryMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.UTF_8)) {
        if (line.startsWith("MemTotal:")) {
          return String.format(
              Locale.ROOT, "%d", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return "";
  }

  private static String git(Path root, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", root.toString()));
    cmd.addAll(List.of(args));
    try {
      ChildResult git =
          ChildProcess.capture(
              ChildSpec.builder()
                  .setCommand(cmd)
                  .optStderr(Output.MERGE)
                  .optTimeout(Duration.ofSeconds(10))
                  .build());
      return git.succeeded() ? git.output().trim() : "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
