package org.cnnbench.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.cnnbench.data.Idx;
import org.cnnbench.runner.store.ResultsStore;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.Frameworks;
import org.cnnbench.text.Splits;

/**
 * Small runs of the test adapters on a fake MNIST in a folder of its own, for the fault-injection
 * tests.
 */
final class FaultRuns {

  private FaultRuns() {}

  /** A bench over a fake MNIST in {@code root}, with its console captured. */
  record Setup(Bench bench, BenchOptions options, ByteArrayOutputStream console) {
    String output() {
      return console.toString(StandardCharsets.UTF_8);
    }
  }

  static void fakeMnist(Path root) throws IOException {
    Path dir = root.resolve("datasets/mnist");
    if (Files.exists(dir.resolve("t10k-labels-idx1-ubyte"))) {
      return;
    }
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

  /**
   * @param root a temporary folder: datasets, results and reports go under it
   * @param frameworks test adapters, comma list
   * @param extra {@code key=value,...} options on top of a small 2-epoch run
   * @param store opens the run's results store (the seam for an injected failing store)
   */
  static Setup bench(Path root, String frameworks, String extra, Function<Path, ResultsStore> store)
      throws IOException {
    fakeMnist(root);
    Properties p = new Properties();
    p.setProperty("bench", "mnist");
    p.setProperty("frameworks", frameworks);
    p.setProperty("samples", "128");
    p.setProperty("epochs", "2");
    p.setProperty("threads", "1");
    p.setProperty(
        "repeats", "1"); // one round: these runs check a trial's handling, not the default rounds
    p.setProperty("child.xmx", "256m");
    p.setProperty("timeout", "0.25");
    p.setProperty("results.dir", root.resolve("results").toString());
    p.setProperty("reports.dir", root.resolve("reports").toString());
    p.setProperty("datasets.dir", root.resolve("datasets").toString());
    for (String kv : extra.split(",", -1)) {
      if (!kv.isEmpty()) {
        p.setProperty(Splits.dropTrailingEmpty(kv, "=")[0], Splits.dropTrailingEmpty(kv, "=")[1]);
      }
    }
    Map<String, FrameworkProvider> providers = new LinkedHashMap<>();
    Frameworks.available().forEach(f -> providers.put(f.name(), f));
    BenchOptions options = BenchOptions.parse(p, List.copyOf(providers.keySet()), root);
    Map<String, FrameworkProvider> selected = new LinkedHashMap<>();
    options.frameworks().forEach(f -> selected.put(f, providers.get(f)));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    Bench bench =
        new Bench(
            options,
            selected,
            (dataset, locations) -> null,
            new PrintStream(console, true, StandardCharsets.UTF_8));
    if (store != null) {
      bench.storeOpener = store;
    }
    return new Setup(bench, options, console);
  }
}
