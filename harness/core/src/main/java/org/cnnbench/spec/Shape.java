package org.cnnbench.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The shape of one example as it flows through the network, without the batch dimension: either an
 * image (channels, height, width) or a flat vector (units).
 *
 * @param dims the dimensions, outermost first
 */
public record Shape(List<Integer> dims) {

  /** Validates and copies the dimensions. */
  public Shape {
    dims = List.copyOf(dims);
    if (dims.size() != 1 && dims.size() != 3) {
      throw new SpecException("a shape is (channels, height, width) or (units), got " + dims);
    }
    for (int d : dims) {
      if (d <= 0) {
        throw new SpecException("every dimension must be positive, got " + dims);
      }
    }
  }

  /**
   * An image shape.
   *
   * @param channels colour channels
   * @param height rows
   * @param width columns
   * @return the shape
   */
  public static Shape chw(int channels, int height, int width) {
    return new Shape(List.of(channels, height, width));
  }

  /**
   * A flat shape.
   *
   * @param units number of values
   * @return the shape
   */
  public static Shape flat(int units) {
    return new Shape(List.of(units));
  }

  /**
   * @return true for (channels, height, width)
   */
  public boolean isImage() {
    return dims.size() == 3;
  }

  /**
   * @return channels of an image shape
   */
  public int channels() {
    requireImage();
    return dims.get(0);
  }

  /**
   * @return rows of an image shape
   */
  public int height() {
    requireImage();
    return dims.get(1);
  }

  /**
   * @return columns of an image shape
   */
  public int width() {
    requireImage();
    return dims.get(2);
  }

  /**
   * @return the product of all dimensions
   */
  public int size() {
    int n = 1;
    for (int d : dims) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  private void requireImage() {
    if (!isImage()) {
      throw new SpecException("expected an image shape (channels, height, width), got " + this);
    }
  }

  /**
   * @return Keras-like text, e.g. {@code (32, 26, 26)} or {@code (128)}
   */
  @Override
  public String toString() {
    return dims.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
  }
}
