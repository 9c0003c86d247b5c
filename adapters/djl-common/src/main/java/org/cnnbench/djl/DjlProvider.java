package org.cnnbench.djl;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.cnnbench.spi.AdapterClasspath;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.FrameworkSession;

/**
 * The part of a DJL engine adapter that does not depend on the engine: capabilities, offline mode
 * and opening a {@link DjlSession}. Engine modules give the engine's name, natives and thread
 * settings.
 */
public abstract class DjlProvider implements FrameworkProvider {

  private final String engineName;
  private final String nativeJarPrefix;
  private final String gpuNativeJarPrefix;

  /**
   * @param engineName DJL's engine name, e.g. {@code PyTorch}
   * @param nativeJarPrefix how the file name of the engine's native jar starts, e.g. {@code
   *     pytorch-native-}
   * @param gpuNativeJarPrefix how the file name of a CUDA native jar starts (e.g. {@code
   *     pytorch-native-cu}), or null if no build of the module has one
   */
  protected DjlProvider(String engineName, String nativeJarPrefix, String gpuNativeJarPrefix) {
    this.engineName = engineName;
    this.nativeJarPrefix = nativeJarPrefix;
    this.gpuNativeJarPrefix = gpuNativeJarPrefix;
  }

  /**
   * CPU always; GPU when the build (the {@code gpu} profile) put CUDA natives on the class path.
   */
  @Override
  public Set<Capability> capabilities() {
    return AdapterClasspath.trainingCapabilities(this, gpuNativeJarPrefix);
  }

  /**
   * @return the file names of the native jars on the trial's class path (CPU, and CUDA with -Pgpu)
   */
  private String nativeJars() {
    String jars =
        String.join(
            " ",
            childClasspath().stream()
                .map(e -> Path.of(e).getFileName().toString())
                .filter(n -> n.startsWith(nativeJarPrefix))
                .toList());
    return jars.isEmpty() ? "none (" + nativeJarPrefix + "*)" : jars;
  }

  /**
   * Engine-specific thread settings, as system properties.
   *
   * @param threads the thread count to pin
   * @return property name to value
   */
  protected abstract Map<String, String> engineThreadProperties(int threads);

  @Override
  public final Map<String, String> childSystemProperties(int threads) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("ai.djl.offline", "true");
    p.putAll(engineThreadProperties(threads));
    return p;
  }

  /**
   * Opens the session. The properties of {@link #childSystemProperties(int)} (offline mode, engine
   * threads) are set by the harness when it starts this JVM; the adapter sets no global state.
   */
  @Override
  public final FrameworkSession open(Device device, int threads) {
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("native.jars", nativeJars());
    versions.put("threads", String.valueOf(threads));
    // What is in force, as the harness set it at launch (not what this adapter would ask for).
    engineThreadProperties(threads)
        .keySet()
        .forEach(k -> versions.put(k, System.getProperty(k, "unset")));
    return new DjlSession(engineName, device, versions);
  }
}
