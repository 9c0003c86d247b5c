package org.cnnbench.spec;

import java.util.List;
import java.util.Locale;

/**
 * One layer of a sequential network. Each layer computes its own output shape and parameter count
 * from its input shape, so a spec proves its architecture without any framework.
 */
public sealed interface Layer
    permits Layer.Conv2D,
        Layer.MaxPool2D,
        Layer.AvgPool2D,
        Layer.GlobalAvgPool2D,
        Layer.Flatten,
        Layer.Dense,
        Layer.Dropout,
        Layer.ActivationLayer {

  /**
   * @return the Keras-style kind of the layer, e.g. {@code Conv2D}
   */
  String kind();

  /**
   * @return the layer's settings for a summary, e.g. {@code 32 filters 3x3 stride 1 valid relu}
   */
  String describe();

  /**
   * The output shape for an input shape.
   *
   * @param input the input shape
   * @return the output shape
   * @throws SpecException if the input does not fit this layer
   */
  Shape outputShape(Shape input);

  /**
   * The shapes of this layer's trainable tensors in cnn-bench's canonical layout: convolution
   * kernels {@code [out, in, kh, kw]} then bias {@code [out]}; dense kernels {@code [in, out]} then
   * bias {@code [out]}. Empty for layers without parameters.
   *
   * @param input the input shape
   * @return one entry per tensor
   */
  List<int[]> parameterShapes(Shape input);

  /**
   * The output of a square pooling window without padding ('valid'), for the pooling layers.
   *
   * @param name the layer's name, for messages
   * @param pool window size in both directions
   * @param stride step in both directions
   * @param input the layer's input
   * @return the pooled shape
   */
  private static Shape pooledShape(String name, int pool, int stride, Shape input) {
    if (!input.isImage()) {
      throw new SpecException(name + " needs an image input, got " + input);
    }
    if (input.height() < pool || input.width() < pool) {
      throw new SpecException(
          name + " window " + pool + "x" + pool + " does not fit input " + input);
    }
    return Shape.chw(
        input.channels(),
        (input.height() - pool) / stride + 1,
        (input.width() - pool) / stride + 1);
  }

  /**
   * The number of trainable parameters.
   *
   * @param input the input shape
   * @return kernel and bias values together
   */
  default long parameterCount(Shape input) {
    long n = 0;
    for (int[] s : parameterShapes(input)) {
      long p = 1;
      for (int d : s) {
        p *= d;
      }
      n += p;
    }
    return n;
  }

  /**
   * A 2-D convolution over (channels, height, width).
   *
   * @param filters output channels
   * @param kernelHeight kernel rows
   * @param kernelWidth kernel columns
   * @param stride step in both directions
   * @param padding valid or same
   * @param activation applied to the output
   */
  record Conv2D(
      int filters,
      int kernelHeight,
      int kernelWidth,
      int stride,
      Padding padding,
      Activation activation)
      implements Layer {

    /** Validates the settings. */
    public Conv2D {
      if (filters <= 0 || kernelHeight <= 0 || kernelWidth <= 0 || stride <= 0) {
        throw new SpecException("Conv2D needs positive filters, kernel and stride");
      }
      if (activation == Activation.SOFTMAX) {
        throw new SpecException(
            "Conv2D with softmax is not supported; use it on the last Dense layer");
      }
    }

    /**
     * A square-kernel convolution with stride 1.
     *
     * @param filters output channels
     * @param kernel kernel size
     * @param padding valid or same
     * @param activation applied to the output
     * @return the layer
     */
    public static Conv2D of(int filters, int kernel, Padding padding, Activation activation) {
      return new Conv2D(filters, kernel, kernel, 1, padding, activation);
    }

    /**
     * The zeros added around an input: none for {@code valid}; Keras' (TensorFlow's) rule for
     * {@code same}, asymmetric when the total is odd (even kernels, or a stride that does not
     * divide).
     *
     * @param input the input shape
     * @return the padding on each side
     */
    public Pads pads(Shape input) {
      if (padding == Padding.VALID) {
        return Pads.NONE;
      }
      int[] h = Pads.same(input.height(), kernelHeight, stride);
      int[] w = Pads.same(input.width(), kernelWidth, stride);
      return new Pads(h[0], h[1], w[0], w[1]);
    }

    @Override
    public String kind() {
      return "Conv2D";
    }

    @Override
    public String describe() {
      return String.format(
          Locale.ROOT,
          "%d filters %dx%d stride %d %s %s",
          filters,
          kernelHeight,
          kernelWidth,
          stride,
          padding.id(),
          activation.id());
    }

    @Override
    public Shape outputShape(Shape input) {
      if (!input.isImage()) {
        throw new SpecException(
            "Conv2D needs an image input (channels, height, width), got " + input);
      }
      Pads p = pads(input);
      int paddedHeight = input.height() + p.top() + p.bottom();
      int paddedWidth = input.width() + p.left() + p.right();
      int h = (paddedHeight - kernelHeight) / stride + 1;
      int w = (paddedWidth - kernelWidth) / stride + 1;
      if (paddedHeight < kernelHeight || paddedWidth < kernelWidth) {
        throw new SpecException(
            "Conv2D kernel "
                + kernelHeight
                + "x"
                + kernelWidth
                + " does not fit input "
                + input
                + " with padding '"
                + padding.id()
                + "'");
      }
      return Shape.chw(filters, h, w);
    }

    @Override
    public List<int[]> parameterShapes(Shape input) {
      outputShape(input);
      return List.of(
          new int[] {filters, input.channels(), kernelHeight, kernelWidth}, new int[] {filters});
    }
  }

  /**
   * Max pooling without padding (Keras 'valid').
   *
   * @param pool window size in both directions
   * @param stride step in both directions
   */
  record MaxPool2D(int pool, int stride) implements Layer {

    /** Validates the settings. */
    public MaxPool2D {
      if (pool <= 0 || stride <= 0) {
        throw new SpecException("MaxPool2D needs a positive pool size and stride");
      }
    }

    /**
     * Keras' default: stride equal to the pool size.
     *
     * @param pool window size
     * @return the layer
     */
    public static MaxPool2D of(int pool) {
      return new MaxPool2D(pool, pool);
    }

    @Override
    public String kind() {
      return "MaxPooling2D";
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "pool %dx%d stride %d", pool, pool, stride);
    }

    @Override
    public Shape outputShape(Shape input) {
      return Layer.pooledShape("MaxPool2D", pool, stride, input);
    }

    @Override
    public List<int[]> parameterShapes(Shape input) {
      return List.of();
    }
  }

  /**
   * Average pooling without padding (Keras 'valid'): the mean of each window.
   *
   * @param pool window size in both directions
   * @param stride step in both directions
   */
  record AvgPool2D(int pool, int stride) implements Layer {

    /** Validates the settings. */
    public AvgPool2D {
      if (pool <= 0 || stride <= 0) {
        throw new SpecException("AvgPool2D needs a positive pool size and stride");
      }
    }

    @Override
    public String kind() {
      return "AveragePooling2D";
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "pool %dx%d stride %d", pool, pool, stride);
    }

    @Override
    public Shape outputShape(Shape input) {
      return Layer.pooledShape("AvgPool2D", pool, stride, input);
    }

    @Override
    public List<int[]> parameterShapes(Shape input) {
      return List.of();
    }
  }

  /** The mean of each channel over height and width: (channels, height, width) to (channels). */
  record GlobalAvgPool2D() implements Layer {
    @Override
    public String kind() {
      return "GlobalAveragePooling2D";
    }

    @Override
    public String describe() {
      return "mean per channel";
    }

    @Override
    public Shape outputShape(Shape input) {
      if (!input.isImage()) {
        throw new SpecException("GlobalAvgPool2D needs an image input, got " + input);
      }
      return Shape.flat(input.channels());
    }

    @Override
    public List<int[]> parameterShapes(Shape input) {
      return List.of();
    }
  }

  /**
   * An activation on its own (Keras' {@code Activation} and {@code ReLU} layers), element-wise on
   * any shape. Softmax belongs on the last Dense layer and is refused here.
   *
   * @param activation the function
   */
  record ActivationLayer(Activation activation) implements Layer {

    /** Validates the activation. */
    public ActivationLayer {
      if (activation == Activation.SOFTMAX) {
        throw new SpecException(
            "softmax as a separate layer is not supported; put it on the last Dense"
                + " layer (activation='softmax')");
      }
    }

    @Override
    public String kind() {
      return "Activation";
    }

    @Override
    public String describe() {
      return activation.id();
    }

    @Override
    public Shape outputShape(Shape input) {
      return input;
    }

    @Override
    public List<int[]> parameterShapes(Shape input) {
      return List.of();
    }
  }

  /** Flattens (channels, height, width) to one vector in C, H, W order (row-major NCHW). */
  record Flatten() implements Layer {
    @Override
    public String kind() {
      return "Flatten";
    }

    @Override
    public String describe() {
      return "C, H, W order";
    }

    @Override
    public Shape outputShape(Shape input) {
      return Shape.flat(input.size());
    }

    @Override
    public List<int[]> parameterShapes(Shape input) {
      return List.of();
    }
  }

  /**
   * A fully connected layer on a flat input.
   *
   * @param units output units
   * @param activation applied to the output
   */
  record Dense(int units, Activation activation) implements Layer {

    /** Validates the settings. */
    public Dense {
      if (units <= 0) {
        throw new SpecException("Dense needs a positive number of units");
      }
    }

    @Override
    public String kind() {
      return "Dense";
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "%d units %s", units, activation.id());
    }

    @Override
    public Shape outputShape(Shape input) {
      if (input.isImage()) {
        throw new SpecException(
            "Dense needs a flat input; add a Flatten layer before it (got " + input + ")");
      }
      return Shape.flat(units);
    }

    @Override
    public List<int[]> parameterShapes(Shape input) {
      outputShape(input);
      return List.of(new int[] {input.size(), units}, new int[] {units});
    }
  }

  /**
   * Drops a fraction of the activations during training (inverted dropout); identity at evaluation.
   *
   * @param rate fraction dropped, in [0, 1)
   */
  record Dropout(double rate) implements Layer {

    /** Validates the rate. */
    public Dropout {
      if (!(rate >= 0 && rate < 1)) {
        throw new SpecException("Dropout rate must be in [0, 1), got " + rate);
      }
    }

    @Override
    public String kind() {
      return "Dropout";
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "rate %s", rate);
    }

    @Override
    public Shape outputShape(Shape input) {
      return input;
    }

    @Override
    public List<int[]> parameterShapes(Shape input) {
      return List.of();
    }
  }
}
