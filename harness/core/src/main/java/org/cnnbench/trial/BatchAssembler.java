package org.cnnbench.trial;

import org.cnnbench.data.ExampleSource;
import org.cnnbench.spi.Batch;

/** Copies examples, in a given order, into the float NCHW batches every adapter receives. */
public final class BatchAssembler {

  private BatchAssembler() {}

  /**
   * @param source the examples
   * @param order example indices
   * @param from first position in {@code order}
   * @param size examples in the batch
   * @return the batch
   */
  public static Batch assemble(ExampleSource source, int[] order, int from, int size) {
    int n = source.shape().size();
    float[] features = new float[size * n];
    int[] labels = new int[size];
    for (int i = 0; i < size; i++) {
      int index = order == null ? from + i : order[from + i];
      source.copyFeatures(index, features, i * n);
      labels[i] = source.label(index);
    }
    return new Batch(features, labels, size);
  }
}
