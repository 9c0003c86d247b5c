package org.cnnbench.spec.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cnnbench.spec.Activation;
import org.cnnbench.spec.Layer;
import org.cnnbench.spec.LayerSummary;
import org.cnnbench.spec.Loss;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spec.Optimizer;
import org.cnnbench.spec.Padding;
import org.cnnbench.spec.Pads;
import org.cnnbench.spec.Shape;
import org.cnnbench.spec.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

  static final Path FIXTURES = Path.of("src/test/resources/org/cnnbench/spec/json");
  static final Path EXAMPLES = Path.of("../../examples/models");

  @TempDir Path dir;

  private Path write(String name, String json) throws IOException {
    return Files.writeString(dir.resolve(name), json, StandardCharsets.UTF_8);
  }

  @Test
  void specJsonRoundTripsEveryField() {
    ModelSpec spec =
        ModelSpec.builder("every-field")
            .setInput(Shape.chw(3, 20, 24))
            .add(new Layer.Conv2D(4, 3, 5, 1, Padding.SAME, Activation.SIGMOID))
            .add(new Layer.MaxPool2D(3, 2))
            .add(new Layer.Dropout(0.25))
            .add(new Layer.Flatten())
            .add(new Layer.Dense(7, Activation.LINEAR))
            .add(new Layer.Dense(3, Activation.SOFTMAX))
            .setLoss(Loss.CATEGORICAL_CROSSENTROPY)
            .optOptimizer(new Optimizer.Adam(0.002, 0.8, 0.99, 1e-8))
            .optBatchSize(17)
            .optEpochs(3)
            .optSeed(-5)
            .optValidationSplit(0.125)
            .build();
    ModelFile read =
        ModelFiles.read(
            ModelFiles.toJson(spec).getBytes(StandardCharsets.UTF_8), "x.json", "x", "x.json");
    assertEquals(spec, read.spec());
    assertEquals(ModelFormat.CNN_BENCH, read.format());
    ModelSpec sgd = spec.withOptimizer(new Optimizer.Sgd(0.3));
    assertEquals(
        sgd,
        ModelFiles.read(
                ModelFiles.toJson(sgd).getBytes(StandardCharsets.UTF_8), "x.json", "x", "x.json")
            .spec());
  }

  @Test
  void theTalksFruitCnnInKeras3IsTheCatalogueFruitCnn() {
    ModelFile f = ModelFiles.read(EXAMPLES.resolve("fruit-cnn-keras3.json"));
    assertEquals(ModelFormat.KERAS_3, f.format());
    assertEquals("fruit-cnn-keras3", f.spec().name());
    ModelSpec talk = ModelCatalog.get("fruit-cnn").spec();
    assertEquals(talk.input(), f.spec().input());
    assertEquals(talk.layers(), f.spec().layers());
    assertEquals(talk.summary(), f.spec().summary());
    assertEquals(1_848_417, f.spec().parameterCount());
    assertEquals(Loss.BINARY_CROSSENTROPY, f.spec().loss());
    assertEquals(Optimizer.Adam.kerasDefaults(), f.spec().optimizer());
    assertEquals(List.of(), f.defaults());
    assertEquals(64, f.sha256().length());
  }

  @Test
  void malformedJsonNamesTheFileAndThePosition() throws IOException {
    Path bad =
        write(
            "broken.json",
            "{\n  \"class_name\": \"Sequential\",\n  \"config\": {\"layers\": [}\n}\n");
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.read(bad));
    assertTrue(
        e.getMessage().startsWith(bad + ": malformed JSON at line 3, column"), e.getMessage());
  }

  @Test
  void aMissingFileIsNamed() {
    ModelFileException e =
        assertThrows(ModelFileException.class, () -> ModelFiles.read(dir.resolve("nope.json")));
    assertTrue(e.getMessage().contains("nope.json does not exist"), e.getMessage());
  }

  @Test
  void anLstmIsRefusedByNameClassAndIndexWithTheSupportedLayers() {
    ModelFileException e =
        assertThrows(
            ModelFileException.class,
            () -> ModelFiles.read(FIXTURES.resolve("lstm-tf-keras2.json")));
    assertTrue(
        e.getMessage()
            .contains(
                "layer 1 'lstm' (LSTM) is not supported; supported Keras layers:"
                    + " InputLayer, Conv2D"),
        e.getMessage());
  }

  @Test
  void aFunctionalModelIsRefused() {
    ModelFileException e =
        assertThrows(
            ModelFileException.class,
            () -> ModelFiles.read(FIXTURES.resolve("functional-keras3.json")));
    assertTrue(e.getMessage().contains("Keras 'Functional' (functional API)"), e.getMessage());
    assertTrue(e.getMessage().contains("keras.Sequential"), e.getMessage());
  }

  @Test
  void unsupportedSettingsAreNamedWithTheLayer() throws IOException {
    String talk = Files.readString(EXAMPLES.resolve("fruit-cnn-keras3.json"));
    String[][] cases = {
      {
        "\"dilation_rate\": [1, 1]",
        "\"dilation_rate\": [2, 2]",
        "layer 1 'conv2d' (Conv2D): dilation_rate [2, 2] is not supported"
      },
      {
        "\"data_format\": \"channels_last\", \"dilation_rate\"",
        "\"data_format\": \"channels_first\"," + " \"dilation_rate\"",
        "layer 1 'conv2d' (Conv2D): data_format 'channels_first' is not supported"
      },
      {
        "\"units\": 64, \"activation\": \"relu\", \"use_bias\": true, \"kernel_initializer\": {\"module\":"
            + " \"keras.initializers\", \"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null},"
            + " \"registered_name\": null}, \"bias_initializer\": {\"module\": \"keras.initializers\","
            + " \"class_name\": \"Zeros\", \"config\": {}, \"registered_name\": null},"
            + " \"kernel_regularizer\": null",
        "\"units\": 64, \"activation\": \"relu\", \"use_bias\": true, \"kernel_initializer\": {\"module\":"
            + " \"keras.initializers\", \"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null},"
            + " \"registered_name\": null}, \"bias_initializer\": {\"module\": \"keras.initializers\","
            + " \"class_name\": \"Zeros\", \"config\": {}, \"registered_name\": null},"
            + " \"kernel_regularizer\": {\"module\": \"keras.regularizers\", \"class_name\": \"L2\","
            + " \"config\": {\"l2\": 0.01}, \"registered_name\": null}",
        "layer 6 'dense' (Dense): kernel_regularizer L2 is not supported"
      },
      {
        "\"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv2d_1\"",
        "\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"batch_normalization\"",
        "layer 3 'batch_normalization' (BatchNormalization) is not supported"
      },
    };
    for (String[] c : cases) {
      assertTrue(talk.contains(c[0]), c[0]);
      Path file = write("changed.json", talk.replace(c[0], c[1]));
      ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.read(file));
      assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
      assertTrue(e.getMessage().contains(c[2]), e.getMessage());
    }
  }

  @Test
  void withoutACompileConfigTheDefaultsAreRecorded() throws IOException {
    String talk = Files.readString(EXAMPLES.resolve("fruit-cnn-keras3.json"));
    int at = talk.indexOf(", \"compile_config\"");
    Path file = write("plain.json", talk.substring(0, at) + "}");
    ModelFile f = ModelFiles.read(file);
    assertEquals(Optimizer.Adam.kerasDefaults(), f.spec().optimizer());
    assertEquals(Loss.BINARY_CROSSENTROPY, f.spec().loss());
    assertEquals(1, f.defaults().size());
    assertTrue(f.defaults().get(0).contains("no compile config"), f.defaults().get(0));
  }

  @Test
  void keras3LearningRatesReadBackAsTheirDecimal() {
    assertEquals(0.001, KerasJson.float32(0.0010000000474974513));
    assertEquals(0.9, KerasJson.float32(0.9));
  }

  private static List<Long> counts(ModelSpec spec) {
    return spec.summary().stream().map(LayerSummary::parameters).toList();
  }

  @Test
  void aTfKeras2MnistCnnWithSamePaddingStrideTwoAndDropoutHasKerasCounts() {
    ModelFile f = ModelFiles.read(EXAMPLES.resolve("mnist-cnn-tf-keras2.json"));
    assertEquals(ModelFormat.TF_KERAS_2, f.format());
    ModelSpec spec = f.spec();
    assertEquals(Shape.chw(1, 28, 28), spec.input());
    // What Keras' model.summary() prints for this model: 320, 18,496, 0, 0, 0, 401,536, 0, 1,290.
    assertEquals(List.of(320L, 18_496L, 0L, 0L, 0L, 401_536L, 0L, 1_290L), counts(spec));
    assertEquals(421_642, spec.parameterCount());
    assertEquals(
        List.of(
            "(32, 28, 28)",
            "(64, 14, 14)",
            "(64, 7, 7)",
            "(64, 7, 7)",
            "(3136)",
            "(128)",
            "(128)",
            "(10)"),
        spec.summary().stream().map(r -> r.outputShape().toString()).toList());
    assertEquals(
        new Pads(0, 1, 0, 1), ((Layer.Conv2D) spec.layers().get(1)).pads(Shape.chw(32, 28, 28)));
    assertEquals(new Layer.Dropout(0.25), spec.layers().get(3));
    assertEquals(Loss.CATEGORICAL_CROSSENTROPY, spec.loss());
    assertEquals(Optimizer.Adam.kerasDefaults(), spec.optimizer());
    assertEquals(
        1, f.defaults().size(), "tf.keras 2.x's to_json() has no compile config: " + f.defaults());
    assertEquals("mnist", ModelSet.dataKind(spec));
    ModelSpec inASet =
        ModelSet.of(List.of(EXAMPLES.resolve("mnist-cnn-tf-keras2.json")))
            .entry("mnist-cnn-tf-keras2")
            .spec();
    assertEquals(0.3, inASet.validationSplit(), "mnist-cnn's split, a Keras file has none");
    assertEquals(spec.layers(), inASet.layers());
  }

  @Test
  void aKeras3FruitCnnWithAFiveByFiveStrideTwoSameConvolution() {
    ModelFile f = ModelFiles.read(EXAMPLES.resolve("fruit-cnn-stride2-keras3.json"));
    assertEquals(ModelFormat.KERAS_3, f.format());
    ModelSpec spec = f.spec();
    assertEquals(Shape.chw(3, 128, 128), spec.input());
    assertEquals(new Pads(1, 2, 1, 2), ((Layer.Conv2D) spec.layers().get(0)).pads(spec.input()));
    assertEquals(List.of(1_216L, 0L, 4_640L, 0L, 0L, 0L, 524_352L, 65L), counts(spec));
    assertEquals(530_273, spec.parameterCount());
    assertEquals(new Optimizer.Adam(0.0005, 0.9, 0.999, 1e-7), spec.optimizer());
    assertEquals(Loss.BINARY_CROSSENTROPY, spec.loss());
    assertEquals(List.of(), f.defaults());
    assertEquals("fruits", ModelSet.dataKind(spec));
  }

  @Test
  void keras3ActivationReluAveragePoolingAndGlobalAveragePoolingLayers() {
    ModelSpec spec = ModelFiles.read(FIXTURES.resolve("layer-zoo-keras3.json")).spec();
    assertEquals(
        List.of(
            new Layer.Conv2D(4, 5, 5, 2, Padding.SAME, Activation.LINEAR),
            new Layer.ActivationLayer(Activation.RELU),
            new Layer.Conv2D(5, 3, 3, 1, Padding.VALID, Activation.LINEAR),
            new Layer.AvgPool2D(2, 2),
            new Layer.ActivationLayer(Activation.TANH),
            new Layer.GlobalAvgPool2D(),
            new Layer.Dense(1, Activation.SIGMOID)),
        spec.layers());
    assertEquals(495, spec.parameterCount());
    assertEquals(new Optimizer.Sgd(0.05), spec.optimizer());
    assertEquals(
        spec,
        ModelFiles.read(
                ModelFiles.toJson(spec).getBytes(StandardCharsets.UTF_8), "z.json", "z", "z.json")
            .spec(),
        "the new layers round-trip through the spec format");
  }

  @Test
  void tenOutputUnitsOnFruitImagesFitNoDatasetAndTheMessageNamesBothShapes() {
    ModelSpec spec = ModelFiles.read(FIXTURES.resolve("fruit-ten-units-keras3.json")).spec();
    SpecException e = assertThrows(SpecException.class, () -> ModelSet.dataKind(spec));
    assertTrue(
        e.getMessage().contains("input (3, 128, 128) and output (10 softmax) fits no dataset"),
        e.getMessage());
    assertTrue(e.getMessage().contains("(1 sigmoid) or (2 softmax)"), e.getMessage());
  }

  @Test
  void aSetKeepsTheFilesOrderAndATrialRefusesAChangedFile() throws IOException {
    List<Path> files =
        List.of(
            EXAMPLES.resolve("mnist-cnn-tf-keras2.json"),
            EXAMPLES.resolve("fruit-cnn-stride2-keras3.json"),
            EXAMPLES.resolve("fruit-cnn-keras3.json"),
            FIXTURES.resolve("layer-zoo-keras3.json"));
    ModelSet set = ModelSet.of(files);
    assertEquals(
        List.of(
            "mnist-cnn-tf-keras2",
            "fruit-cnn-stride2-keras3",
            "fruit-cnn-keras3",
            "layer-zoo-keras3"),
        set.fileModels());
    List<String> references = set.fileModels().stream().map(set::reference).toList();
    assertEquals(set.fileModels(), ModelSet.fromReferences(references).fileModels());
    Path copy = Files.copy(EXAMPLES.resolve("fruit-cnn-keras3.json"), dir.resolve("mine.json"));
    String reference = ModelSet.of(List.of(copy)).reference("mine");
    Files.writeString(copy, Files.readString(copy).replace("\"units\": 64", "\"units\": 65"));
    ModelFileException e =
        assertThrows(ModelFileException.class, () -> ModelSet.fromReferences(List.of(reference)));
    assertTrue(e.getMessage().contains("changed since the run started"), e.getMessage());
  }
}
