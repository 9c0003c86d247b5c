package org.cnnbench.data.fruits;

import java.nio.MappedByteBuffer;
import org.cnnbench.data.ExampleSource;
import org.cnnbench.spec.Shape;

/**
 * uint8 images in C, H, W order read from memory-mapped chunks of a cache file (one mapping per
 * chunk of less than 2 GiB, each holding whole images), scaled to [0, 1] when copied.
 */
public final class MappedImages implements ExampleSource, ByteSource {

  private final Shape shape;
  private final int[] labels;
  private final MappedByteBuffer[] chunks;
  private final int perChunk;
  private final ThreadLocal<byte[]> scratch;

  /** {@code i / 255f} for every byte value, the same floats as {@code ByteImages}. */
  static final float[] UNIT = new float[256];

  static {
    for (int i = 0; i < 256; i++) {
      UNIT[i] = i / 255f;
    }
  }

  MappedImages(Shape shape, int[] labels, MappedByteBuffer[] chunks, int perChunk) {
    this.shape = shape;
    this.labels = labels.clone();
    this.chunks = chunks.clone();
    this.perChunk = perChunk;
    int n = shape.size();
    this.scratch = ThreadLocal.withInitial(() -> new byte[n]);
  }

  @Override
  public int size() {
    return labels.length;
  }

  @Override
  public Shape shape() {
    return shape;
  }

  @Override
  public int label(int index) {
    return labels[index];
  }

  @Override
  public boolean hasBytes() {
    return true;
  }

  /**
   * Copies one image's raw bytes.
   *
   * @param index image index
   * @param target destination, at least {@code shape().size()} bytes from {@code offset}
   * @param offset where to start in {@code target}
   */
  @Override
  public void copyBytes(int index, byte[] target, int offset) {
    if (index < 0 || index >= labels.length) {
      throw new IndexOutOfBoundsException(index);
    }
    int n = shape.size();
    chunks[index / perChunk].get((index % perChunk) * n, target, offset, n);
  }

  @Override
  public void copyFeatures(int index, float[] target, int offset) {
    byte[] b = scratch.get();
    copyBytes(index, b, 0);
    int n = b.length;
    for (int i = 0; i < n; i++) {
      target[offset + i] = UNIT[b[i] & 0xFF];
    }
  }
}
