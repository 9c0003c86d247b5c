package org.cnnbench.nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnnbench.spi.AdapterClasspath;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkDescription;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.OptionSpec;

/**
 * The part of a Deeplearning4j adapter that does not depend on the API it trains with:
 * capabilities, the trial JVM's memory caps, native build, thread variables and class path, and the
 * device check before a session opens. Each adapter gives its name, its own options and the session
 * it opens.
 *
 * <p>Subclasses must stay free of ND4J and DL4J types: the runner instantiates a provider in its
 * own JVM to read its name, capabilities and child settings, and only a trial's child JVM calls
 * {@link #open}, which loads the natives through the adapter's {@link Nd4jSession}.
 */
public abstract class Nd4jProvider implements FrameworkProvider {

  /** The file name of ND4J's CUDA backend jar, on the class path of a {@code -Pgpu} build only. */
  static final String CUDA_BACKEND_JAR = "nd4j-cuda-";

  private final String name;
  private final String displayName;
  private final FrameworkDescription description;

  /**
   * @param name the short name used in {@code -Dframeworks=}
   * @param displayName the name the report shows
   * @param description what the adapter runs, for the report
   */
  protected Nd4jProvider(String name, String displayName, FrameworkDescription description) {
    this.name = name;
    this.displayName = displayName;
    this.description = description;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String displayName() {
    return displayName;
  }

  @Override
  public final FrameworkDescription description() {
    return description;
  }

  /** CPU always; GPU when the build ({@code -Pgpu}) put ND4J's CUDA backend on the class path. */
  @Override
  public final Set<Capability> capabilities() {
    return AdapterClasspath.trainingCapabilities(this, CUDA_BACKEND_JAR);
  }

  /**
   * Memory caps and the native build, see {@link Nd4jChildSettings#systemProperties}, then the
   * adapter's own ({@link #adapterSystemProperties}), so the trial builds and records what was
   * chosen here.
   */
  @Override
  public final Map<String, String> childSystemProperties(int threads) {
    Map<String, String> props =
        new LinkedHashMap<>(
            Nd4jChildSettings.systemProperties(threads, Nd4jNativeBuild.forThisMachine()));
    props.putAll(adapterSystemProperties());
    return props;
  }

  /**
   * The adapter's own system properties for a trial's JVM, on top of the shared ones. None by
   * default.
   *
   * @return property name to value
   */
  protected Map<String, String> adapterSystemProperties() {
    return Map.of();
  }

  /** libnd4j's OpenMP pool and OpenBLAS read their thread counts from the environment at load. */
  @Override
  public final Map<String, String> childEnvironment(int threads) {
    return Nd4jChildSettings.environment(threads, null);
  }

  /**
   * ND4J loads the backend with the highest priority that can run; with both backends on the class
   * path (a {@code -Pgpu} build) these variables make the trial's device decide, so a CPU trial
   * never lands on CUDA and a GPU trial never silently on the CPU ({@link Nd4jRuntime#open} checks
   * which loaded).
   */
  @Override
  public final Map<String, String> childEnvironment(int threads, Device device) {
    return Nd4jChildSettings.environment(threads, device);
  }

  /**
   * The adapter's class path with only the native build chosen for this CPU ({@link
   * Nd4jNativeBuild}).
   */
  @Override
  public final List<String> childClasspath() {
    return Nd4jChildSettings.classpath(AdapterClasspath.of(this));
  }

  /** {@code -Ddl4j.native}, then the adapter's own options ({@link #adapterOptions}). */
  @Override
  public final List<OptionSpec> options() {
    List<OptionSpec> options = new ArrayList<>();
    options.add(Nd4jChildSettings.NATIVE_BUILD);
    options.addAll(adapterOptions());
    return List.copyOf(options);
  }

  /**
   * The adapter's own {@code -D} options, beside {@code -Ddl4j.native}. None by default.
   *
   * @return their declarations
   */
  protected List<OptionSpec> adapterOptions() {
    return List.of();
  }

  /**
   * Fails early on an unknown or unusable {@code -Ddl4j.native}, then on the adapter's own options.
   */
  @Override
  public final void checkOptions() {
    Nd4jNativeBuild.forThisMachine();
    checkAdapterOptions();
  }

  /** Fails early on an unknown value of one of the adapter's own options. None by default. */
  protected void checkAdapterOptions() {}

  @Override
  public final FrameworkSession open(Device device, int threads) {
    Nd4jChildSettings.requirePositive(threads);
    if (device == Device.GPU && !hasCapability(Capability.DEVICE_GPU)) {
      throw new UnsupportedOperationException(
          "the "
              + name()
              + " adapter was built for the CPU only"
              + " (nd4j-native); running on the GPU needs the nd4j-cuda backend: build with -Pgpu");
    }
    return openSession(threads, device);
  }

  /**
   * Loads ND4J in this (the trial's) JVM and opens the adapter's session.
   *
   * @param threads intra-op threads, positive
   * @param device the device whose backend must load
   * @return the session
   */
  protected abstract Nd4jSession openSession(int threads, Device device);
}
