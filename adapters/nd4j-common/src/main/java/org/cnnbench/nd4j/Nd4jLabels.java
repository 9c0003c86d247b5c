package org.cnnbench.nd4j;

import org.cnnbench.spi.Batch;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Turns a batch's integer labels into the target array both DL4J adapters train against. */
public final class Nd4jLabels {

  private Nd4jLabels() {}

  /**
   * @param batch the examples
   * @param units output units: 1 for one sigmoid unit (targets 0 or 1), else one-hot over the classes
   * @param classes number of classes; a label outside {@code [0, classes)} is an error
   * @return a {@code [n, units]} float array in C order
   */
  public static INDArray targets(Batch batch, int units, int classes) {
    int n = batch.size();
    float[] y = new float[n * units];
    for (int e = 0; e < n; e++) {
      int label = batch.labels()[e];
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException("label " + label + " of example " + e + " is outside [0, "
            + classes + ")");
      }
      if (units == 1) {
        y[e] = label; // binary: one sigmoid unit, target 0 or 1
      } else {
        y[e * units + label] = 1f; // categorical: one-hot
      }
    }
    return Nd4j.create(y, new long[] {n, units}, 'c');
  }
}
