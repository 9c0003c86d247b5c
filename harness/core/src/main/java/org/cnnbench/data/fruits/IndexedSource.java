package org.cnnbench.data.fruits;

import org.cnnbench.data.ExampleSource;
import org.cnnbench.spec.Shape;

/** A selection of another source's examples, in the given order. */
final class IndexedSource implements ExampleSource, ByteSource {

  private final ExampleSource source;
  private final int[] indices;

  IndexedSource(ExampleSource source, int[] indices) {
    this.source = source;
    this.indices = indices.clone();
    for (int i : this.indices) {
      if (i < 0 || i >= source.size()) {
        throw new IllegalArgumentException("index " + i + " outside 0.." + (source.size() - 1));
      }
    }
  }

  @Override
  public int size() {
    return indices.length;
  }

  @Override
  public Shape shape() {
    return source.shape();
  }

  @Override
  public int label(int index) {
    return source.label(indices[index]);
  }

  @Override
  public void copyFeatures(int index, float[] target, int offset) {
    source.copyFeatures(indices[index], target, offset);
  }

  @Override
  public boolean hasBytes() {
    return source instanceof ByteSource b && b.hasBytes();
  }

  @Override
  public void copyBytes(int index, byte[] target, int offset) {
    ((ByteSource) source).copyBytes(indices[index], target, offset);
  }
}
