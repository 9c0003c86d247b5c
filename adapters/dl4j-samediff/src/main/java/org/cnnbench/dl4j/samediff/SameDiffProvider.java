package org.cnnbench.dl4j.samediff;

import java.util.Arrays;
import java.util.LinkedHashMap;
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
 * Deeplearning4j 1.0.0-M2.1's SameDiff API on ND4J's native CPU backend, found through
 * {@link java.util.ServiceLoader}. Free of ND4J types, like every provider: only a trial's JVM loads
 * the natives, through {@link SameDiffSession}.
 */
public final class SameDiffProvider implements FrameworkProvider {

  /** The short name used in {@code -Dframeworks=}. */
  public static final String NAME = "dl4j-samediff";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String displayName() {
    return "Deeplearning4j SameDiff";
  }

  @Override
  public FrameworkDescription description() {
    return new FrameworkDescription("Deeplearning4j: a SameDiff graph (ND4J autodiff, libnd4j conv2d ops;"
        + " oneDNN in the oneDNN build), the second DL4J API", "ND4J SameDiff graph API", "Java");
  }

  /** The file name of ND4J's CUDA backend jar, on the class path of a {@code -Pgpu} build only. */
  static final String CUDA_BACKEND_JAR = "nd4j-cuda-";

  /** CPU always; GPU when the build ({@code -Pgpu}) put ND4J's CUDA backend on the class path. */
  @Override
  public Set<Capability> capabilities() {
    return AdapterClasspath.trainingCapabilities(this, CUDA_BACKEND_JAR);
  }

  /**
   * Memory caps and the native build, see {@link Nd4jChildSettings#systemProperties}, and the
   * graph's layout ({@link SameDiffLayout}), so the trial builds and records the one chosen here.
   */
  @Override
  public Map<String, String> childSystemProperties(int threads) {
    Map<String, String> props = new LinkedHashMap<>(
        Nd4jChildSettings.systemProperties(threads, Nd4jNativeBuild.forThisMachine()));
    props.put(SameDiffLayout.PROPERTY, SameDiffLayout.fromSystemProperty().id());
    return props;
  }

  @Override
  public Map<String, String> childEnvironment(int threads) {
    return Nd4jChildSettings.environment(threads, null);
  }

  @Override
  public Map<String, String> childEnvironment(int threads, Device device) {
    return Nd4jChildSettings.environment(threads, device);
  }

  /** The adapter's class path with only the native build chosen for this CPU ({@link Nd4jNativeBuild}). */
  @Override
  public List<String> childClasspath() {
    return Nd4jChildSettings.classpath(AdapterClasspath.of(this));
  }

  /** {@code -Dsamediff.layout}: the layout of the graph's activations ({@link SameDiffLayout}). */
  static final OptionSpec LAYOUT = OptionSpec.of(SameDiffLayout.PROPERTY, OptionSpec.Type.CHOICE,
      SameDiffLayout.DEFAULT.id(), "the memory layout of the SameDiff graph's convolution activations")
      .withParser(Arrays.stream(SameDiffLayout.values()).map(SameDiffLayout::id).toList(),
          v -> SameDiffLayout.of(v).id());

  /** {@code -Ddl4j.native} and {@code -Dsamediff.layout}. */
  @Override
  public List<OptionSpec> options() {
    return List.of(Nd4jChildSettings.NATIVE_BUILD, LAYOUT);
  }

  /** Fails early on an unusable {@code -Ddl4j.native} or an unknown {@code -Dsamediff.layout}. */
  @Override
  public void checkOptions() {
    Nd4jNativeBuild.forThisMachine();
    SameDiffLayout.fromSystemProperty();
  }

  @Override
  public FrameworkSession open(Device device, int threads) {
    Nd4jChildSettings.requirePositive(threads);
    if (device == Device.GPU && !hasCapability(Capability.DEVICE_GPU)) {
      throw new UnsupportedOperationException("the dl4j-samediff adapter was built for the CPU only"
          + " (nd4j-native); running on the GPU needs the nd4j-cuda backend: build with -Pgpu");
    }
    return SameDiffSession.open(threads, device);
  }
}
