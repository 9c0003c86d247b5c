package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  private static final List<String> BUILT = List.of("mxnet", "pytorch");
  private static final Path ROOT = Path.of("/repo");

  private static BenchOptions parse(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return BenchOptions.parse(p, BUILT, ROOT);
  }

  @Test
  void unknownBenchListsTheValidValues() {
    OptionException e = assertThrows(OptionException.class, () -> parse("bench", "mnsit"));
    assertEquals("unknown -Dbench value 'mnsit'; valid: all, mnist, fruits, fashion-mnist, list, report, parity, compare, threads, jmh, merge", e.getMessage());
  }

  @Test
  void unknownOrUnbuiltFrameworkListsTheBuiltOnes() {
    OptionException e = assertThrows(OptionException.class, () -> parse("frameworks", "pytorch,caffe"));
    assertEquals("unknown -Dframeworks value 'caffe'; valid: mxnet, pytorch", e.getMessage());
  }

  @Test
  void badValuesOfOtherOptionsAreRejected() {
    assertTrue(assertThrows(OptionException.class, () -> parse("device", "tpu")).getMessage()
        .contains("valid: auto, cpu, gpu, all"));
    assertTrue(assertThrows(OptionException.class, () -> parse("profile", "full")).getMessage()
        .contains("valid: quick, paper"));
    assertTrue(assertThrows(OptionException.class, () -> parse("models", "resnet")).getMessage()
        .contains("valid: mnist-cnn, lenet, mlp, logreg, fruit-cnn"));
    assertTrue(assertThrows(OptionException.class, () -> parse("epochs", "two")).getMessage()
        .contains("-Depochs must be an integer"));
    assertTrue(assertThrows(OptionException.class, () -> parse("timeout", "0")).getMessage()
        .contains("-Dtimeout"));
    assertTrue(assertThrows(OptionException.class, () -> parse("bench", "mnist", "models", "fruit-cnn"))
        .getMessage().contains("trains on fruits"));
  }

  @Test
  void defaultsAndExpansion() {
    BenchOptions o = parse();
    assertEquals(List.of("mnist", "fruits"), o.datasets());
    assertEquals(BUILT, o.frameworks());
    assertEquals("quick", o.profile());
    assertEquals(ROOT.resolve("results"), o.resultsDir());
    assertEquals(1, o.repeats());
    BenchOptions all = parse("bench", "mnist", "models", "all", "fruits.dir", "data/fruit");
    assertEquals(List.of("mnist-cnn", "lenet", "mlp", "logreg"), all.models());
    assertEquals(Map.of("fruits.dir", "/repo/data/fruit"), all.datasetOptions());
    assertEquals("mvn exec:java -Dbench=mnist -Dmodels=all -Dfruits.dir=data/fruit", all.commandLine());
  }

  @Test
  void fashionMnistIsOneProviderOutsideTheDefaults() {
    assertEquals(List.of("mnist", "fruits"), parse("bench", "all").datasets());
    BenchOptions f = parse("bench", "fashion-mnist");
    assertEquals(List.of("fashion-mnist"), f.datasets());
    assertEquals(List.of("mnist-cnn"), TrialPlan.models(f, "fashion-mnist"));
    BenchOptions all = parse("bench", "fashion-mnist", "models", "all");
    assertEquals(List.of("mnist-cnn", "lenet", "mlp", "logreg"), all.models());
    assertEquals(List.of("lenet"), TrialPlan.models(parse("bench", "fashion-mnist,mnist", "models", "lenet"),
        "fashion-mnist"));
    assertTrue(assertThrows(OptionException.class, () -> parse("bench", "fashion-mnist", "models", "fruit-cnn"))
        .getMessage().contains("trains on fruits"));
    String listing = DatasetNames.listing();
    assertTrue(listing.contains("\n    fashion-mnist  models mnist-cnn, lenet, mlp, logreg (default mnist-cnn):"
        + " Fashion-MNIST"), listing);
    assertTrue(listing.contains("\n  * mnist "), listing);
  }
}
