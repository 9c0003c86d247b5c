package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.Frameworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every real adapter computes the same forward pass and the same SGD and Adam steps as PyTorch. */
class ParityBenchTest {

  @TempDir Path root;

  private List<ParityBench.Row> parity(String frameworks, String models) throws Exception {
    Properties p = new Properties();
    p.setProperty("bench", "parity");
    p.setProperty("frameworks", frameworks);
    p.setProperty("models", models);
    p.setProperty("batch", "2");
    p.setProperty("threads", "1");
    p.setProperty("timeout", "5");
    p.setProperty("child.xmx", "2g");
    Map<String, FrameworkProvider> all = new LinkedHashMap<>();
    Frameworks.available().forEach(f -> all.put(f.name(), f));
    BenchOptions options = BenchOptions.parse(p, List.copyOf(all.keySet()), root);
    Map<String, FrameworkProvider> selected = new LinkedHashMap<>();
    options.frameworks().forEach(f -> selected.put(f, all.get(f)));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    Path runDir = root.resolve("results/run");
    List<ParityBench.Row> rows =
        new ParityBench(options, selected, new PrintStream(console, true, StandardCharsets.UTF_8))
            .run(runDir);
    assertTrue(
        Files.readString(runDir.resolve("parity.csv"))
            .startsWith("model,framework,reference,check,max_abs_diff,tolerance,pass,reason\n"));
    return rows;
  }

  @Test
  void allRealAdaptersAgreeWithPyTorchOnEveryCatalogueModel() throws Exception {
    // every adapter the build found (ServiceLoader), DJL PyTorch first: it is the parity reference
    List<String> real = new ArrayList<>(List.of("pytorch"));
    DeviceSelectionTest.realAdapters().stream()
        .map(FrameworkProvider::name)
        .filter(n -> !n.equals("pytorch"))
        .forEach(real::add);
    assertEquals(DeviceSelectionTest.declaredAdapterClasses().size(), real.size(), real.toString());
    List<ParityBench.Row> rows = parity(String.join(",", real), "all");
    int models = org.cnnbench.spec.ModelCatalog.names().size();
    // per model: pytorch vs the Java reference, then the others x (forward, sgd, adam)
    assertEquals(models * (1 + (real.size() - 1) * 3), rows.size());
    for (ParityBench.Row r : rows) {
      assertTrue(r.pass(), r.toString());
      assertTrue(r.maxAbsDiff() <= ParityBench.TOLERANCE, r.toString());
    }
  }

  @Test
  void anAdapterThatDoesNotLearnFailsTheStepChecks() throws Exception {
    // The fake test adapter computes the right forward pass but never updates its weights.
    List<ParityBench.Row> rows = parity("pytorch,fake", "logreg");
    Map<String, ParityBench.Row> byCheck = new LinkedHashMap<>();
    rows.stream().filter(r -> r.framework().equals("fake")).forEach(r -> byCheck.put(r.check(), r));
    assertTrue(byCheck.get("forward").pass(), byCheck.get("forward").toString());
    assertFalse(byCheck.get("sgd_step").pass());
    assertFalse(byCheck.get("adam_step").pass());
    assertTrue(
        byCheck.get("adam_step").reason().contains("differ by more than 1.0E-4"),
        byCheck.get("adam_step").reason());
    assertTrue(
        byCheck.get("adam_step").maxAbsDiff() > 5e-4, "Adam's first step moves weights by ~lr");
  }
}
