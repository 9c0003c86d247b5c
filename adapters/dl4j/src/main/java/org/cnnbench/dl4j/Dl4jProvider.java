package org.cnnbench.dl4j;

import java.lang.management.ManagementFactory;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.FrameworkSession;

/**
 * Deeplearning4j 1.0.0-M2.1 on ND4J's native CPU backend, found through {@link java.util.ServiceLoader}.
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

  @Override
  public Set<Capability> capabilities() {
    // CPU only: the CUDA backend (nd4j-cuda-11.6) would come through a build profile.
    return EnumSet.of(Capability.TRAIN, Capability.INFER, Capability.DEVICE_CPU);
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

  @Override
  public FrameworkSession open(Device device, int threads) {
    requirePositive(threads);
    if (device != Device.CPU) {
      throw new UnsupportedOperationException("the dl4j adapter is built for the CPU only (nd4j-native);"
          + " running on " + device.id() + " needs the nd4j-cuda backend, which this build does not"
          + " include");
    }
    return Dl4jSession.open(threads);
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
