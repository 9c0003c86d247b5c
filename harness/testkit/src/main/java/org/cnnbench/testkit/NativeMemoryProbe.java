package org.cnnbench.testkit;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.ServiceLoader;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.TrainableNetwork;
import org.cnnbench.weights.InitialWeights;
import org.cnnbench.weights.ModelWeights;

/**
 * A command-line probe that repeats the contract's build/close cycle of {@code
 * closeReleasesNativeMemory} up to a chosen stage and prints the resident set per cycle, to find
 * which call of an adapter keeps native memory. Run with an adapter's test class path: {@code java
 * -cp ... org.cnnbench.testkit.NativeMemoryProbe <adapter> <stage> [cycles] [warmUp]}, where the
 * stage is one of {@link Stage} (each includes the ones before it).
 */
public final class NativeMemoryProbe {

  /** How far one cycle goes; each stage includes the ones before it. */
  public enum Stage {
    /** Build the network and close it. */
    BUILD,
    /** Also load the initial weights. */
    LOAD,
    /** Also train one batch. */
    TRAIN,
    /** Also evaluate one batch: the contract's full cycle. */
    EVAL
  }

  private NativeMemoryProbe() {}

  /**
   * Runs the probe.
   *
   * @param args adapter name, stage, optional cycles (default 50) and warm-up cycles (default 30)
   * @throws IOException if /proc cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println(
          "usage: NativeMemoryProbe <adapter> <build|load|train|eval> [cycles] [warmUp]");
      System.exit(2);
    }
    FrameworkProvider provider =
        ServiceLoader.load(FrameworkProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals(args[0]))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no adapter named " + args[0]));
    Stage stage = Stage.valueOf(args[1].toUpperCase(Locale.ROOT));
    int cycles = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    provider
        .childSystemProperties(1)
        .forEach(
            (k, v) -> {
              if (System.getProperty(k) == null) {
                System.setProperty(k, v);
              }
            });
    ModelSpec spec = ModelCatalog.get("mnist-cnn").spec();
    Batch batch = FrameworkContractTest.syntheticBatch(spec, 32, 4);
    ModelWeights weights = InitialWeights.glorotUniform(spec, 3);
    double baseline = 0;
    try (FrameworkSession session = provider.open(Device.CPU, 1)) {
      for (int i = 0; i <= cycles + warmUp; i++) {
        if (i == warmUp) {
          baseline = FrameworkContractTest.settledRssMb() - nonHeapMb();
        }
        if (i >= warmUp && (i - warmUp) % 10 == 0) {
          System.out.printf(
              Locale.ROOT,
              "%s %s cycle %d: growth %.1f MiB, direct buffers %.1f MiB,"
                  + " heap used %.1f of %.1f MiB committed%n",
              provider.name(),
              stage,
              i - warmUp,
              FrameworkContractTest.rssMb() - nonHeapMb() - baseline,
              directMb(),
              heapUsedMb(),
              heapCommittedMb());
        }
        if (i == cycles + warmUp) {
          break;
        }
        try (TrainableNetwork net = session.build(spec)) {
          if (stage.compareTo(Stage.LOAD) >= 0) {
            net.loadWeights(weights);
          }
          if (stage.compareTo(Stage.TRAIN) >= 0) {
            net.trainBatch(batch);
          }
          if (stage.compareTo(Stage.EVAL) >= 0) {
            net.evaluateBatch(batch);
          }
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%s %s settled growth %.1f MiB over %d cycles after %d warm-up%n",
        provider.name(),
        stage,
        FrameworkContractTest.settledRssMb() - nonHeapMb() - baseline,
        cycles,
        warmUp);
  }

  private static double nonHeapMb() {
    return ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getCommitted() / 1048576.0;
  }

  private static double heapUsedMb() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
  }

  private static double heapCommittedMb() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1048576.0;
  }

  private static double directMb() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(b -> b.getName().equals("direct"))
            .mapToLong(BufferPoolMXBean::getMemoryUsed)
            .sum()
        / 1048576.0;
  }
}
