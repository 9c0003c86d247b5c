package org.cnnbench.dl4j.samediff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.TrainableNetwork;
import org.cnnbench.testkit.FrameworkContractTest;
import org.cnnbench.weights.InitialWeights;
import org.cnnbench.weights.ModelWeights;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The RSS curve of the contract's build/train/evaluate/close cycle over many cycles, for tracing what
 * a SameDiff network keeps after {@code close()}. Runs only when asked:
 * {@code mvn -B -o -pl adapters/dl4j-samediff test -Dtest=SameDiffRssCurveTest -Dcnnbench.rss.cycles=200}
 * ({@code -Dcnnbench.rss.fruitFirst=true}: after two fruit-cnn steps, as in the contract test class)
 * prints RSS and the JVM's committed non-heap memory (code cache, metaspace; MiB) every 10 cycles and fails if the growth after 10 warm-up cycles reaches the contract's
 * bound (64 MiB) at any point of the curve.
 */
class SameDiffRssCurveTest {

  @Test
  void rssCurve() throws IOException {
    int cycles = Integer.getInteger("cnnbench.rss.cycles", 0);
    Assumptions.assumeTrue(cycles > 0, "set -Dcnnbench.rss.cycles=N to trace the RSS curve");
    ModelSpec spec = ModelCatalog.get("mnist-cnn").spec();
    Batch batch = FrameworkContractTest.syntheticBatch(spec, 32, 4);
    ModelWeights weights = InitialWeights.glorotUniform(spec, 3);
    List<String> curve = new ArrayList<>();
    double baseline = 0;
    double worst = 0;
    try (FrameworkSession session = new SameDiffProvider().open(Device.CPU, 1)) {
      if (Boolean.getBoolean("cnnbench.rss.fruitFirst")) {
        // what the contract runs before this cycle: two fruit-cnn steps on 8 examples (6 MB arrays)
        ModelSpec fruit = ModelCatalog.get("fruit-cnn").spec();
        try (TrainableNetwork net = session.build(fruit)) {
          net.loadWeights(InitialWeights.glorotUniform(fruit, 3));
          Batch b = FrameworkContractTest.syntheticBatch(fruit, 8, 3);
          net.trainBatch(b);
          net.trainBatch(b);
        }
      }
      for (int i = 1; i <= cycles; i++) {
        try (TrainableNetwork net = session.build(spec)) {
          net.loadWeights(weights);
          net.trainBatch(batch);
          net.evaluateBatch(batch);
        }
        if (i % 10 == 0) {
          System.gc();
          double rss = FrameworkContractTest.rssMb();
          if (i == 10) {
            baseline = rss;
          }
          worst = Math.max(worst, rss - baseline);
          curve.add(String.format(Locale.ROOT, "%d:%.1f/%.1f", i, rss,
              java.lang.management.ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage()
                  .getCommitted() / 1048576.0));
        }
      }
    }
    System.out.println("RSS curve (cycle:RSS/JVM non-heap MiB) " + String.join(" ", curve));
    assertTrue(worst < 64, "RSS grew by " + worst + " MiB after warm-up: " + curve);
  }
}
