package org.cnnbench.data;

import org.cnnbench.spec.Shape;

/**
 * Unsigned 8-bit images held in memory, scaled to [0, 1] when copied into a batch.
 *
 * @param shape shape of one image (channels, height, width)
 * @param pixels {@code size * C * H * W} bytes, each image in C, H, W order
 * @param labels one class index per image
 */
@SuppressWarnings("ArrayRecordComponent") // whole data sets as primitive arrays, for size and speed
public record ByteImages(Shape shape, byte[] pixels, int[] labels) implements ExampleSource {

  /** Checks the sizes agree. */
  public ByteImages {
    if ((long) labels.length * shape.size() != pixels.length) {
      throw new IllegalArgumentException(
          labels.length + " labels but " + pixels.length + " pixels for images of shape " + shape);
    }
  }

  @Override
  public int size() {
    return labels.length;
  }

  @Override
  public int label(int index) {
    return labels[index];
  }

  @Override
  public void copyFeatures(int index, float[] target, int offset) {
    int n = shape.size();
    int base = index * n;
    for (int i = 0; i < n; i++) {
      target[offset + i] = (pixels[base + i] & 0xFF) / 255f;
    }
  }
}
