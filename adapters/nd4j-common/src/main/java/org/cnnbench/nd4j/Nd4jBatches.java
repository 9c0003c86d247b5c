package org.cnnbench.nd4j;

import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spec.Shape;
import org.cnnbench.spi.Batch;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Turns a batch into the feature and target arrays both DL4J adapters train against. */
public final class Nd4jBatches {

  private Nd4jBatches() {}

  /**
   * @param batch the examples
   * @param spec the model, whose input shape each example must have
   * @return a {@code [n, C, H, W]} float array in C order, the caller's to close
   * @throws IllegalArgumentException if an example does not have the model's input size
   */
  public static INDArray features(Batch batch, ModelSpec spec) {
    int inputSize = spec.input().size();
    if (batch.features().length != batch.size() * inputSize) {
      throw new IllegalArgumentException(
          "model '"
              + spec.name()
              + "' takes "
              + inputSize
              + " values per example ("
              + spec.input()
              + "), the batch has "
              + batch.features().length / batch.size());
    }
    Shape in = spec.input();
    return Nd4j.create(
        batch.features(), new long[] {batch.size(), in.channels(), in.height(), in.width()}, 'c');
  }

  /**
   * @param batch the examples
   * @param units output units: 1 for one sigmoid unit (targets 0 or 1), else one-hot over the
   *     classes
   * @param classes number of classes; a label outside {@code [0, classes)} is an error
   * @return a {@code [n, units]} float array in C order, the caller's to close
   */
  public static INDArray targets(Batch batch, int units, int classes) {
    int n = batch.size();
    float[] y = new float[n * units];
    for (int e = 0; e < n; e++) {
      int label = batch.labels()[e];
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException(
            "label " + label + " of example " + e + " is outside [0, " + classes + ")");
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
