package org.cnnbench.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable, framework-neutral description of a sequential network and how to train it. The spec
 * checks itself on construction: every layer must fit its input and the output must match the loss.
 *
 * @param name catalogue name, e.g. {@code mnist-cnn}
 * @param input shape of one example (channels, height, width)
 * @param layers the layers in order
 * @param loss the training loss
 * @param optimizer the optimizer
 * @param batchSize examples per training step
 * @param epochs passes over the training set
 * @param seed seed of the initial weights and the data order
 * @param validationSplit fraction at the end of the training set kept for validation (Keras' {@code
 *     validation_split})
 */
public record ModelSpec(
    String name,
    Shape input,
    List<Layer> layers,
    Loss loss,
    Optimizer optimizer,
    int batchSize,
    int epochs,
    long seed,
    double validationSplit) {

  /** The only initialiser: Glorot-uniform kernels and zero biases, Keras' defaults. */
  public static final String INITIALIZER = "glorot_uniform kernels, zero biases";

  /** Validates the whole network. */
  public ModelSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(optimizer, "optimizer");
    layers = List.copyOf(layers);
    if (!input.isImage()) {
      throw new SpecException("the input is an image (channels, height, width), got " + input);
    }
    if (layers.isEmpty()) {
      throw new SpecException("a model needs at least one layer");
    }
    if (batchSize <= 0 || epochs <= 0) {
      throw new SpecException(
          "batch size and epochs must be positive, got batch " + batchSize + ", epochs " + epochs);
    }
    if (!(validationSplit >= 0 && validationSplit < 1)) {
      throw new SpecException("validation split must be in [0, 1), got " + validationSplit);
    }
    Shape shape = input;
    for (int i = 0; i < layers.size(); i++) {
      try {
        shape = layers.get(i).outputShape(shape);
      } catch (SpecException e) {
        throw new SpecException(
            "model '"
                + name
                + "', layer "
                + i
                + " ("
                + layers.get(i).kind()
                + "): "
                + e.getMessage());
      }
    }
    if (!(layers.get(layers.size() - 1) instanceof Layer.Dense last)) {
      throw new SpecException("model '" + name + "' must end with a Dense layer");
    } else if (loss == Loss.CATEGORICAL_CROSSENTROPY
        && (last.activation() != Activation.SOFTMAX || last.units() < 2)) {
      throw new SpecException(
          "model '"
              + name
              + "': categorical cross-entropy needs a last Dense"
              + " layer with softmax and at least 2 units");
    } else if (loss == Loss.BINARY_CROSSENTROPY
        && (last.activation() != Activation.SIGMOID || last.units() != 1)) {
      throw new SpecException(
          "model '"
              + name
              + "': binary cross-entropy needs a last Dense layer"
              + " with 1 unit and sigmoid");
    }
    for (int i = 0; i < layers.size() - 1; i++) {
      if (layers.get(i) instanceof Layer.Dense d && d.activation() == Activation.SOFTMAX) {
        throw new SpecException("model '" + name + "': softmax is allowed on the last layer only");
      }
    }
  }

  /**
   * Starts a spec.
   *
   * @param name catalogue name
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * @return the number of classes the output distinguishes (2 for a single sigmoid unit)
   */
  public int classes() {
    int units = ((Layer.Dense) layers.get(layers.size() - 1)).units();
    return units == 1 ? 2 : units;
  }

  /**
   * @return the number of output units of the last layer
   */
  public int outputUnits() {
    return ((Layer.Dense) layers.get(layers.size() - 1)).units();
  }

  /**
   * @return the input shape of each layer, in order
   */
  public List<Shape> layerInputs() {
    List<Shape> inputs = new ArrayList<>();
    Shape shape = input;
    for (Layer layer : layers) {
      inputs.add(shape);
      shape = layer.outputShape(shape);
    }
    return inputs;
  }

  /**
   * @return a Keras-style summary, one row per layer
   */
  public List<LayerSummary> summary() {
    List<LayerSummary> rows = new ArrayList<>();
    List<Shape> inputs = layerInputs();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      rows.add(
          new LayerSummary(
              i,
              layer.kind(),
              layer.describe(),
              layer.outputShape(inputs.get(i)),
              layer.parameterCount(inputs.get(i))));
    }
    return rows;
  }

  /**
   * @return the trainable parameters of the whole model
   */
  public long parameterCount() {
    return summary().stream().mapToLong(LayerSummary::parameters).sum();
  }

  /**
   * @param value new batch size
   * @return a copy with another batch size
   */
  public ModelSpec withBatchSize(int value) {
    return new ModelSpec(
        name, input, layers, loss, optimizer, value, epochs, seed, validationSplit);
  }

  /**
   * @param value new number of epochs
   * @return a copy with another number of epochs
   */
  public ModelSpec withEpochs(int value) {
    return new ModelSpec(
        name, input, layers, loss, optimizer, batchSize, value, seed, validationSplit);
  }

  /**
   * @param value new seed
   * @return a copy with another seed
   */
  public ModelSpec withSeed(long value) {
    return new ModelSpec(
        name, input, layers, loss, optimizer, batchSize, epochs, value, validationSplit);
  }

  /**
   * @param value new optimizer
   * @return a copy with another optimizer
   */
  public ModelSpec withOptimizer(Optimizer value) {
    return new ModelSpec(
        name, input, layers, loss, value, batchSize, epochs, seed, validationSplit);
  }

  /**
   * Builds a {@link ModelSpec}: {@code setX} for required values, {@code optX} for optional ones.
   */
  public static final class Builder {
    private final String name;
    private Shape input;
    private final List<Layer> layers = new ArrayList<>();
    private Loss loss;
    private Optimizer optimizer = Optimizer.Adam.kerasDefaults();
    private int batchSize = 32;
    private int epochs = 1;
    private long seed = 42;
    private double validationSplit;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * @param value input shape (channels, height, width)
     * @return this builder
     */
    public Builder setInput(Shape value) {
      this.input = value;
      return this;
    }

    /**
     * @param value the next layer
     * @return this builder
     */
    public Builder add(Layer value) {
      layers.add(value);
      return this;
    }

    /**
     * @param value the loss
     * @return this builder
     */
    public Builder setLoss(Loss value) {
      this.loss = value;
      return this;
    }

    /**
     * @param value the optimizer (default: Adam with Keras' defaults)
     * @return this builder
     */
    public Builder optOptimizer(Optimizer value) {
      this.optimizer = value;
      return this;
    }

    /**
     * @param value batch size (default 32, Keras' default)
     * @return this builder
     */
    public Builder optBatchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /**
     * @param value epochs (default 1)
     * @return this builder
     */
    public Builder optEpochs(int value) {
      this.epochs = value;
      return this;
    }

    /**
     * @param value seed (default 42)
     * @return this builder
     */
    public Builder optSeed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * @param value validation split (default 0)
     * @return this builder
     */
    public Builder optValidationSplit(double value) {
      this.validationSplit = value;
      return this;
    }

    /**
     * @return the validated spec
     */
    public ModelSpec build() {
      return new ModelSpec(
          name, input, layers, loss, optimizer, batchSize, epochs, seed, validationSplit);
    }
  }
}
