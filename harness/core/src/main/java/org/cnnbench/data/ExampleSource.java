package org.cnnbench.data;

import org.cnnbench.spec.Shape;

/**
 * Labelled examples that can be copied into a batch one by one, without holding floats for all of
 * them.
 */
public interface ExampleSource {

  /**
   * @return number of examples
   */
  int size();

  /**
   * @return shape of one example (channels, height, width)
   */
  Shape shape();

  /**
   * @param index example index
   * @return class index of the example
   */
  int label(int index);

  /**
   * Copies one example, scaled to [0, 1], in C, H, W order.
   *
   * @param index example index
   * @param target destination array
   * @param offset where the example starts in {@code target}
   */
  void copyFeatures(int index, float[] target, int offset);
}
