package org.cnnbench.dl4j.samediff;

import java.util.Map;
import org.cnnbench.nd4j.Nd4jSession;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.TrainableNetwork;
import org.nd4j.linalg.api.memory.MemoryManager;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's CPU backend loaded in this process with its thread pools pinned, building SameDiff graphs.
 */
final class SameDiffSession extends Nd4jSession {

  /**
   * How often a network asks ND4J's memory manager for a garbage collection: every this many
   * training or evaluation batches ({@code MemoryManager.setOccasionalGcFrequency}; ND4J also keeps
   * its minimum interval between two, {@code getAutoGcWindow}, 100 ms by default). SameDiff drops
   * intermediate arrays inside its session that ND4J's deallocator frees only once their Java
   * objects are collected, and a trial's mostly idle heap collects rarely: without this,
   * fruit-cnn's RSS grew by ~220 MiB per step between collections (7.1 GiB after 25 steps, 1.5 GiB
   * with a collection after every step; docs/measurements/2026-12-06-samediff-memory.md).
   */
  static final int GC_EVERY_BATCHES = 3;

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
    MemoryManager memory = Nd4j.getMemoryManager();
    memory.setOccasionalGcFrequency(GC_EVERY_BATCHES);
    v.put(
        "samediff.gc",
        "every "
            + memory.getOccasionalGcFrequency()
            + " batches, at most once per "
            + memory.getAutoGcWindow()
            + " ms (ND4J's MemoryManager.invokeGcOccasionally after each"
            + " training or evaluation batch)");
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
