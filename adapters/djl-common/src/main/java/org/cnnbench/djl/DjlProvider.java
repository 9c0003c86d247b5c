package org.cnnbench.djl;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.FrameworkSession;

/**
 * The part of a DJL engine adapter that does not depend on the engine: capabilities, offline mode and
 * opening a {@link DjlSession}. Engine modules give the engine's name, natives and thread settings.
 */
public abstract class DjlProvider implements FrameworkProvider {

  private final String engineName;
  private final String nativeArtifact;

  /**
   * @param engineName DJL's engine name, e.g. {@code PyTorch}
   * @param nativeArtifact the Maven coordinates of the native library the module ships
   */
  protected DjlProvider(String engineName, String nativeArtifact) {
    this.engineName = engineName;
    this.nativeArtifact = nativeArtifact;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.TRAIN, Capability.INFER, Capability.DEVICE_CPU);
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

  @Override
  public final FrameworkSession open(Device device, int threads) {
    childSystemProperties(threads).forEach(System::setProperty);
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("native.artifact", nativeArtifact);
    versions.put("threads", String.valueOf(threads));
    versions.putAll(engineThreadProperties(threads));
    return new DjlSession(engineName, device, versions);
  }
}
