package org.cnnbench.nd4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.TrainableNetwork;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's backend loaded in this process with its thread pools pinned ({@link Nd4jRuntime#open}),
 * and the provenance both Deeplearning4j adapters record; each adapter adds its API's own entries
 * and builds its networks.
 */
public abstract class Nd4jSession implements FrameworkSession {

  private final String frameworkName;
  private final Map<String, String> versions;
  private boolean closed;

  /**
   * @param frameworkName how {@link #frameworkVersion} names the framework, e.g. {@code DL4J
   *     SameDiff}
   * @param versions provenance, from {@link #loadBackend} plus the adapter's own entries
   */
  protected Nd4jSession(String frameworkName, Map<String, String> versions) {
    this.frameworkName = frameworkName;
    this.versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
  }

  /**
   * Loads ND4J's natives, pins their threads and starts the provenance both adapters record.
   *
   * @param group the Maven group of the artifact whose version is the framework's
   * @param artifact that artifact
   * @param api the DL4J API the adapter trains with, e.g. {@code MultiLayerNetwork}
   * @param threads intra-op threads
   * @param device the device whose backend must have loaded
   * @return {@code framework.version}, {@code api} and the loaded backend's entries, in a stable
   *     order
   * @throws UnsupportedOperationException if a GPU trial got the CPU backend
   */
  protected static Map<String, String> loadBackend(
      String group, String artifact, String api, int threads, Device device) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("framework.version", Nd4jRuntime.mavenVersion(group, artifact));
    v.put("api", api);
    v.putAll(Nd4jRuntime.open(threads, device));
    return v;
  }

  @Override
  public final Map<String, String> versions() {
    return versions;
  }

  @Override
  public final String frameworkVersion() {
    return frameworkName + " " + versions.get("framework.version");
  }

  @Override
  public final TrainableNetwork build(ModelSpec spec) {
    if (closed) {
      throw new IllegalStateException("session is closed");
    }
    return buildNetwork(spec);
  }

  /**
   * @param spec the model
   * @return the network, with weights still to be loaded
   */
  protected abstract TrainableNetwork buildNetwork(ModelSpec spec);

  /**
   * ND4J cannot be unloaded; closing frees this thread's workspaces and marks the session closed.
   */
  @Override
  public final void close() {
    if (!closed) {
      closed = true;
      Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    }
  }
}
