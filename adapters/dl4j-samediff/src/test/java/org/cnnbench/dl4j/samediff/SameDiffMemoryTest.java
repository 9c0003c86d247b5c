package org.cnnbench.dl4j.samediff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.TrainableNetwork;
import org.cnnbench.testkit.FrameworkContractTest;
import org.cnnbench.weights.InitialWeights;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.memory.MemoryManager;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SameDiff session asks ND4J's memory manager for a garbage collection every few batches (the
 * arrays SameDiff drops are freed only when collected), and records it in the trial's versions.
 */
class SameDiffMemoryTest {

  @Test
  void trainingStepsAskForAnOccasionalCollectionAndTheSettingIsRecorded() throws Exception {
    ModelSpec spec = ModelCatalog.get("mnist-cnn").spec();
    Batch batch = FrameworkContractTest.syntheticBatch(spec, 8, 5);
    try (FrameworkSession session = new SameDiffProvider().open(Device.CPU, 1)) {
      MemoryManager memory = Nd4j.getMemoryManager();
      assertEquals(SameDiffSession.GC_EVERY_BATCHES, memory.getOccasionalGcFrequency());
      assertTrue(
          session
              .versions()
              .get("samediff.gc")
              .startsWith("every " + SameDiffSession.GC_EVERY_BATCHES + " batches"),
          session.versions().toString());
      try (TrainableNetwork net = session.build(spec)) {
        net.loadWeights(InitialWeights.glorotUniform(spec, 3));
        net.trainBatch(batch); // SameDiff's first step builds the gradient graph
        Thread.sleep(memory.getAutoGcWindow() + 50L); // past ND4J's minimum interval
        long before = memory.getLastGcTime();
        for (int i = 0; i < SameDiffSession.GC_EVERY_BATCHES; i++) {
          net.trainBatch(batch);
        }
        assertTrue(
            memory.getLastGcTime() > before,
            "no collection after " + SameDiffSession.GC_EVERY_BATCHES + " training steps");
      }
    }
  }
}
