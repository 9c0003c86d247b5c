package org.cnnbench.dl4j.samediff;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cnnbench.nd4j.Nd4jRuntime;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.TrainableNetwork;
import org.nd4j.linalg.factory.Nd4j;

/** ND4J's CPU backend loaded in this process with its thread pools pinned, building SameDiff graphs. */
public final class SameDiffSession implements FrameworkSession {

  private final Map<String, String> versions;
  private final SameDiffLayout layout;
  private boolean closed;

  private SameDiffSession(Map<String, String> versions, SameDiffLayout layout) {
    this.versions = versions;
    this.layout = layout;
  }

  static SameDiffSession open(int threads, Device device) {
    Map<String, String> v = new LinkedHashMap<>();
    // SameDiff ships in nd4j-api; the DL4J release is its version.
    v.put("framework.version", Nd4jRuntime.mavenVersion("org.nd4j", "nd4j-api"));
    v.put("api", "SameDiff");
    v.putAll(Nd4jRuntime.open(threads, device));
    SameDiffLayout layout = SameDiffLayout.fromSystemProperty();
    v.put(SameDiffLayout.PROPERTY, layout.id());
    v.put("samediff.evaluation", "fresh inference session per batch (a reused one is stale on the oneDNN"
        + " build after in-place weight updates)");
    return new SameDiffSession(Collections.unmodifiableMap(v), layout);
  }

  @Override
  public Map<String, String> versions() {
    return versions;
  }

  @Override
  public String frameworkVersion() {
    return "DL4J SameDiff " + versions.get("framework.version");
  }

  @Override
  public TrainableNetwork build(ModelSpec spec) {
    if (closed) {
      throw new IllegalStateException("session is closed");
    }
    return SameDiffNetwork.build(spec, layout);
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
