package org.cnnbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.cnnbench.results.EnvironmentKey.FrameworkFact;
import org.junit.jupiter.api.Test;

class EnvironmentKeyTest {

  @Test
  void theKeysAreTheOnesEnvironmentCsvHasAlwaysHeld() {
    assertEquals("run_id", EnvironmentKey.RUN_ID.key());
    assertEquals("git.commit", EnvironmentKey.GIT_COMMIT.key());
    assertEquals("cnnbench.threads", EnvironmentKey.THREADS.key());
    assertEquals(
        "framework.dl4j.child_environment",
        EnvironmentKey.framework("dl4j", FrameworkFact.CHILD_ENVIRONMENT));
    assertEquals(
        "framework.dl4j.cpu.native_build",
        EnvironmentKey.framework("dl4j", "cpu", FrameworkFact.NATIVE_BUILD));
    assertEquals(
        "dataset.mnist.lenet.train_examples",
        EnvironmentKey.dataset("mnist", "lenet", "train_examples"));
    assertEquals("merge.machine.t1", EnvironmentKey.mergeMachine("t1"));
    assertEquals("merge.shard.2.os", EnvironmentKey.mergeShard(2, "os"));
    assertEquals("resume.1.time", EnvironmentKey.resume(1, "time"));
    Set<String> keys = new HashSet<>();
    for (EnvironmentKey k : EnvironmentKey.values()) {
      assertTrue(keys.add(k.key()), "spelt once: " + k);
    }
  }

  @Test
  void aMergeComparesTheFrameworksArtifactsVersionsAndNativeLibraries() {
    for (String k :
        new String[] {
          "framework.pytorch.artifacts",
          "framework.pytorch.cpu.torch.version",
          "framework.dl4j.cpu.framework.version",
          "framework.dl4j.cpu.native.jars",
          "framework.dl4j.cpu.blas",
          "framework.mxnet.cpu.backend"
        }) {
      assertTrue(EnvironmentKey.isComparedFrameworkFact(k), k);
    }
    for (String k :
        new String[] {
          "framework.pytorch.child_environment",
          "framework.dl4j.display_name",
          "cpu.model",
          "jvm.version",
          "framework.x.cpu.backends"
        }) {
      assertFalse(EnvironmentKey.isComparedFrameworkFact(k), k);
    }
  }
}
