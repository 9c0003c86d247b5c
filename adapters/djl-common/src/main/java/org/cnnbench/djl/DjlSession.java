package org.cnnbench.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.TrainableNetwork;

/** A DJL engine loaded on one device. */
public final class DjlSession implements FrameworkSession {

  private final Engine engine;
  private final Device device;
  private final Map<String, String> extraVersions;
  private final Staging staging = new Staging();

  /**
   * Loads an engine by name.
   *
   * @param engineName DJL engine name, e.g. {@code PyTorch}
   * @param device the cnn-bench device
   * @param extraVersions versions the engine module knows (e.g. native artifact), added to
   *     provenance
   */
  public DjlSession(
      String engineName, org.cnnbench.spi.Device device, Map<String, String> extraVersions) {
    this.engine = Engine.getEngine(engineName);
    if (device == org.cnnbench.spi.Device.GPU) {
      if (engine.getGpuCount() == 0) {
        throw new UnsupportedOperationException(
            engineName
                + " "
                + engine.getVersion()
                + " sees no"
                + " CUDA GPU: a CPU build (use -Pgpu), no NVIDIA driver, or CUDA_VISIBLE_DEVICES hides it");
      }
      this.device = Device.gpu();
    } else {
      this.device = Device.cpu();
    }
    this.extraVersions = Map.copyOf(extraVersions);
  }

  @Override
  public Map<String, String> versions() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("djl.version", Engine.getDjlVersion());
    v.put("engine", engine.getEngineName());
    v.put("engine.version", engine.getVersion());
    v.put("device", device.toString());
    v.putAll(new TreeMap<>(extraVersions));
    return v;
  }

  @Override
  public String frameworkVersion() {
    return "DJL "
        + Engine.getDjlVersion()
        + " / "
        + engine.getEngineName()
        + " "
        + engine.getVersion();
  }

  @Override
  public TrainableNetwork build(ModelSpec spec) {
    return new DjlNetwork(engine, device, spec, staging);
  }

  @Override
  public void close() {}
}
