package org.cnnbench.spi;

/**
 * A batch of examples as the harness feeds it to every adapter.
 *
 * @param features {@code size * C * H * W} floats, example-major, each example in C, H, W order
 *     (NCHW)
 * @param labels one class index per example (0 or 1 for a binary model)
 * @param size number of examples
 */
@SuppressWarnings(
    "ArrayRecordComponent") // the batch buffers handed to the engines without copying, for speed
public record Batch(float[] features, int[] labels, int size) {

  /** Checks the lengths agree. */
  public Batch {
    if (size <= 0 || labels.length != size || features.length % size != 0) {
      throw new IllegalArgumentException(
          "batch of "
              + size
              + " examples has "
              + labels.length
              + " labels and "
              + features.length
              + " feature values");
    }
  }
}
