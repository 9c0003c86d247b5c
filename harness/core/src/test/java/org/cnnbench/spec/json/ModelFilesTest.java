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
import org.cnnbench.spec.Loss;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spec.Optimizer;
import org.cnnbench.spec.Padding;
import org.cnnbench.spec.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

  static final Path FIXTURES = Path.of("src/test/resources/org/cnnbench/spec/json");
  static final Path EXAMPLES = Path.of("../../examples/models");

  @TempDir
  Path dir;

  private Path write(String name, String json) throws IOException {
    return Files.writeString(dir.resolve(name), json, StandardCharsets.UTF_8);
  }

  @Test
  void specJsonRoundTripsEveryField() {
    ModelSpec spec = ModelSpec.builder("every-field").setInput(Shape.chw(3, 20, 24))
        .add(new Layer.Conv2D(4, 3, 5, 1, Padding.SAME, Activation.SIGMOID))
        .add(new Layer.MaxPool2D(3, 2)).add(new Layer.Dropout(0.25)).add(new Layer.Flatten())
        .add(new Layer.Dense(7, Activation.LINEAR)).add(new Layer.Dense(3, Activation.SOFTMAX))
        .setLoss(Loss.CATEGORICAL_CROSSENTROPY).optOptimizer(new Optimizer.Adam(0.002, 0.8, 0.99, 1e-8))
        .optBatchSize(17).optEpochs(3).optSeed(-5).optValidationSplit(0.125).build();
    ModelFile read = ModelFiles.read(ModelFiles.toJson(spec).getBytes(StandardCharsets.UTF_8), "x.json", "x",
        "x.json");
    assertEquals(spec, read.spec());
    assertEquals(ModelFormat.CNN_BENCH, read.format());
    ModelSpec sgd = spec.withOptimizer(new Optimizer.Sgd(0.3));
    assertEquals(sgd, ModelFiles.read(ModelFiles.toJson(sgd).getBytes(StandardCharsets.UTF_8), "x.json",
        "x", "x.json").spec());
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
    Path bad = write("broken.json", "{\n  \"class_name\": \"Sequential\",\n  \"config\": {\"layers\": [}\n}\n");
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.read(bad));
    assertTrue(e.getMessage().startsWith(bad + ": malformed JSON at line 3, column"), e.getMessage());
  }

  @Test
  void aMissingFileIsNamed() {
    ModelFileException e = assertThrows(ModelFileException.class,
        () -> ModelFiles.read(dir.resolve("nope.json")));
    assertTrue(e.getMessage().contains("nope.json does not exist"), e.getMessage());
  }

  @Test
  void anLstmIsRefusedByNameClassAndIndexWithTheSupportedLayers() {
    ModelFileException e = assertThrows(ModelFileException.class,
        () -> ModelFiles.read(FIXTURES.resolve("lstm-tf-keras2.json")));
    assertTrue(e.getMessage().contains("layer 1 'lstm' (LSTM) is not supported; supported Keras layers:"
        + " InputLayer, Conv2D"), e.getMessage());
  }

  @Test
  void aFunctionalModelIsRefused() {
    ModelFileException e = assertThrows(ModelFileException.class,
        () -> ModelFiles.read(FIXTURES.resolve("functional-keras3.json")));
    assertTrue(e.getMessage().contains("Keras 'Functional' (functional API)"), e.getMessage());
    assertTrue(e.getMessage().contains("keras.Sequential"), e.getMessage());
  }

  @Test
  void unsupportedSettingsAreNamedWithTheLayer() throws IOException {
    String talk = Files.readString(EXAMPLES.resolve("fruit-cnn-keras3.json"));
    String[][] cases = {
        {"\"dilation_rate\": [1, 1]", "\"dilation_rate\": [2, 2]",
            "layer 1 'conv2d' (Conv2D): dilation_rate [2, 2] is not supported"},
        {"\"data_format\": \"channels_last\", \"dilation_rate\"", "\"data_format\": \"channels_first\","
            + " \"dilation_rate\"", "layer 1 'conv2d' (Conv2D): data_format 'channels_first' is not supported"},
        {"\"units\": 64, \"activation\": \"relu\", \"use_bias\": true, \"kernel_initializer\": {\"module\":"
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
            "layer 6 'dense' (Dense): kernel_regularizer L2 is not supported"},
        {"\"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv2d_1\"",
            "\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"batch_normalization\"",
            "layer 3 'batch_normalization' (BatchNormalization) is not supported"},
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
}
