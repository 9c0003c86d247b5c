package org.cnnbench.dl4j;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.cnnbench.spi.AdapterClasspath;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.FrameworkSession;

/**
 * Deeplearning4j 1.0.0-M2.1 on ND4J's native CPU backend (and, in a {@code -Pgpu} build, its CUDA
 * 11.6 backend), found through {@link java.util.ServiceLoader}.
 *
 * <p>This class must stay free of ND4J and DL4J types: the runner instantiates it in its own JVM to
 * read its name, capabilities and child settings, and only a trial's child JVM calls {@link #open},
 * which loads the natives through {@link Dl4jSession}.
 */
public final class Dl4jProvider implements FrameworkProvider {

  /** The short name used in {@code -Dframeworks=}. */
  public static final String NAME = "dl4j";

  private static final long GIB = 1L << 30;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String displayName() {
    return "Deeplearning4j";
  }

  /** The file name of ND4J's CUDA backend jar, on the class path of a {@code -Pgpu} build only. */
  static final String CUDA_BACKEND_JAR = "nd4j-cuda-";

  /** CPU always; GPU when the build ({@code -Pgpu}) put ND4J's CUDA backend on the class path. */
  @Override
  public Set<Capability> capabilities() {
    return AdapterClasspath.trainingCapabilities(this, CUDA_BACKEND_JAR);
  }

  /**
   * JavaCPP caps ND4J's off-heap memory from {@code -Xmx} by default ({@code maxBytes = Xmx},
   * {@code maxPhysicalBytes = 4 * Xmx}); with a small heap the larger models fail with "Physical
   * memory usage is too high". The caps are set here from the machine's memory instead, so they do
   * not depend on the child's heap size: off-heap arrays up to half the RAM (at most 8 GiB) before
   * JavaCPP forces a GC, and the whole process up to 80% of the RAM.
   */
  @Override
  public Map<String, String> childSystemProperties(int threads) {
    requirePositive(threads);
    long total = totalMemoryBytes();
    long maxBytes = Math.max(GIB, Math.min(8 * GIB, total / 2));
    long maxPhysical = Math.max(maxBytes + GIB, total / 10 * 8);
    Map<String, String> props = new LinkedHashMap<>();
    props.put("org.bytedeco.javacpp.maxBytes", Long.toString(maxBytes));
    props.put("org.bytedeco.javacpp.maxPhysicalBytes", Long.toString(maxPhysical));
    return props;
  }

  /** libnd4j's OpenMP pool and OpenBLAS read their thread counts from the environment at load. */
  @Override
  public Map<String, String> childEnvironment(int threads) {
    requirePositive(threads);
    String n = Integer.toString(threads);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OMP_NUM_THREADS", n);
    env.put("MKL_NUM_THREADS", n);
    env.put("OPENBLAS_NUM_THREADS", n);
    return env;
  }

  /**
   * ND4J loads the backend with the highest priority that can run; with both backends on the class
   * path (a {@code -Pgpu} build) these variables make the trial's device decide, so a CPU trial never
   * lands on CUDA and a GPU trial never silently on the CPU ({@link Dl4jSession} checks which loaded).
   */
  @Override
  public Map<String, String> childEnvironment(int threads, Device device) {
    Map<String, String> env = new LinkedHashMap<>(childEnvironment(threads));
    boolean gpu = device == Device.GPU;
    env.put("BACKEND_PRIORITY_CPU", gpu ? "0" : "100");
    env.put("BACKEND_PRIORITY_GPU", gpu ? "100" : "0");
    return env;
  }

  @Override
  public FrameworkSession open(Device device, int threads) {
    requirePositive(threads);
    if (device == Device.GPU && !hasCapability(Capability.DEVICE_GPU)) {
      throw new UnsupportedOperationException("the dl4j adapter was built for the CPU only"
          + " (nd4j-native); running on the GPU needs the nd4j-cuda backend: build with -Pgpu");
    }
    return Dl4jSession.open(threads, device);
  }

  private static void requirePositive(int threads) {
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
