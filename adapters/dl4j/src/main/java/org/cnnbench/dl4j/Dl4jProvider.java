package org.cnnbench.dl4j;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnnbench.nd4j.Nd4jChildSettings;
import org.cnnbench.nd4j.Nd4jNativeBuild;
import org.cnnbench.spi.AdapterClasspath;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkDescription;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.OptionSpec;

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

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String displayName() {
    return "Deeplearning4j MultiLayerNetwork";
  }

  @Override
  public FrameworkDescription description() {
    return new FrameworkDescription("Deeplearning4j: a MultiLayerNetwork on ND4J",
        "DL4J MultiLayerNetwork configuration API", "Java");
  }

  /** The file name of ND4J's CUDA backend jar, on the class path of a {@code -Pgpu} build only. */
  static final String CUDA_BACKEND_JAR = "nd4j-cuda-";

  /** CPU always; GPU when the build ({@code -Pgpu}) put ND4J's CUDA backend on the class path. */
  @Override
  public Set<Capability> capabilities() {
    return AdapterClasspath.trainingCapabilities(this, CUDA_BACKEND_JAR);
  }

  /** Memory caps and the native build, see {@link Nd4jChildSettings#systemProperties}. */
  @Override
  public Map<String, String> childSystemProperties(int threads) {
    return Nd4jChildSettings.systemProperties(threads, Nd4jNativeBuild.forThisMachine());
  }

  /** libnd4j's OpenMP pool and OpenBLAS read their thread counts from the environment at load. */
  @Override
  public Map<String, String> childEnvironment(int threads) {
    return Nd4jChildSettings.environment(threads, null);
  }

  /**
   * ND4J loads the backend with the highest priority that can run; with both backends on the class
   * path (a {@code -Pgpu} build) these variables make the trial's device decide, so a CPU trial never
   * lands on CUDA and a GPU trial never silently on the CPU ({@link Dl4jSession} checks which loaded).
   */
  @Override
  public Map<String, String> childEnvironment(int threads, Device device) {
    return Nd4jChildSettings.environment(threads, device);
  }

  /** The adapter's class path with only the native build chosen for this CPU ({@link Nd4jNativeBuild}). */
  @Override
  public List<String> childClasspath() {
    return Nd4jChildSettings.classpath(AdapterClasspath.of(this));
  }

  /** {@code -Ddl4j.native}. */
  @Override
  public List<OptionSpec> options() {
    return List.of(Nd4jChildSettings.NATIVE_BUILD);
  }

  /** Fails early on an unknown or unusable {@code -Ddl4j.native}. */
  @Override
  public void checkOptions() {
    Nd4jNativeBuild.forThisMachine();
  }

  @Override
  public FrameworkSession open(Device device, int threads) {
    Nd4jChildSettings.requirePositive(threads);
    if (device == Device.GPU && !hasCapability(Capability.DEVICE_GPU)) {
      throw new UnsupportedOperationException("the dl4j adapter was built for the CPU only"
          + " (nd4j-native); running on the GPU needs the nd4j-cuda backend: build with -Pgpu");
    }
    return Dl4jSession.open(threads, device);
  }
}
