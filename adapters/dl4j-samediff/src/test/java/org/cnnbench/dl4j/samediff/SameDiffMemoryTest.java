package org.cnnbench.dl4j.samediff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.StepOutput;
import org.cnnbench.spi.TrainableNetwork;
import org.cnnbench.testkit.FrameworkContractTest;
import org.cnnbench.weights.InitialWeights;
import org.junit.jupiter.api.Test;

/** SameDiff's sessions allocate from the network's arenas, which reuse a call's arrays. */
class SameDiffMemoryTest {

  @Test
  void trainingStepsReuseTheFirstStepsArraysAndTheSettingIsRecorded() throws Exception {
    ModelSpec spec = ModelCatalog.get("mnist-cnn").spec();
    Batch batch = FrameworkContractTest.syntheticBatch(spec, 8, 5);
    try (FrameworkSession session = new SameDiffProvider().open(Device.CPU, 1)) {
      assertTrue(
          session.versions().get("samediff.memory").startsWith("one arena per graph call"),
          session.versions().toString());
      try (TrainableNetwork built = session.build(spec)) {
        SameDiffNetwork net = (SameDiffNetwork) built;
        net.loadWeights(InitialWeights.glorotUniform(spec, 3));
        // The first call builds the gradient graph; the pool settles within three calls (mnist-cnn:
        // 57 arrays after the first two, 58 from the third on).
        for (int i = 0; i < 3; i++) {
          net.trainBatch(batch);
        }
        CallArena arena = net.trainArena();
        long created = arena.created();
        assertTrue(created > 10, "the training session did not allocate from the arena");
        for (int i = 0; i < 5; i++) {
          net.trainBatch(batch);
        }
        assertEquals(created, arena.created(), "steps of the same shape allocated new arrays");
        assertTrue(arena.reused() >= 5 * created, "reused " + arena.reused());
      }
    }
  }

  /**
   * Reused arrays change nothing: a sequence of training steps (one of them a smaller, last batch)
   * and evaluations gives bit-identical losses, outputs and weights whether every call reuses the
   * arena's pooled arrays or gets freshly allocated ones (the pools emptied before each call). An
   * op that read its output array before writing it would see the last call's values in one and not
   * the other. (This runs on the build the tests load, generic; the oneDNN build a trial loads is
   * checked against PyTorch by the runner's parity test.)
   */
  @Test
  void reusedArraysGiveTheSameResultsAsFreshOnes() throws Exception {
    ModelSpec spec = ModelCatalog.get("mnist-cnn").spec();
    Batch full = FrameworkContractTest.syntheticBatch(spec, 8, 5);
    Batch other = FrameworkContractTest.syntheticBatch(spec, 8, 6);
    Batch last = FrameworkContractTest.syntheticBatch(spec, 5, 7);
    try (FrameworkSession session = new SameDiffProvider().open(Device.CPU, 1);
        TrainableNetwork reusing = session.build(spec);
        TrainableNetwork fresh = session.build(spec)) {
      reusing.loadWeights(InitialWeights.glorotUniform(spec, 3));
      fresh.loadWeights(InitialWeights.glorotUniform(spec, 3));
      SameDiffNetwork f = (SameDiffNetwork) fresh;
      Batch[] sequence = {full, other, full, last, other, full, last, full};
      for (int i = 0; i < sequence.length; i++) {
        boolean evaluate = i % 3 == 2;
        f.trainArena().closeFree();
        f.evalArena().closeFree();
        StepOutput a =
            evaluate ? reusing.evaluateBatch(sequence[i]) : reusing.trainBatch(sequence[i]);
        StepOutput b = evaluate ? fresh.evaluateBatch(sequence[i]) : fresh.trainBatch(sequence[i]);
        assertEquals(b.loss(), a.loss(), "loss of call " + i);
        assertArrayEquals(b.outputs(), a.outputs(), "outputs of call " + i);
      }
      assertTrue(((SameDiffNetwork) reusing).trainArena().reused() > 0, "nothing was reused");
      assertEquals(0.0, reusing.exportWeights().maxAbsDiff(fresh.exportWeights()));
    }
  }
}
