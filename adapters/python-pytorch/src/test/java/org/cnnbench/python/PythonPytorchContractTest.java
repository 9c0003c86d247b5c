package org.cnnbench.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.TrainableNetwork;
import org.cnnbench.testkit.FrameworkContractTest;
import org.cnnbench.weights.InitialWeights;
import org.cnnbench.weights.ModelWeights;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Python PyTorch adapter passes the framework contract. Without a Python that imports torch the
 * contract is skipped with the reason, except in CI ({@code CI=true}), where it fails: CI installs
 * {@code python3-torch}, so a missing torch there is a broken environment, not a choice.
 */
class PythonPytorchContractTest extends FrameworkContractTest {

  /**
   * Called first by the contract's session set-up, so a missing torch skips (or fails) every check.
   */
  private static void torchIsThere() {
    PythonProbe.Result probe = PythonProbe.current();
    if (!probe.usable()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail("CI=true but " + probe.problem());
      }
      Assumptions.abort("skipped: " + probe.problem());
    }
  }

  /**
   * The contract's memory check sees only this JVM; the networks live in the worker. After 50
   * build/train/close cycles the worker holds no network and its RSS has not grown by more than the
   * contract's bound; after the session closes, the worker process and its scratch folder (script
   * and shared file) are gone.
   */
  @Test
  void closeReleasesTheWorkersNetworksAndTheSessionLeavesNothingBehind() throws Exception {
    ModelSpec spec = ModelCatalog.get("mnist-cnn").spec();
    Batch batch = syntheticBatch(spec, 32, 4);
    ModelWeights weights = InitialWeights.glorotUniform(spec, 3);
    PythonSession session = (PythonSession) open(Device.CPU, 1);
    PythonWorker worker = session.worker();
    ProcessHandle process = ProcessHandle.of(worker.pid()).orElseThrow();
    Path scratch = worker.scratch();
    double baseline = 0;
    try {
      for (int i = 0; i < releaseCycles() + 10; i++) {
        if (i == 10) {
          baseline = Double.parseDouble(worker.call("stats").get("rss_mb"));
        }
        try (TrainableNetwork net = session.build(spec)) {
          net.loadWeights(weights);
          net.trainBatch(batch);
          net.evaluateBatch(batch);
        }
      }
      Map<String, String> stats = worker.call("stats");
      assertEquals("0", stats.get("networks"), "networks left in the worker");
      double growth = Double.parseDouble(stats.get("rss_mb")) - baseline;
      assertTrue(growth < releaseToleranceMb(), "worker RSS grew by " + growth + " MiB");
      assertTrue(
          Files.isRegularFile(scratch.resolve("shared.bin"))
              && Files.isRegularFile(scratch.resolve("cnnbench_worker.py")),
          "the script and shared file live in " + scratch);
    } finally {
      session.close();
    }
    assertFalse(process.isAlive(), "the worker process ended with its session");
    assertFalse(Files.exists(scratch), "the scratch folder is gone: " + scratch);
  }

  @Override
  protected FrameworkProvider provider() {
    torchIsThere();
    return new PythonProvider();
  }
}
