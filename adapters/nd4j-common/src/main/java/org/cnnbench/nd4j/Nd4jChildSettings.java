package org.cnnbench.nd4j;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.OptionSpec;

/**
 * What a trial's JVM needs for ND4J, shared by both Deeplearning4j providers. Pure Java: the runner
 * asks it in its own JVM.
 */
public final class Nd4jChildSettings {

  private static final long GIB = 1L << 30;

  /**
   * {@code -Ddl4j.native}: forces one native build of libnd4j ({@link Nd4jNativeBuild}); not given,
   * the fastest build the CPU runs. Both Deeplearning4j providers declare it.
   */
  public static final OptionSpec NATIVE_BUILD =
      OptionSpec.of(
              Nd4jNativeBuild.PROPERTY,
              OptionSpec.Type.CHOICE,
              "",
              "the native build of libnd4j; not given: the fastest one the CPU runs")
          .withParser(
              Arrays.stream(Nd4jNativeBuild.values()).map(Nd4jNativeBuild::id).toList(),
              v -> Nd4jNativeBuild.of(v).id());

  private Nd4jChildSettings() {}

  /**
   * JavaCPP caps ND4J's off-heap memory from {@code -Xmx} by default ({@code maxBytes = Xmx},
   * {@code maxPhysicalBytes = 4 * Xmx}); with a small heap the larger models fail with "Physical
   * memory usage is too high". The caps are set here from the machine's memory instead, so they do
   * not depend on the child's heap size: off-heap arrays up to half the RAM (at most 8 GiB) before
   * JavaCPP forces a GC, and the whole process up to 80% of the RAM. The chosen native build goes
   * along as {@code -Ddl4j.native}, so the trial records it and the fairness table shows it.
   *
   * @param threads the thread count to pin
   * @param build the native build on the trial's class path
   * @return property name to value
   */
  public static Map<String, String> systemProperties(int threads, Nd4jNativeBuild build) {
    requirePositive(threads);
    long total = totalMemoryBytes();
    long maxBytes = Math.max(GIB, Math.min(8 * GIB, total / 2));
    long maxPhysical = Math.max(maxBytes + GIB, total / 10 * 8);
    Map<String, String> props = new LinkedHashMap<>();
    props.put("org.bytedeco.javacpp.maxBytes", Long.toString(maxBytes));
    props.put("org.bytedeco.javacpp.maxPhysicalBytes", Long.toString(maxPhysical));
    props.put(Nd4jNativeBuild.PROPERTY, build.id());
    return props;
  }

  /**
   * libnd4j's OpenMP pool and OpenBLAS read their thread counts from the environment at load. ND4J
   * loads the backend with the highest priority that can run; with both backends on the class path
   * (a {@code -Pgpu} build) the priorities make the trial's device decide.
   *
   * @param threads the thread count to pin
   * @param device the trial's device, or null for the thread variables only
   * @return variable name to value
   */
  public static Map<String, String> environment(int threads, Device device) {
    requirePositive(threads);
    String n = Integer.toString(threads);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OMP_NUM_THREADS", n);
    env.put("MKL_NUM_THREADS", n);
    env.put("OPENBLAS_NUM_THREADS", n);
    if (device != null) {
      boolean gpu = device == Device.GPU;
      env.put("BACKEND_PRIORITY_CPU", gpu ? "0" : "100");
      env.put("BACKEND_PRIORITY_GPU", gpu ? "100" : "0");
    }
    return env;
  }

  /**
   * @param adapterClasspath the adapter's full class path, every shipped native build included
   * @return the class path with only this machine's native build
   */
  public static List<String> classpath(List<String> adapterClasspath) {
    return Nd4jNativeBuild.forThisMachine().keepOnly(adapterClasspath);
  }

  /**
   * @param threads a thread count
   * @throws IllegalArgumentException unless positive
   */
  public static void requirePositive(int threads) {
    if (threads <= 0) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
  }

  private static long totalMemoryBytes() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      long total = os.getTotalMemorySize();
      if (total > 0) {
        return total;
      }
    }
    return 8 * GIB;
  }
}
