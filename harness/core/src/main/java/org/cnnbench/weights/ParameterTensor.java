package org.cnnbench.weights;

import java.util.Arrays;

/**
 * One trainable tensor in canonical layout: convolution kernels {@code [out, in, kh, kw]}, dense
 * kernels {@code [in, out]} (inputs in C, H, W order after a flatten), biases {@code [out]}.
 *
 * @param layerIndex index of the owning layer in the spec
 * @param name {@code kernel} or {@code bias}
 * @param shape dimensions, outermost first
 * @param values row-major values
 */
@SuppressWarnings(
    "ArrayRecordComponent") // weights as float buffers copied into the engines, for size and speed
public record ParameterTensor(int layerIndex, String name, int[] shape, float[] values) {

  /** Checks the values fill the shape. */
  public ParameterTensor {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException(
          "tensor "
              + name
              + " of layer "
              + layerIndex
              + " with shape "
              + Arrays.toString(shape)
              + " has "
              + values.length
              + " values");
    }
    shape = shape.clone();
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParameterTensor t
        && t.layerIndex == layerIndex
        && t.name.equals(name)
        && Arrays.equals(t.shape, shape)
        && Arrays.equals(t.values, values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * layerIndex + name.hashCode()) + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return "ParameterTensor[layer="
        + layerIndex
        + ", "
        + name
        + ", "
        + Arrays.toString(shape)
        + "]";
  }
}
