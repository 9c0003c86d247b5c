package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.cnnbench.runner.plan.TrialPlan;
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
    assertEquals(
        "unknown -Dbench value 'mnsit'; valid: all, mnist, fruits, fashion-mnist, list, report, parity, compare, threads, memory, jmh, merge",
        e.getMessage());
  }

  @Test
  void unknownOrUnbuiltFrameworkListsTheBuiltOnes() {
    OptionException e =
        assertThrows(OptionException.class, () -> parse("frameworks", "pytorch,caffe"));
    assertEquals("unknown -Dframeworks value 'caffe'; valid: mxnet, pytorch", e.getMessage());
  }

  @Test
  void badValuesOfOtherOptionsAreRejected() {
    assertTrue(
        assertThrows(OptionException.class, () -> parse("device", "tpu"))
            .getMessage()
            .contains("valid: auto, cpu, gpu, all"));
    assertTrue(
        assertThrows(OptionException.class, () -> parse("profile", "full"))
            .getMessage()
            .contains("valid: quick, paper"));
    assertTrue(
        assertThrows(OptionException.class, () -> parse("models", "resnet"))
            .getMessage()
            .contains("valid: mnist-cnn, lenet, mlp, logreg, fruit-cnn"));
    assertTrue(
        assertThrows(OptionException.class, () -> parse("epochs", "two"))
            .getMessage()
            .contains("-Depochs must be an integer"));
    assertTrue(
        assertThrows(OptionException.class, () -> parse("timeout", "0"))
            .getMessage()
            .contains("-Dtimeout"));
    assertTrue(
        assertThrows(OptionException.class, () -> parse("bench", "mnist", "models", "fruit-cnn"))
            .getMessage()
            .contains("trains on fruits"));
  }

  @Test
  void badMemorySweepOptionsNameTheOptionAndTheFix() {
    assertTrue(
        assertThrows(
                OptionException.class, () -> parse("bench", "memory", "memory.batches", "64,32"))
            .getMessage()
            .contains("-Dmemory.batches must list positive batch sizes in increasing order"));
    assertTrue(
        assertThrows(
                OptionException.class, () -> parse("bench", "memory", "memory.batches", "16,x"))
            .getMessage()
            .contains("got '16,x'"));
    assertTrue(
        assertThrows(OptionException.class, () -> parse("bench", "memory", "memory.cap", "-5"))
            .getMessage()
            .contains("-Dmemory.cap is the memory cap"));
    assertTrue(
        assertThrows(OptionException.class, () -> parse("bench", "memory", "memory.steps", "1"))
            .getMessage()
            .contains("at least 2"));
    MemorySweep.Settings s =
        MemorySweep.Settings.parse(
            parse("bench", "memory", "memory.batches", "8, 64", "memory.cap", "3000").given());
    assertEquals(new MemorySweep.Settings(List.of(8, 64), 3000, MemorySweep.DEFAULT_STEPS), s);
    assertEquals(MemorySweep.DEFAULT_BATCHES, MemorySweep.Settings.parse(Map.of()).batches());
    // samples leave exactly steps x batch for training after the validation split
    for (int train : new int[] {320, 20 * 1024, 7, 1000}) {
      for (double split : new double[] {0.3, 0.1, 0.25, 0.0}) {
        int n = MemorySweep.samplesFor(train, split);
        assertEquals(train, (int) Math.floor(n * (1 - split)), train + " at split " + split);
        assertTrue((int) Math.floor((n - 1) * (1 - split)) < train, train + " at split " + split);
      }
    }
  }

  @Test
  void defaultsAndExpansion() {
    BenchOptions o = parse();
    assertEquals(List.of("mnist", "fruits"), o.datasets());
    assertEquals(BUILT, o.frameworks());
    assertEquals("quick", o.profile());
    assertEquals(ROOT.resolve("results"), o.resultsDir());
    assertEquals(
        3, o.repeats(), "three interleaved rounds by default, so every pair gets an interval");
    BenchOptions all = parse("bench", "mnist", "models", "all", "fruits.dir", "data/fruit");
    assertEquals(List.of("mnist-cnn", "lenet", "mlp", "logreg"), all.models());
    assertEquals(Map.of("fruits.dir", "/repo/data/fruit"), all.datasetOptions());
    assertEquals(
        "mvn exec:java -Dbench=mnist -Dmodels=all -Dfruits.dir=data/fruit", all.commandLine());
  }

  @Test
  void fashionMnistIsOneProviderOutsideTheDefaults() {
    assertEquals(List.of("mnist", "fruits"), parse("bench", "all").datasets());
    BenchOptions f = parse("bench", "fashion-mnist");
    assertEquals(List.of("fashion-mnist"), f.datasets());
    assertEquals(List.of("mnist-cnn"), TrialPlan.models(f, "fashion-mnist"));
    BenchOptions all = parse("bench", "fashion-mnist", "models", "all");
    assertEquals(List.of("mnist-cnn", "lenet", "mlp", "logreg"), all.models());
    assertEquals(
        List.of("lenet"),
        TrialPlan.models(
            parse("bench", "fashion-mnist,mnist", "models", "lenet"), "fashion-mnist"));
    assertTrue(
        assertThrows(
                OptionException.class, () -> parse("bench", "fashion-mnist", "models", "fruit-cnn"))
            .getMessage()
            .contains("trains on fruits"));
    String listing = DatasetNames.listing();
    assertTrue(
        listing.contains(
            "\n    fashion-mnist  models mnist-cnn, lenet, mlp, logreg (default mnist-cnn):"
                + " Fashion-MNIST"),
        listing);
    assertTrue(listing.contains("\n  * mnist "), listing);
  }

  private static List<String> nearMisses(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return OptionKeys.nearMisses(p);
  }

  @Test
  void nearMissesOfOptionKeysWarnWithTheKeyMeant() {
    assertEquals(
        List.of("-Depoch is not a cnn-bench option and is ignored; did you mean -Depochs?"),
        nearMisses("epoch", "3"));
    assertEquals(
        List.of("-Dframework is not a cnn-bench option and is ignored; did you mean -Dframeworks?"),
        nearMisses("framework", "keras"));
    assertEquals(
        List.of(
            "-Dreslts.dir is not a cnn-bench option and is ignored; did you mean -Dresults.dir?",
            "-Dthraeds is not a cnn-bench option and is ignored; did you mean -Dthreads?"),
        nearMisses("thraeds", "2", "reslts.dir", "/tmp/r"));
    assertEquals(
        List.of("-DEpochs is not a cnn-bench option and is ignored; did you mean -Depochs?"),
        nearMisses("Epochs", "3"));
  }

  @Test
  void knownKeysAndTheJvmsAndMavensOwnPropertiesDoNotWarn() {
    assertEquals(
        List.of(),
        nearMisses("epochs", "3", "frameworks", "pytorch", "lr", "0.01", "verbose", "true"));
    Properties real = new Properties();
    real.putAll(System.getProperties());
    real.setProperty("maven.repo.local", "/m2");
    real.setProperty("skipTests", "true");
    real.setProperty("test", "X");
    real.setProperty("exec.args", "a");
    real.setProperty("style.color", "never");
    real.setProperty("java.awt.headless", "true");
    real.setProperty("ai.djl.offline", "true");
    real.setProperty("revision", "1");
    real.setProperty("debug", "true");
    real.setProperty("quiet", "true");
    for (String key : OptionRegistry.installed().keys()) {
      real.remove(key);
    }
    assertEquals(List.of(), OptionKeys.nearMisses(real));
  }

  @Test
  void duplicateListEntriesAreRejected() {
    OptionException e =
        assertThrows(OptionException.class, () -> parse("frameworks", "pytorch,pytorch"));
    assertEquals(
        "-Dframeworks lists 'pytorch' twice; give each value once, e.g. -Dframeworks=pytorch",
        e.getMessage());
    assertTrue(
        assertThrows(
                OptionException.class, () -> parse("bench", "mnist", "models", "lenet,mlp,LeNet"))
            .getMessage()
            .contains("-Dmodels lists 'lenet' twice"));
    assertTrue(
        assertThrows(OptionException.class, () -> parse("bench", "mnist,fruits,mnist"))
            .getMessage()
            .contains("-Dbench lists 'mnist' twice"));
  }

  @Test
  void learningRateIsAPositiveNumber() {
    assertEquals(0, parse().learningRate());
    assertEquals(0.05, parse("lr", "0.05").learningRate());
    assertEquals(1e200, parse("lr", "1e200").learningRate());
    for (String bad : List.of("0", "-1", "fast", "NaN", "Infinity")) {
      OptionException e = assertThrows(OptionException.class, () -> parse("lr", bad), bad);
      assertEquals(
          "-Dlr is the optimizer's learning rate and must be a positive number, e.g. -Dlr=0.001, got '"
              + bad
              + "'",
          e.getMessage());
    }
  }
}
