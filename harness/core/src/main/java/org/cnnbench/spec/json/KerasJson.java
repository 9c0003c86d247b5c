package org.cnnbench.spec.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cnnbench.spec.Activation;
import org.cnnbench.spec.Layer;
import org.cnnbench.spec.Loss;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spec.Optimizer;
import org.cnnbench.spec.Padding;
import org.cnnbench.spec.Shape;

/**
 * Reads a Keras Sequential model as {@code model.to_json()} writes it in tf.keras 2.x and Keras 3.
 * Layers are counted from 0 in the file's {@code layers} list, an {@code InputLayer} included, so
 * the index in an error is the one a user sees in the file.
 */
final class KerasJson {

  /** The Keras layer classes cnn-bench maps, in the order an error lists them. */
  static final List<String> SUPPORTED =
      List.of(
          "InputLayer",
          "Conv2D",
          "MaxPooling2D",
          "AveragePooling2D",
          "GlobalAveragePooling2D",
          "Flatten",
          "Dense",
          "Dropout",
          "Activation",
          "ReLU");

  private static final List<String> ACTIVATIONS =
      List.of("relu", "sigmoid", "tanh", "softmax", "linear");

  private KerasJson() {}

  /** A Keras model read into a spec. */
  record Read(ModelSpec spec, ModelFormat format, List<String> defaults) {}

  /**
   * @return true if the JSON is a Keras object ({@code class_name} at the top)
   */
  static boolean isKeras(JsonNode root) {
    return root.isObject() && root.has("class_name");
  }

  static Read read(JsonNode root, String name, String where) {
    JsonFields top = new JsonFields(root, where);
    String modelClass = top.text("class_name");
    if (!modelClass.equals("Sequential")) {
      throw top.error(
          "the model is a Keras '"
              + modelClass
              + "'"
              + (modelClass.equals("Functional") || modelClass.equals("Model")
                  ? " (functional API)"
                  : "")
              + "; cnn-bench reads Keras Sequential models only: rebuild it with keras.Sequential([...])"
              + " and save model.to_json() again");
    }
    boolean keras3 = root.has("module") || root.has("registered_name");
    ModelFormat format = keras3 ? ModelFormat.KERAS_3 : ModelFormat.TF_KERAS_2;
    JsonNode config = top.get("config");
    JsonNode layers =
        config.isArray() ? config : new JsonFields(config, where + ": config").get("layers");
    if (!layers.isArray() || layers.isEmpty()) {
      throw top.error("config.layers must be a non-empty list of layers");
    }
    // Unsupported layer classes first: they are the most useful thing to say about a file.
    for (int i = 0; i < layers.size(); i++) {
      JsonFields outer = new JsonFields(layers.get(i), where + ": layers[" + i + "]");
      String cls = outer.text("class_name");
      if (!SUPPORTED.contains(cls)) {
        JsonNode c = layers.get(i).get("config");
        String layerName = c != null && c.has("name") ? c.get("name").asText() : "?";
        throw new ModelFileException(
            where
                + ": layer "
                + i
                + " '"
                + layerName
                + "' ("
                + cls
                + ") is not"
                + " supported; supported Keras layers: "
                + String.join(", ", SUPPORTED));
      }
    }
    Shape input = null;
    List<Layer> specLayers = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      JsonNode l = layers.get(i);
      JsonFields outer = new JsonFields(l, where + ": layers[" + i + "]");
      String cls = outer.text("class_name");
      JsonFields c =
          outer.has("config")
              ? outer.object("config")
              : new JsonFields(JsonNodeFactory.instance.objectNode(), outer.where());
      String layerName = c.text("name", "?");
      String at = where + ": layer " + i + " '" + layerName + "' (" + cls + ")";
      JsonFields f = new JsonFields(c.node(), at);
      checkCommon(f);
      Shape declared = inputShape(f);
      if (declared != null) {
        if (input != null && !cls.equals("InputLayer")) {
          // tf.keras 2.x repeats batch_input_shape on the first layer after an InputLayer.
          if (!declared.equals(input)) {
            throw f.error(
                "batch_input_shape " + declared + " differs from the InputLayer's " + input);
          }
        } else if (input == null && i <= 1) {
          input = declared;
        }
      }
      if (cls.equals("InputLayer")) {
        if (i != 0) {
          throw f.error("an InputLayer must come first");
        }
        if (declared == null) {
          throw f.error("the InputLayer has no batch_shape / batch_input_shape");
        }
        continue;
      }
      try {
        specLayers.add(layer(cls, f));
      } catch (ModelFileException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw f.error(e.getMessage());
      }
    }
    if (input == null) {
      JsonNode build = config.isObject() ? config.get("build_input_shape") : null;
      if (build == null && root.has("build_config")) {
        build = root.get("build_config").get("input_shape");
      }
      if (build != null && !build.isNull()) {
        input = shape(build, top);
      }
    }
    if (input == null) {
      throw top.error(
          "no input shape: give the first layer an input shape (keras.Input(shape=(H, W, C))"
              + " or input_shape=...) before calling model.to_json()");
    }
    List<String> defaults = new ArrayList<>();
    Layer last = specLayers.get(specLayers.size() - 1);
    JsonNode training =
        root.has("compile_config")
            ? root.get("compile_config")
            : root.has("training_config") ? root.get("training_config") : null;
    if (training != null && training.isNull()) {
      training = null;
    }
    Loss loss;
    Optimizer optimizer;
    if (training == null) {
      loss = defaultLoss(last);
      optimizer = Optimizer.Adam.kerasDefaults();
      defaults.add(
          "no compile config in the file: loss "
              + loss.id()
              + " (from the output layer) and "
              + optimizer.describe()
              + ", the datasets' default optimizer");
    } else {
      JsonFields t = new JsonFields(training, where + ": compile_config");
      if (t.has("loss")) {
        loss = loss(t.get("loss"), t);
      } else {
        loss = defaultLoss(last);
        defaults.add("no loss in the compile config: " + loss.id() + " (from the output layer)");
      }
      JsonNode opt =
          t.has("optimizer")
              ? t.get("optimizer")
              : t.has("optimizer_config") ? t.get("optimizer_config") : null;
      if (opt == null) {
        optimizer = Optimizer.Adam.kerasDefaults();
        defaults.add(
            "no optimizer in the compile config: "
                + optimizer.describe()
                + ", the datasets' default");
      } else {
        optimizer = optimizer(opt, t);
      }
    }
    try {
      ModelSpec.Builder b =
          ModelSpec.builder(name).setInput(input).setLoss(loss).optOptimizer(optimizer);
      specLayers.forEach(b::add);
      return new Read(b.build(), format, defaults);
    } catch (ModelFileException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(where + ": " + e.getMessage());
    }
  }

  private static Shape inputShape(JsonFields f) {
    for (String key : List.of("batch_shape", "batch_input_shape")) {
      if (f.has(key)) {
        return shape(f.get(key), f);
      }
    }
    return null;
  }

  /** {@code [null, H, W, C]} (channels_last) to cnn-bench's (C, H, W). */
  private static Shape shape(JsonNode s, JsonFields f) {
    if (!s.isArray() || s.size() != 4 || !s.get(0).isNull()) {
      throw f.error(
          "the input shape must be [null, height, width, channels] (an image, channels_last),"
              + " got "
              + s);
    }
    for (int i = 1; i < 4; i++) {
      if (!s.get(i).isIntegralNumber()) {
        throw f.error("the input shape needs a fixed height, width and channels, got " + s);
      }
    }
    return Shape.chw(s.get(3).asInt(), s.get(1).asInt(), s.get(2).asInt());
  }

  private static void checkCommon(JsonFields f) {
    if (f.has("data_format") && !f.text("data_format").equals("channels_last")) {
      throw f.error(
          "data_format '"
              + f.text("data_format")
              + "' is not supported (only channels_last,"
              + " Keras' default)");
    }
    if (f.has("dtype")) {
      JsonNode d = f.get("dtype");
      String dtype =
          d.isTextual()
              ? d.asText()
              : d.isObject() && d.has("config") && d.get("config").has("name")
                  ? d.get("config").get("name").asText()
                  : d.toString();
      if (!dtype.equals("float32")) {
        throw f.error("dtype '" + dtype + "' is not supported (only float32)");
      }
    }
    if (!f.bool("trainable", true)) {
      throw f.error("trainable false (frozen layers) is not supported");
    }
    for (String key :
        List.of(
            "kernel_regularizer",
            "bias_regularizer",
            "activity_regularizer",
            "kernel_constraint",
            "bias_constraint")) {
      if (f.has(key)) {
        throw f.error(
            key
                + " "
                + className(f.get(key))
                + " is not supported (regularizers and"
                + " constraints must be null)");
      }
    }
    if (f.has("kernel_initializer")
        && !className(f.get("kernel_initializer")).equals("GlorotUniform")) {
      throw f.error(
          "kernel_initializer "
              + className(f.get("kernel_initializer"))
              + " is not supported:"
              + " cnn-bench generates one set of glorot_uniform weights (Keras' default, GlorotUniform) for"
              + " every framework");
    }
    if (f.has("bias_initializer") && !className(f.get("bias_initializer")).equals("Zeros")) {
      throw f.error(
          "bias_initializer "
              + className(f.get("bias_initializer"))
              + " is not supported"
              + " (only Zeros, Keras' default)");
    }
    if (!f.bool("use_bias", true)) {
      throw f.error("use_bias false is not supported");
    }
  }

  private static String className(JsonNode n) {
    if (n.isTextual()) {
      return n.asText();
    }
    return n.has("class_name") ? n.get("class_name").asText() : n.toString();
  }

  private static Layer layer(String cls, JsonFields f) {
    switch (cls) {
      case "Conv2D" -> {
        List<Integer> k = pair(f, "kernel_size");
        List<Integer> s = f.has("strides") ? pair(f, "strides") : List.of(1, 1);
        if (!s.get(0).equals(s.get(1))) {
          throw f.error(
              "strides " + s + " are not supported (only equal strides in both directions)");
        }
        if (f.has("dilation_rate") && !pair(f, "dilation_rate").equals(List.of(1, 1))) {
          throw f.error("dilation_rate " + pair(f, "dilation_rate") + " is not supported (only 1)");
        }
        if (f.integer("groups", 1) != 1) {
          throw f.error("groups " + f.integer("groups", 1) + " is not supported (only 1)");
        }
        return new Layer.Conv2D(
            f.integer("filters"), k.get(0), k.get(1), s.get(0), padding(f), activation(f));
      }
      case "MaxPooling2D", "AveragePooling2D" -> {
        List<Integer> p = pair(f, "pool_size");
        List<Integer> s = f.has("strides") ? pair(f, "strides") : p;
        if (!p.get(0).equals(p.get(1)) || !s.get(0).equals(s.get(1))) {
          throw f.error(
              "pool_size "
                  + p
                  + " / strides "
                  + s
                  + " are not supported (only square windows"
                  + " and equal strides)");
        }
        if (padding(f) != Padding.VALID) {
          throw f.error(
              "padding 'same' is not supported for pooling (only 'valid', Keras' default)");
        }
        return cls.equals("MaxPooling2D")
            ? new Layer.MaxPool2D(p.get(0), s.get(0))
            : new Layer.AvgPool2D(p.get(0), s.get(0));
      }
      case "GlobalAveragePooling2D" -> {
        if (f.bool("keepdims", false)) {
          throw f.error("keepdims true is not supported (only false, Keras' default)");
        }
        return new Layer.GlobalAvgPool2D();
      }
      case "Activation" -> {
        return new Layer.ActivationLayer(activation(f));
      }
      case "ReLU" -> {
        if (f.has("max_value")
            || f.number("negative_slope", 0) != 0
            || f.number("threshold", 0) != 0) {
          throw f.error(
              "ReLU with max_value, negative_slope or threshold is not supported (only the"
                  + " defaults: max(0, x))");
        }
        return new Layer.ActivationLayer(Activation.RELU);
      }
      case "Flatten" -> {
        return new Layer.Flatten();
      }
      case "Dense" -> {
        return new Layer.Dense(f.integer("units"), activation(f));
      }
      case "Dropout" -> {
        if (f.has("noise_shape")) {
          throw f.error("noise_shape is not supported (only null)");
        }
        return new Layer.Dropout(f.number("rate"));
      }
      default -> throw new IllegalStateException(cls);
    }
  }

  private static List<Integer> pair(JsonFields f, String field) {
    List<Integer> v = f.ints(field);
    if (v.size() == 1) {
      return List.of(v.get(0), v.get(0));
    }
    if (v.size() != 2) {
      throw f.error("field '" + field + "' must be one or two integers, got " + v);
    }
    return v;
  }

  private static Padding padding(JsonFields f) {
    String p = f.text("padding", "valid").toLowerCase(Locale.ROOT);
    return switch (p) {
      case "valid" -> Padding.VALID;
      case "same" -> Padding.SAME;
      default -> throw f.error("padding '" + p + "' is not supported; valid: valid, same");
    };
  }

  private static Activation activation(JsonFields f) {
    String a = f.has("activation") ? className(f.get("activation")) : "linear";
    if (!ACTIVATIONS.contains(a)) {
      throw f.error(
          "activation '" + a + "' is not supported; supported: " + String.join(", ", ACTIVATIONS));
    }
    return Activation.of(a);
  }

  /**
   * Keras 3 keeps the learning rate as a float32 variable and writes 0.0010000000474974513 for
   * 0.001: a value that is exactly a float32 is read back as that float's shortest decimal.
   */
  static double float32(double v) {
    return (double) (float) v == v ? Double.parseDouble(Float.toString((float) v)) : v;
  }

  private static Loss defaultLoss(Layer last) {
    return last instanceof Layer.Dense d && d.units() == 1 && d.activation() == Activation.SIGMOID
        ? Loss.BINARY_CROSSENTROPY
        : Loss.CATEGORICAL_CROSSENTROPY;
  }

  private static Loss loss(JsonNode n, JsonFields t) {
    String name = className(n);
    if (n.isObject() && n.has("config")) {
      JsonNode c = n.get("config");
      if (c.has("from_logits") && c.get("from_logits").asBoolean()) {
        throw t.error(
            "loss "
                + name
                + " with from_logits true is not supported (the output layer must"
                + " apply sigmoid or softmax)");
      }
      if (c.has("label_smoothing") && c.get("label_smoothing").asDouble() != 0) {
        throw t.error("loss " + name + " with label_smoothing is not supported");
      }
    }
    return switch (name) {
      case "binary_crossentropy", "BinaryCrossentropy" -> Loss.BINARY_CROSSENTROPY;
      case "categorical_crossentropy",
          "CategoricalCrossentropy",
          "sparse_categorical_crossentropy",
          "SparseCategoricalCrossentropy" ->
          Loss.CATEGORICAL_CROSSENTROPY;
      default ->
          throw t.error(
              "loss '"
                  + name
                  + "' is not supported; supported: binary_crossentropy,"
                  + " categorical_crossentropy, sparse_categorical_crossentropy");
    };
  }

  private static Optimizer optimizer(JsonNode n, JsonFields t) {
    String name = className(n).toLowerCase(Locale.ROOT);
    JsonFields c =
        n.isObject() && n.has("config")
            ? new JsonFields(n.get("config"), t.where() + ".optimizer")
            : new JsonFields(JsonNodeFactory.instance.objectNode(), t.where() + ".optimizer");
    double lr = Double.NaN;
    for (String key : List.of("learning_rate", "lr")) {
      if (c.has(key)) {
        if (!c.get(key).isNumber()) {
          throw c.error(
              key
                  + " "
                  + className(c.get(key))
                  + " is not supported (only a constant learning"
                  + " rate)");
        }
        lr = float32(c.number(key));
        break;
      }
    }
    for (String key : List.of("weight_decay", "clipnorm", "global_clipnorm", "clipvalue")) {
      if (c.has(key) && !(c.get(key).isNumber() && c.get(key).asDouble() == 0)) {
        throw c.error(key + " is not supported (only null)");
      }
    }
    if (c.bool("use_ema", false)) {
      throw c.error("use_ema true is not supported");
    }
    if (c.has("decay") && c.number("decay") != 0) {
      throw c.error("decay " + c.number("decay") + " is not supported (only 0)");
    }
    switch (name) {
      case "adam" -> {
        if (c.bool("amsgrad", false)) {
          throw c.error("amsgrad true is not supported");
        }
        Optimizer.Adam d = Optimizer.Adam.kerasDefaults();
        return new Optimizer.Adam(
            Double.isNaN(lr) ? d.learningRate() : lr,
            c.number("beta_1", d.beta1()),
            c.number("beta_2", d.beta2()),
            c.number("epsilon", d.epsilon()));
      }
      case "sgd" -> {
        if (c.number("momentum", 0) != 0 || c.bool("nesterov", false)) {
          throw c.error("SGD with momentum or nesterov is not supported (only plain SGD)");
        }
        return new Optimizer.Sgd(Double.isNaN(lr) ? 0.01 : lr);
      }
      default ->
          throw t.error("optimizer '" + className(n) + "' is not supported; supported: Adam, SGD");
    }
  }
}
