package org.cnnbench.tensorflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cnnbench.spec.Layer;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spec.Shape;

/**
 * Where each spec tensor lives in TensorFlow's NHWC graph and how its values move between the
 * canonical layout and TensorFlow's. Every conversion is a pure permutation, so a round trip is
 * exact.
 */
final class TfLayout {

  private TfLayout() {}

  /** How a tensor's values are rearranged. */
  enum Conversion {
    /** Same order in both layouts (biases, dense kernels on flat or channel-ordered inputs). */
    PLAIN,
    /** Canonical {@code [out, in, kh, kw]} to TensorFlow's {@code [kh, kw, in, out]}. */
    CONV_KERNEL,
    /**
     * A dense kernel right after a flatten of an image: canonical rows are in C, H, W order,
     * TensorFlow's flatten of NHWC gives H, W, C order.
     */
    DENSE_AFTER_FLATTEN
  }

  /**
   * One trainable tensor.
   *
   * @param layerIndex spec layer
   * @param name {@code kernel} or {@code bias}
   * @param canonicalShape canonical dimensions
   * @param tfShape TensorFlow dimensions
   * @param conversion how values are rearranged
   * @param image for {@link Conversion#DENSE_AFTER_FLATTEN}, the flattened image shape
   */
  @SuppressWarnings("ArrayRecordComponent") // shapes go to TensorFlow as arrays
  record Param(
      int layerIndex,
      String name,
      int[] canonicalShape,
      long[] tfShape,
      Conversion conversion,
      Shape image) {

    int size() {
      int n = 1;
      for (int d : canonicalShape) {
        n *= d;
      }
      return n;
    }

    /**
     * @return a name usable as a TensorFlow op name
     */
    String opName() {
      return "layer" + layerIndex + "_" + name;
    }

    float[] toTf(float[] canonical) {
      return switch (conversion) {
        case PLAIN -> canonical.clone();
        case CONV_KERNEL -> convToTf(canonical, canonicalShape);
        case DENSE_AFTER_FLATTEN -> denseToTf(canonical, image, canonicalShape[1]);
      };
    }

    float[] toCanonical(float[] tf) {
      return switch (conversion) {
        case PLAIN -> tf.clone();
        case CONV_KERNEL -> convToCanonical(tf, canonicalShape);
        case DENSE_AFTER_FLATTEN -> denseToCanonical(tf, image, canonicalShape[1]);
      };
    }

    @Override
    public String toString() {
      return opName() + Arrays.toString(canonicalShape) + " -> " + Arrays.toString(tfShape);
    }
  }

  /**
   * @param spec the model
   * @return every trainable tensor in spec order (per layer: kernel, then bias)
   */
  static List<Param> params(ModelSpec spec) {
    List<Param> params = new ArrayList<>();
    List<Shape> inputs = spec.layerInputs();
    Shape flattened = null;
    for (int i = 0; i < spec.layers().size(); i++) {
      Layer layer = spec.layers().get(i);
      Shape in = inputs.get(i);
      if (layer instanceof Layer.Flatten) {
        flattened = in.isImage() ? in : null;
      } else if (layer instanceof Layer.Conv2D c) {
        List<int[]> shapes = layer.parameterShapes(in);
        int[] k = shapes.get(0);
        params.add(
            new Param(
                i, "kernel", k, new long[] {k[2], k[3], k[1], k[0]}, Conversion.CONV_KERNEL, null));
        params.add(
            new Param(i, "bias", shapes.get(1), new long[] {c.filters()}, Conversion.PLAIN, null));
      } else if (layer instanceof Layer.Dense d) {
        List<int[]> shapes = layer.parameterShapes(in);
        int[] k = shapes.get(0);
        boolean permute =
            flattened != null
                && flattened.channels() > 1
                && (long) flattened.height() * flattened.width() > 1;
        params.add(
            new Param(
                i,
                "kernel",
                k,
                new long[] {k[0], k[1]},
                permute ? Conversion.DENSE_AFTER_FLATTEN : Conversion.PLAIN,
                permute ? flattened : null));
        params.add(
            new Param(i, "bias", shapes.get(1), new long[] {d.units()}, Conversion.PLAIN, null));
        flattened = null;
      }
    }
    return params;
  }

  static float[] convToTf(float[] src, int[] s) {
    int out = s[0];
    int in = s[1];
    int kh = s[2];
    int kw = s[3];
    float[] dst = new float[src.length];
    for (int o = 0; o < out; o++) {
      for (int c = 0; c < in; c++) {
        for (int a = 0; a < kh; a++) {
          for (int b = 0; b < kw; b++) {
            dst[((a * kw + b) * in + c) * out + o] = src[((o * in + c) * kh + a) * kw + b];
          }
        }
      }
    }
    return dst;
  }

  static float[] convToCanonical(float[] src, int[] s) {
    int out = s[0];
    int in = s[1];
    int kh = s[2];
    int kw = s[3];
    float[] dst = new float[src.length];
    for (int o = 0; o < out; o++) {
      for (int c = 0; c < in; c++) {
        for (int a = 0; a < kh; a++) {
          for (int b = 0; b < kw; b++) {
            dst[((o * in + c) * kh + a) * kw + b] = src[((a * kw + b) * in + c) * out + o];
          }
        }
      }
    }
    return dst;
  }

  /**
   * Canonical row of (c, y, x) is {@code (c * H + y) * W + x}; TensorFlow's is {@code (y * W + x) *
   * C + c}.
   */
  static float[] denseToTf(float[] src, Shape image, int units) {
    float[] dst = new float[src.length];
    int channels = image.channels();
    int h = image.height();
    int w = image.width();
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int canonicalRow = (c * h + y) * w + x;
          int tfRow = (y * w + x) * channels + c;
          System.arraycopy(src, canonicalRow * units, dst, tfRow * units, units);
        }
      }
    }
    return dst;
  }

  static float[] denseToCanonical(float[] src, Shape image, int units) {
    float[] dst = new float[src.length];
    int channels = image.channels();
    int h = image.height();
    int w = image.width();
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int canonicalRow = (c * h + y) * w + x;
          int tfRow = (y * w + x) * channels + c;
          System.arraycopy(src, tfRow * units, dst, canonicalRow * units, units);
        }
      }
    }
    return dst;
  }
}
