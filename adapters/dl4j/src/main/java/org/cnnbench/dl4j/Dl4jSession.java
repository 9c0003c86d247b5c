package org.cnnbench.dl4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.cnnbench.nd4j.Nd4jRuntime;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.TrainableNetwork;
import org.nd4j.linalg.factory.Nd4j;

/** ND4J's CPU (or, in a {@code -Pgpu} build, CUDA) backend loaded in this process with its thread pools pinned. */
public final class Dl4jSession implements FrameworkSession {

  private final int threads;
  private final Map<String, String> versions;
  private boolean closed;

  private Dl4jSession(int threads, Map<String, String> versions) {
    this.threads = threads;
    this.versions = versions;
  }

  /**
   * Loads ND4J's natives (first use of {@link Nd4j}) and pins every thread pool it has: libnd4j's
   * OpenMP pool, its master threads and OpenBLAS.
   *
   * @param threads intra-op threads
   * @param device the device whose backend must have loaded
   * @return the session
   * @throws UnsupportedOperationException if a GPU trial got the CPU backend
   */
  static Dl4jSession open(int threads, Device device) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("framework.version", Nd4jRuntime.mavenVersion("org.deeplearning4j", "deeplearning4j-nn"));
    v.put("api", "MultiLayerNetwork");
    v.putAll(Nd4jRuntime.open(threads, device));
    v.put("layer_helpers", Dl4jOneDnnHelpers.enable("true".equals(v.get("onednn"))));
    v.put("cache_mode", Dl4jNetwork.CACHE_MODE.name().toLowerCase(Locale.ROOT));
    return new Dl4jSession(threads, Collections.unmodifiableMap(v));
  }

  @Override
  public Map<String, String> versions() {
    return versions;
  }

  @Override
  public String frameworkVersion() {
    return "DL4J " + versions.get("framework.version");
  }

  @Override
  public TrainableNetwork build(ModelSpec spec) {
    if (closed) {
      throw new IllegalStateException("session is closed");
    }
    return Dl4jNetwork.build(spec);
  }

  /** @return the intra-op threads this session pinned */
  public int threads() {
    return threads;
  }

  /** ND4J cannot be unloaded; closing frees this thread's workspaces and marks the session closed. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    }
  }
}
