package org.cnnbench.spec.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.cnnbench.spec.Activation;
import org.cnnbench.spec.CatalogEntry;
import org.cnnbench.spec.Layer;
import org.cnnbench.spec.Loss;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spec.Optimizer;
import org.cnnbench.spec.Padding;
import org.cnnbench.spec.Shape;

/**
 * cnn-bench's own model format: every {@link ModelSpec} field, layer by layer, with Keras' names
 * for the settings. An optional {@code catalogue} section holds what a catalogue entry adds (quick
 * settings, the parameter count the source reports, where the model comes from).
 */
final class SpecJson {

  /** The value of the {@code format} field that marks this format. */
  static final String FORMAT = "cnn-bench-model/1";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final Set<String> TOP =
      Set.of(
          "format",
          "name",
          "input",
          "layers",
          "loss",
          "optimizer",
          "batch_size",
          "epochs",
          "seed",
          "validation_split",
          "catalogue");

  private SpecJson() {}

  /** A model of this format, with its catalogue section when it has one. */
  record Read(ModelSpec spec, CatalogEntry entry) {}

  static Read read(JsonNode root, String where) {
    JsonFields top = new JsonFields(root, where);
    top.requireOnly(TOP);
    if (!FORMAT.equals(top.text("format"))) {
      throw top.error(
          "field 'format' must be \"" + FORMAT + "\", got \"" + top.text("format") + "\"");
    }
    List<Integer> input = top.ints("input");
    if (input.size() != 3) {
      throw top.error("field 'input' is [channels, height, width], got " + input);
    }
    ModelSpec.Builder b =
        ModelSpec.builder(top.text("name"))
            .setInput(Shape.chw(input.get(0), input.get(1), input.get(2)));
    JsonNode layers = top.get("layers");
    if (!layers.isArray()) {
      throw top.error("field 'layers' must be a list");
    }
    for (int i = 0; i < layers.size(); i++) {
      b.add(layer(new JsonFields(layers.get(i), where + ": layers[" + i + "]")));
    }
    b.setLoss(loss(top.text("loss"), top));
    b.optOptimizer(optimizer(top.object("optimizer")));
    b.optBatchSize(top.integer("batch_size", 32))
        .optEpochs(top.integer("epochs", 1))
        .optSeed(top.longInteger("seed", 42))
        .optValidationSplit(top.number("validation_split", 0));
    ModelSpec spec;
    try {
      spec = b.build();
    } catch (ModelFileException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(where + ": " + e.getMessage());
    }
    CatalogEntry entry = null;
    if (top.has("catalogue")) {
      JsonFields c = top.object("catalogue");
      c.requireOnly(Set.of("quick_epochs", "quick_samples", "expected_parameters", "source"));
      entry =
          new CatalogEntry(
              spec,
              c.integer("quick_epochs"),
              c.integer("quick_samples"),
              c.longInteger("expected_parameters", spec.parameterCount()),
              c.text("source", ""));
    }
    return new Read(spec, entry);
  }

  private static Layer layer(JsonFields f) {
    String kind = f.text("layer");
    try {
      switch (kind) {
        case "Conv2D" -> {
          f.requireOnly(
              Set.of("layer", "filters", "kernel_size", "strides", "padding", "activation"));
          List<Integer> k = pair(f, "kernel_size");
          return new Layer.Conv2D(
              f.integer("filters"),
              k.get(0),
              k.get(1),
              f.integer("strides", 1),
              padding(f.text("padding", "valid"), f),
              Activation.of(f.text("activation", "linear")));
        }
        case "MaxPooling2D" -> {
          f.requireOnly(Set.of("layer", "pool_size", "strides"));
          int pool = f.integer("pool_size");
          return new Layer.MaxPool2D(pool, f.integer("strides", pool));
        }
        case "AveragePooling2D" -> {
          f.requireOnly(Set.of("layer", "pool_size", "strides"));
          int pool = f.integer("pool_size");
          return new Layer.AvgPool2D(pool, f.integer("strides", pool));
        }
        case "GlobalAveragePooling2D" -> {
          f.requireOnly(Set.of("layer"));
          return new Layer.GlobalAvgPool2D();
        }
        case "Activation" -> {
          f.requireOnly(Set.of("layer", "activation"));
          return new Layer.ActivationLayer(Activation.of(f.text("activation")));
        }
        case "Flatten" -> {
          f.requireOnly(Set.of("layer"));
          return new Layer.Flatten();
        }
        case "Dense" -> {
          f.requireOnly(Set.of("layer", "units", "activation"));
          return new Layer.Dense(f.integer("units"), Activation.of(f.text("activation", "linear")));
        }
        case "Dropout" -> {
          f.requireOnly(Set.of("layer", "rate"));
          return new Layer.Dropout(f.number("rate"));
        }
        default ->
            throw f.error(
                "unknown layer '" + kind + "'; known layers: " + String.join(", ", LAYERS));
      }
    } catch (ModelFileException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw f.error(e.getMessage());
    }
  }

  /** The layer names of this format, in the order of {@link Layer}'s kinds. */
  static final List<String> LAYERS =
      List.of(
          "Conv2D",
          "MaxPooling2D",
          "AveragePooling2D",
          "GlobalAveragePooling2D",
          "Flatten",
          "Dense",
          "Dropout",
          "Activation");

  private static List<Integer> pair(JsonFields f, String field) {
    List<Integer> v = f.ints(field);
    if (v.size() == 1) {
      return List.of(v.get(0), v.get(0));
    }
    if (v.size() != 2) {
      throw f.error("field '" + field + "' is one integer or [height, width], got " + v);
    }
    return v;
  }

  static Padding padding(String id, JsonFields f) {
    for (Padding p : Padding.values()) {
      if (p.id().equals(id)) {
        return p;
      }
    }
    throw f.error("unknown padding '" + id + "'; valid: valid, same");
  }

  static Loss loss(String id, JsonFields f) {
    for (Loss l : Loss.values()) {
      if (l.id().equals(id)) {
        return l;
      }
    }
    throw f.error(
        "unknown loss '" + id + "'; valid: categorical_crossentropy, binary_crossentropy");
  }

  private static Optimizer optimizer(JsonFields f) {
    String kind = f.text("class");
    switch (kind) {
      case "adam" -> {
        f.requireOnly(Set.of("class", "learning_rate", "beta_1", "beta_2", "epsilon"));
        Optimizer.Adam d = Optimizer.Adam.kerasDefaults();
        return new Optimizer.Adam(
            f.number("learning_rate", d.learningRate()),
            f.number("beta_1", d.beta1()),
            f.number("beta_2", d.beta2()),
            f.number("epsilon", d.epsilon()));
      }
      case "sgd" -> {
        f.requireOnly(Set.of("class", "learning_rate"));
        return new Optimizer.Sgd(f.number("learning_rate"));
      }
      default -> throw f.error("unknown optimizer '" + kind + "'; valid: adam, sgd");
    }
  }

  /**
   * Writes a model in this format.
   *
   * @param spec the model
   * @param entry its catalogue entry, or null for none
   * @return indented JSON ending with a newline
   */
  static String write(ModelSpec spec, CatalogEntry entry) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("name", spec.name());
    ArrayNode input = root.putArray("input");
    spec.input().dims().forEach(input::add);
    ArrayNode layers = root.putArray("layers");
    for (Layer layer : spec.layers()) {
      ObjectNode l = layers.addObject();
      l.put("layer", layer.kind());
      if (layer instanceof Layer.Conv2D c) {
        l.put("filters", c.filters());
        l.putArray("kernel_size").add(c.kernelHeight()).add(c.kernelWidth());
        l.put("strides", c.stride());
        l.put("padding", c.padding().id());
        l.put("activation", c.activation().id());
      } else if (layer instanceof Layer.MaxPool2D p) {
        l.put("pool_size", p.pool());
        l.put("strides", p.stride());
      } else if (layer instanceof Layer.AvgPool2D p) {
        l.put("pool_size", p.pool());
        l.put("strides", p.stride());
      } else if (layer instanceof Layer.ActivationLayer a) {
        l.put("activation", a.activation().id());
      } else if (layer instanceof Layer.Dense d) {
        l.put("units", d.units());
        l.put("activation", d.activation().id());
      } else if (layer instanceof Layer.Dropout d) {
        l.put("rate", d.rate());
      }
    }
    root.put("loss", spec.loss().id());
    ObjectNode o = root.putObject("optimizer");
    if (spec.optimizer() instanceof Optimizer.Adam a) {
      o.put("class", "adam");
      o.put("learning_rate", a.learningRate());
      o.put("beta_1", a.beta1());
      o.put("beta_2", a.beta2());
      o.put("epsilon", a.epsilon());
    } else if (spec.optimizer() instanceof Optimizer.Sgd s) {
      o.put("class", "sgd");
      o.put("learning_rate", s.learningRate());
    }
    root.put("batch_size", spec.batchSize());
    root.put("epochs", spec.epochs());
    root.put("seed", spec.seed());
    root.put("validation_split", spec.validationSplit());
    if (entry != null) {
      ObjectNode c = root.putObject("catalogue");
      c.put("quick_epochs", entry.quickEpochs());
      c.put("quick_samples", entry.quickSamples());
      c.put("expected_parameters", entry.expectedParameters());
      c.put("source", entry.source());
    }
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
