package org.cnnbench.spec;

/**
 * Rows and columns of zeros a convolution adds around its input. Keras' (TensorFlow's) {@code same}
 * padding puts the smaller half before and the larger after, so it is asymmetric whenever the total
 * is odd: a 5x5 kernel at stride 2 on 128 pixels pads 1 before and 2 after.
 *
 * @param top rows before
 * @param bottom rows after
 * @param left columns before
 * @param right columns after
 */
public record Pads(int top, int bottom, int left, int right) {

  /** No padding. */
  public static final Pads NONE = new Pads(0, 0, 0, 0);

  /** Validates the sizes. */
  public Pads {
    if (top < 0 || bottom < 0 || left < 0 || right < 0) {
      throw new SpecException("padding cannot be negative");
    }
  }

  /**
   * Keras' {@code same} padding of one dimension: output {@code ceil(n / s)}, total padding {@code
   * max((out - 1) * s + k - n, 0)}, the smaller half before.
   *
   * @param n input size
   * @param k kernel size
   * @param s stride
   * @return {before, after}
   */
  static int[] same(int n, int k, int s) {
    int out = (n + s - 1) / s;
    int total = Math.max((out - 1) * s + k - n, 0);
    return new int[] {total / 2, total - total / 2};
  }

  /**
   * @return true when each side equals its opposite, what every framework's plain padding does
   */
  public boolean symmetric() {
    return top == bottom && left == right;
  }

  /**
   * @return true when there is no padding at all
   */
  public boolean none() {
    return equals(NONE);
  }
}
