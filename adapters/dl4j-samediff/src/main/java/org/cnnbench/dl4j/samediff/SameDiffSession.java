package org.cnnbench.dl4j.samediff;

import java.util.Map;
import org.cnnbench.nd4j.Nd4jSession;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.TrainableNetwork;

/**
 * ND4J's CPU backend loaded in this process with its thread pools pinned, building SameDiff graphs.
 */
final class SameDiffSession extends Nd4jSession {

  private final SameDiffLayout layout;

  private SameDiffSession(Map<String, String> versions, SameDiffLayout layout) {
    super("DL4J SameDiff", versions);
    this.layout = layout;
  }

  static SameDiffSession open(int threads, Device device) {
    // SameDiff ships in nd4j-api; the DL4J release is its version.
    Map<String, String> v = loadBackend("org.nd4j", "nd4j-api", "SameDiff", threads, device);
    SameDiffLayout layout = SameDiffLayout.fromSystemProperty();
    v.put(SameDiffLayout.PROPERTY, layout.id());
    v.put(
        "samediff.memory",
        "one arena per graph call (training, evaluation): the session's arrays taken back after"
            + " each call and reused, no garbage collection needed to free them");
    v.put(
        "samediff.evaluation",
        "fresh inference session per batch (a reused one is stale on the oneDNN"
            + " build after in-place weight updates)");
    return new SameDiffSession(v, layout);
  }

  @Override
  protected TrainableNetwork buildNetwork(ModelSpec spec) {
    return SameDiffNetwork.build(spec, layout);
  }
}
