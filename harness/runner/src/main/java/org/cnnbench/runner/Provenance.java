package org.cnnbench.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;

/** Collects the environment record every result is traced to: machine, JVM, libraries, settings. */
final class Provenance {

  /**
   * Names (or name prefixes, ending in {@code _}) of environment variables that change how an engine,
   * its native libraries or a trial's JVM run. Every trial inherits the runner's environment, so such a
   * variable set in the user's shell reaches every trial; what a provider sets itself
   * ({@code child_environment}) wins over it.
   */
  static final List<String> ENGINE_VARIABLES = List.of("OMP_", "GOMP_", "KMP_", "MKL_", "OPENBLAS_",
      "DNNL_", "ONEDNN_", "MKLDNN_", "TF_", "MXNET_", "PYTORCH_", "TORCH_", "ND4J_", "BACKEND_PRIORITY_",
      "CUDA_", "NVIDIA_", "MALLOC_", "GLIBC_TUNABLES", "LD_PRELOAD", "LD_LIBRARY_PATH", "JAVA_TOOL_OPTIONS",
      "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "PYTHONPATH");

  private Provenance() {}

  /**
   * @param environment the runner's environment
   * @return its variables that match {@link #ENGINE_VARIABLES}, sorted by name
   */
  static SortedMap<String, String> inheritedEngineEnvironment(Map<String, String> environment) {
    SortedMap<String, String> inherited = new TreeMap<>();
    environment.forEach((name, value) -> {
      for (String v : ENGINE_VARIABLES) {
        if (v.endsWith("_") ? name.startsWith(v) : name.equals(v)) {
          inherited.put(name, value);
          break;
        }
      }
    });
    return inherited;
  }

  static Map<String, String> collect(BenchOptions options, String runId, List<FrameworkProvider> providers,
      boolean gpuPresent) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("run_id", runId);
    env.put("start_time", Instant.now().toString());
    env.put("command_line", options.commandLine());
    env.put("cnnbench.profile", options.profile());
    env.put("cnnbench.threads", String.valueOf(options.threads()));
    env.put("cnnbench.seed", String.valueOf(options.seed()));
    env.put("cnnbench.repeats", String.valueOf(options.repeats()));
    env.put("cnnbench.timeout_minutes", String.valueOf(options.timeoutMinutes()));
    env.put("cnnbench.child_heap", options.childHeap());
    env.put("cnnbench.device", options.device());
    env.put("cnnbench.learning_rate", options.learningRate() > 0 ? String.valueOf(options.learningRate())
        : "model default");
    env.put("cnnbench.dataset_options", options.datasetOptions().toString());
    for (String model : options.modelSet().fileModels()) {
      env.put("model_file." + model, options.modelSet().reference(model) + " ("
          + options.entry(model).source() + ")");
    }
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    env.put("cpu.model", cpuModel());
    env.put("cpu.cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    env.put("memory.total_mb", memoryMb());
    env.put("gpu.present", String.valueOf(gpuPresent));
    if (gpuPresent) {
      env.putAll(GpuInfo.describe());
    }
    env.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
    env.put("jvm.vendor", System.getProperty("java.vm.vendor"));
    SortedMap<String, String> inherited = inheritedEngineEnvironment(System.getenv());
    env.put("inherited_environment", inherited.isEmpty() ? "none" : inherited.toString());
    env.put("git.commit", git(options.root(), "rev-parse", "HEAD"));
    env.put("git.dirty", String.valueOf(!git(options.root(), "status", "--porcelain").isEmpty()));
    Map<String, FrameworkProvider> byName = new LinkedHashMap<>();
    providers.forEach(p -> byName.put(p.name(), p));
    try {
      env.putAll(BuildCheck.describe(byName));
    } catch (RuntimeException e) {
      env.put("build.stamps", "unavailable: " + e.getMessage());
    }
    for (FrameworkProvider p : providers) {
      String prefix = "framework." + p.name() + ".";
      env.put(prefix + "display_name", p.displayName());
      env.put(prefix + "capabilities", p.capabilities().toString());
      env.put(prefix + "child_environment", new TreeMap<>(
          TrialLauncher.childEnvironment(p, options.threads(), Device.CPU)).toString());
      if (p.hasCapability(Capability.DEVICE_GPU)) {
        env.put(prefix + "child_environment_gpu", new TreeMap<>(
            TrialLauncher.childEnvironment(p, options.threads(), Device.GPU)).toString());
      }
      env.put(prefix + "child_properties", new TreeMap<>(
          p.childSystemProperties(options.threads())).toString());
      try {
        env.put(prefix + "artifacts", String.join(" ", p.childClasspath().stream()
            .map(e -> Path.of(e).getFileName().toString()).filter(n -> n.endsWith(".jar")).toList()));
      } catch (RuntimeException e) {
        env.put(prefix + "artifacts", "unavailable: " + e.getMessage());
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
          return String.format(Locale.ROOT, "%d", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return "";
  }

  private static String git(Path root, String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", root.toString()));
    cmd.addAll(List.of(args));
    try {
      ChildResult git = ChildProcess.capture(ChildSpec.builder().setCommand(cmd).optStderr(Output.MERGE)
          .optTimeout(Duration.ofSeconds(10)).build());
      return git.succeeded() ? git.output().trim() : "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
