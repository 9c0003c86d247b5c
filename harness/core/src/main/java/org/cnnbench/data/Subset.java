package org.cnnbench.data;

import org.cnnbench.spec.Shape;

/**
 * A contiguous range of another source's examples.
 *
 * @param source the underlying examples
 * @param from first index, inclusive
 * @param to last index, exclusive
 */
public record Subset(ExampleSource source, int from, int to) implements ExampleSource {

  /** Checks the range. */
  public Subset {
    if (from < 0 || to < from || to > source.size()) {
      throw new IllegalArgumentException(
          "bad range [" + from + ", " + to + ") of " + source.size());
    }
  }

  @Override
  public int size() {
    return to - from;
  }

  @Override
  public Shape shape() {
    return source.shape();
  }

  @Override
  public int label(int index) {
    return source.label(from + checked(index));
  }

  @Override
  public void copyFeatures(int index, float[] target, int offset) {
    source.copyFeatures(from + checked(index), target, offset);
  }

  private int checked(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException(index);
    }
    return index;
  }
}
