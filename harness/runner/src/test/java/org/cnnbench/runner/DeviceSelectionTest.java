package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cnnbench.results.TrialStatus;
import org.cnnbench.runner.plan.PlannedTrial;
import org.cnnbench.runner.plan.TrialPlan;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.Frameworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What -Ddevice= plans on machines with and without a GPU, for adapters with and without GPU
 * support.
 */
class DeviceSelectionTest {

  /** A CPU-only test adapter and one that claims GPU support. */
  private static final Map<String, FrameworkProvider> PROVIDERS = new LinkedHashMap<>();

  static {
    PROVIDERS.put("fake", new TestAdapters.Fake());
    PROVIDERS.put(
        "gpufake",
        new TestAdapters.Fake() {
          @Override
          public String name() {
            return "gpufake";
          }

          @Override
          public Set<Capability> capabilities() {
            return EnumSet.of(
                Capability.TRAIN, Capability.INFER, Capability.DEVICE_CPU, Capability.DEVICE_GPU);
          }
        });
  }

  private static Map<String, String> plan(String device, boolean gpuPresent) {
    Properties p = new Properties();
    p.setProperty("bench", "mnist");
    p.setProperty("device", device);
    p.setProperty("repeats", "1"); // one round: the devices of one repetition
    BenchOptions o = BenchOptions.parse(p, List.copyOf(PROVIDERS.keySet()), Path.of("/repo"));
    return TrialPlan.expand(o, PROVIDERS, gpuPresent).stream()
        .collect(
            Collectors.toMap(
                PlannedTrial::trialId,
                t -> t.runnable() ? "run" : t.preStatus() + ": " + t.preReason(),
                (a, b) -> a,
                LinkedHashMap::new));
  }

  @Test
  void autoMeansGpuWhenPresentElseCpu() {
    assertEquals(
        Map.of("mnist-mnist-cnn-fake-cpu-r1", "run", "mnist-mnist-cnn-gpufake-cpu-r1", "run"),
        plan("auto", false));
    Map<String, String> withGpu = plan("auto", true);
    assertEquals("run", withGpu.get("mnist-mnist-cnn-gpufake-gpu-r1"));
    assertTrue(
        withGpu
            .get("mnist-mnist-cnn-fake-gpu-r1")
            .startsWith(
                "UNSUPPORTED: test adapter fake in"
                    + " this build has no GPU support (build with -Pgpu)"),
        withGpu.toString());
  }

  @Test
  void gpuWithoutAGpuIsSkippedWithTheReason() {
    Map<String, String> plan = plan("gpu", false);
    assertEquals(
        "SKIPPED: no CUDA GPU detected on this machine",
        plan.get("mnist-mnist-cnn-gpufake-gpu-r1"));
    assertTrue(plan.get("mnist-mnist-cnn-fake-gpu-r1").startsWith("UNSUPPORTED"));
  }

  @Test
  void allPlansBothDevicesSideBySide() {
    assertEquals(
        List.of(
            "mnist-mnist-cnn-fake-cpu-r1",
            "mnist-mnist-cnn-fake-gpu-r1",
            "mnist-mnist-cnn-gpufake-cpu-r1",
            "mnist-mnist-cnn-gpufake-gpu-r1"),
        List.copyOf(plan("all", true).keySet()));
    assertEquals("run", plan("cpu", true).get("mnist-mnist-cnn-gpufake-cpu-r1"));
    assertEquals(2, plan("cpu", true).size());
  }

  /**
   * The real adapters, as this build made them: each either claims the GPU (a -Pgpu build) or says
   * why not in words a user can act on, and each process's environment keeps CPU trials off a GPU.
   */
  @Test
  void realAdaptersSayWhyTheyCannotUseAGpuAndKeepCpuTrialsOffIt() {
    Map<String, FrameworkProvider> real = new LinkedHashMap<>();
    realAdapters().forEach(p -> real.put(p.name(), p));
    assertEquals(
        declaredAdapterClasses(),
        real.values().stream()
            .map(p -> p.getClass().getName())
            .collect(Collectors.toCollection(TreeSet::new)),
        "every adapter module is on the class path");
    Properties props = new Properties();
    props.setProperty("bench", "mnist");
    props.setProperty("device", "gpu");
    BenchOptions o = BenchOptions.parse(props, List.copyOf(real.keySet()), Path.of("/repo"));
    for (PlannedTrial t : TrialPlan.expand(o, real, true)) {
      FrameworkProvider p = real.get(t.framework());
      if (p.hasCapability(Capability.DEVICE_GPU)) {
        assertTrue(t.runnable(), t.trialId());
      } else {
        assertEquals(TrialStatus.UNSUPPORTED, t.preStatus(), t.trialId());
        // the adapter's own reason, which names what to do (build with -Pgpu, -Dpython=, ...)
        assertEquals(p.missingCapabilityReason(Capability.DEVICE_GPU), t.preReason(), t.trialId());
        assertTrue(t.preReason().matches(".*(-P|-D|Maven|pip).*"), t.preReason());
      }
    }
    for (FrameworkProvider p : real.values()) {
      assertEquals(
          "",
          TrialLauncher.childEnvironment(p, 2, Device.CPU).get("CUDA_VISIBLE_DEVICES"),
          p.name());
      assertFalse(
          TrialLauncher.childEnvironment(p, 2, Device.GPU).containsKey("CUDA_VISIBLE_DEVICES"),
          p.name());
      assertEquals(
          "2", TrialLauncher.childEnvironment(p, 2, Device.GPU).get("OMP_NUM_THREADS"), p.name());
    }
    // an adapter on ND4J, whose backend is chosen at load time (BACKEND_PRIORITY_*), puts the
    // trial's device first
    for (FrameworkProvider p : real.values()) {
      Map<String, String> cpu = TrialLauncher.childEnvironment(p, 2, Device.CPU);
      Map<String, String> gpu = TrialLauncher.childEnvironment(p, 2, Device.GPU);
      if (org.cnnbench.spi.AdapterClasspath.lists(p, "nd4j-native")) {
        assertTrue(
            Integer.parseInt(cpu.get("BACKEND_PRIORITY_CPU"))
                > Integer.parseInt(cpu.get("BACKEND_PRIORITY_GPU")),
            p.name());
        assertTrue(
            Integer.parseInt(gpu.get("BACKEND_PRIORITY_GPU"))
                > Integer.parseInt(gpu.get("BACKEND_PRIORITY_CPU")),
            p.name());
      }
    }
  }

  /**
   * @return the provider classes that the checkout's adapter modules declare in their {@code
   *     META-INF/services} files: what ServiceLoader must find when the runner depends on each
   */
  static Set<String> declaredAdapterClasses() {
    Path adapters = Path.of(System.getProperty("cnnbench.root", "../..")).resolve("adapters");
    Set<String> out = new TreeSet<>();
    try (Stream<Path> modules = Files.list(adapters)) {
      for (Path m : modules.sorted().toList()) {
        Path services =
            m.resolve("src/main/resources/META-INF/services/" + FrameworkProvider.class.getName());
        if (Files.isRegularFile(services)) {
          Files.readAllLines(services).stream()
              .map(String::trim)
              .filter(l -> !l.isEmpty() && !l.startsWith("#"))
              .forEach(out::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertFalse(out.isEmpty(), "no adapter module declares a provider under " + adapters);
    return out;
  }

  /**
   * The adapters this build found with ServiceLoader, without the runner's test adapters: a new
   * adapter module joins the checks by being built, not by editing a list here.
   *
   * @return the real adapters, sorted by name
   */
  static List<FrameworkProvider> realAdapters() {
    return Frameworks.available().stream()
        .filter(
            p -> !p.getClass().getPackageName().equals(DeviceSelectionTest.class.getPackageName()))
        .toList();
  }

  @Test
  void gpuDetectionLooksForTheDriver(@TempDir Path root) throws IOException {
    assertFalse(GpuInfo.present(root));
    Files.createDirectories(root.resolve("proc/driver/nvidia"));
    Files.writeString(root.resolve("proc/driver/nvidia/version"), "NVRM version: 550");
    assertTrue(GpuInfo.present(root));
  }
}
