package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cnnbench.data.Idx;
import org.cnnbench.report.RunData;
import org.cnnbench.runner.store.ResultsStore;
import org.cnnbench.runner.store.RunFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * -Dlr reaches the trial's optimizer: a huge one makes a real gradient descent diverge, end to end.
 */
class LearningRateTest {

  @TempDir static Path root;

  @BeforeAll
  static void fakeMnist() throws Exception {
    Path dir = root.resolve("datasets/mnist");
    Files.createDirectories(dir);
    Idx.write(
        BenchIsolationTest.random(200, 1),
        dir.resolve("train-images-idx3-ubyte"),
        dir.resolve("train-labels-idx1-ubyte"));
    Idx.write(
        BenchIsolationTest.random(40, 2),
        dir.resolve("t10k-images-idx3-ubyte"),
        dir.resolve("t10k-labels-idx1-ubyte"));
  }

  private static Map<String, Map<String, String>> trials(Path results) throws Exception {
    Map<String, Map<String, String>> byId = new LinkedHashMap<>();
    RunData.read(results.resolve(ResultsStore.latest(results)))
        .trials()
        .forEach(t -> byId.put(t.get("trial_id"), t));
    return byId;
  }

  @Test
  void aHugeLearningRateDivergesTheRunGoesOnAndTheExitCodeSaysSo() throws Exception {
    ExitCodeTest.Outcome o = ExitCodeTest.run(root, "frameworks", "gd,fake", "lr", "1e200");
    assertEquals(ExitCode.TRIAL_NOT_OK.code(), o.code(), o::toString);
    Map<String, Map<String, String>> trials = trials(root.resolve("results"));
    Map<String, String> gd = trials.get("mnist-mnist-cnn-gd-cpu-r1");
    assertEquals("DIVERGED", gd.get("status"), gd::toString);
    assertTrue(
        gd.get("reason").startsWith("loss became Infinity at epoch 1, step 1"), gd.get("reason"));
    assertEquals("1.0E200", gd.get("learning_rate"));
    assertEquals("OK", trials.get("mnist-mnist-cnn-fake-cpu-r1").get("status"), "the run went on");
    assertTrue(o.lastErrLine().contains("mnist-mnist-cnn-gd-cpu-r1 DIVERGED"), o.lastErrLine());
    Path run = root.resolve("results").resolve(ResultsStore.latest(root.resolve("results")));
    assertTrue(Files.readString(run.resolve(RunFolder.OPTIONS)).contains("lr=1e200"));
    assertEquals("1.0E200", RunData.read(run).environment().get("cnnbench.learning_rate"));
  }

  @Test
  void theModelsOwnLearningRateConverges() throws Exception {
    ExitCodeTest.Outcome o = ExitCodeTest.run(root, "frameworks", "gd");
    assertEquals(0, o.code(), o::toString);
    Map<String, String> gd = trials(root.resolve("results")).get("mnist-mnist-cnn-gd-cpu-r1");
    assertEquals("OK", gd.get("status"), gd::toString);
    assertEquals("0.001", gd.get("learning_rate"), "mnist-cnn's Adam default");
  }
}
