package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.cnnbench.runner.plan.TrialPlan;
import org.junit.jupiter.api.Test;

/** {@code -Dmodel.file}: files read and matched to datasets by shape before any work. */
class ModelFileOptionTest {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final String FIXTURES = "harness/core/src/test/resources/org/cnnbench/spec/json/";

  private static BenchOptions parse(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return BenchOptions.parse(p, List.of("pytorch"), ROOT);
  }

  @Test
  void fileModelsJoinThePlanOfTheDatasetsTheirShapesFit() {
    BenchOptions o =
        parse(
            "bench",
            "all",
            "model.file",
            "examples/models/mnist-cnn-tf-keras2.json, examples/models/fruit-cnn-stride2-keras3.json");
    assertEquals(List.of("mnist-cnn-tf-keras2"), TrialPlan.models(o, "mnist"));
    assertEquals(List.of("mnist-cnn-tf-keras2"), TrialPlan.models(o, "fashion-mnist"));
    assertEquals(List.of("fruit-cnn-stride2-keras3"), TrialPlan.models(o, "fruits"));
    assertEquals(421_642, o.entry("mnist-cnn-tf-keras2").spec().parameterCount());
    assertTrue(
        o.entry("fruit-cnn-stride2-keras3")
            .source()
            .contains("fruit-cnn-stride2-keras3.json" + " (Keras 3, sha256 "),
        o.entry("fruit-cnn-stride2-keras3").source());
    assertEquals(6_000, o.entry("mnist-cnn-tf-keras2").quickSamples(), "mnist-cnn's quick setting");
    assertEquals(0.2, o.entry("fruit-cnn-stride2-keras3").spec().validationSplit());
    assertTrue(
        o.entry("fruit-cnn-stride2-keras3").source().contains("validation split 0.2 (fruit-cnn's"),
        o.entry("fruit-cnn-stride2-keras3").source());
  }

  @Test
  void withModelsTheCatalogueModelsStayInThePlan() {
    BenchOptions o =
        parse(
            "bench",
            "fruits",
            "models",
            "fruit-cnn",
            "model.file",
            "examples/models/fruit-cnn-keras3.json");
    assertEquals(List.of("fruit-cnn", "fruit-cnn-keras3"), TrialPlan.models(o, "fruits"));
    assertEquals(o.entry("fruit-cnn").spec().layers(), o.entry("fruit-cnn-keras3").spec().layers());
  }

  @Test
  void aModelOfAnotherDatasetNamesTheDatasetToAdd() {
    OptionException e =
        assertThrows(
            OptionException.class,
            () -> parse("bench", "mnist", "model.file", "examples/models/fruit-cnn-keras3.json"));
    assertTrue(e.getMessage().contains("input (3, 128, 128)"), e.getMessage());
    assertTrue(e.getMessage().contains("add -Dbench=fruits"), e.getMessage());
  }

  @Test
  void badFilesStopTheRunBeforeAnyWorkNamingTheLayerOrTheShapes() {
    OptionException ten =
        assertThrows(
            OptionException.class,
            () -> parse("bench", "fruits", "model.file", FIXTURES + "fruit-ten-units-keras3.json"));
    assertTrue(
        ten.getMessage()
            .startsWith(
                "-Dmodel.file: "
                    + ROOT.resolve(FIXTURES + "fruit-ten-units-keras3.json")
                    + ": model 'fruit-ten-units-keras3'"),
        ten.getMessage());
    assertTrue(
        ten.getMessage().contains("input (3, 128, 128) and output (10 softmax) fits no dataset"),
        ten.getMessage());
    OptionException lstm =
        assertThrows(
            OptionException.class,
            () -> parse("bench", "mnist", "model.file", FIXTURES + "lstm-tf-keras2.json"));
    assertTrue(
        lstm.getMessage().contains("layer 1 'lstm' (LSTM) is not supported"), lstm.getMessage());
    OptionException functional =
        assertThrows(
            OptionException.class,
            () -> parse("bench", "mnist", "model.file", FIXTURES + "functional-keras3.json"));
    assertTrue(functional.getMessage().contains("(functional API)"), functional.getMessage());
    OptionException missing =
        assertThrows(OptionException.class, () -> parse("model.file", "nope.json"));
    assertTrue(missing.getMessage().contains("nope.json does not exist"), missing.getMessage());
    OptionException print =
        assertThrows(OptionException.class, () -> parse("bench", "list", "model.print", "yaml"));
    assertTrue(print.getMessage().contains("valid: json"), print.getMessage());
  }

  @Test
  void aFileModelNamedLikeACatalogueModelIsRefused() {
    OptionException e =
        assertThrows(
            OptionException.class,
            () ->
                parse(
                    "bench",
                    "list",
                    "model.file",
                    "harness/core/src/main/resources/org/cnnbench/spec/catalogue/lenet.json"));
    assertTrue(e.getMessage().contains("named 'lenet' like a catalogue model"), e.getMessage());
  }
}
