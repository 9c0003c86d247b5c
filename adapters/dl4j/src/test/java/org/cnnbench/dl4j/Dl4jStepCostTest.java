package org.cnnbench.dl4j;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.TrainableNetwork;
import org.cnnbench.testkit.FrameworkContractTest;
import org.cnnbench.weights.InitialWeights;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Median CPU time and wall time of one training step of mnist-cnn (batch 64) and fruit-cnn (batch
 * 32), for A/B comparisons of settings on a busy machine: at one thread all of libnd4j's work runs on
 * the calling thread, so its CPU time does not grow with the machine's load the way wall time does.
 * Runs only when asked: {@code mvn -B -o -pl adapters/dl4j test -Dtest=Dl4jStepCostTest
 * -Dcnnbench.stepcost.steps=30} (threads: {@code -Dcnnbench.stepcost.threads=1}).
 */
class Dl4jStepCostTest {

  @Test
  void stepCost() throws java.io.IOException {
    int steps = Integer.getInteger("cnnbench.stepcost.steps", 0);
    Assumptions.assumeTrue(steps > 0, "set -Dcnnbench.stepcost.steps=N to measure");
    int threads = Integer.getInteger("cnnbench.stepcost.threads", 1);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    try (FrameworkSession session = new Dl4jProvider().open(Device.CPU, threads)) {
      for (String model : System.getProperty("cnnbench.stepcost.models", "mnist-cnn,fruit-cnn").split(",")) {
        ModelSpec spec = ModelCatalog.get(model).spec();
        Batch batch = FrameworkContractTest.syntheticBatch(spec, spec.batchSize(), 11);
        double[] cpu = new double[steps];
        double[] wall = new double[steps];
        try (TrainableNetwork net = session.build(spec)) {
          net.loadWeights(InitialWeights.glorotUniform(spec, 3));
          for (int i = 0; i < 3; i++) {
            net.trainBatch(batch);
          }
          for (int i = 0; i < steps; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            net.trainBatch(batch);
            wall[i] = (System.nanoTime() - w0) / 1e6;
            cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
          }
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf(Locale.ROOT, "STEPCOST dl4j %s batch %d threads %d: cpu median %.1f ms"
            + " (min %.1f), wall median %.1f ms (min %.1f), peak RSS so far %.0f MiB%n", model,
            spec.batchSize(), threads, cpu[steps / 2], cpu[0], wall[steps / 2], wall[0], peakRssMb());
      }
    }
  }

  private static double peakRssMb() throws java.io.IOException {
    for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }
}
