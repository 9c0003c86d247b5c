package org.cnnbench.dl4j;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A loss function that delegates everything to DL4J's own loss and, whenever DL4J scores a batch,
 * keeps a host copy of the output layer's probabilities (the activation of the pre-output it was
 * given).
 *
 * <p>Why: {@code MultiLayerNetwork.fit} never returns the outputs of its forward pass, and a second
 * forward pass before each step would cost DL4J a third of a step that no other framework pays.
 * DL4J computes the training score inside {@code fit}, from the same forward pass (same weights,
 * same dropout mask) as the gradient and before the update, so the probabilities captured there are
 * exactly the outputs that produced the step's loss. {@code score(DataSet, false)} goes through the
 * same call in inference mode, so evaluation also needs one forward pass only. The extra work is
 * one activation of a {@code batch x units} matrix and its copy to the heap.
 */
public final class Dl4jOutputCapture implements ILossFunction {

  private static final long serialVersionUID = 1L;

  private final ILossFunction delegate;
  @JsonIgnore private transient float[] captured;

  /**
   * @param delegate DL4J's loss that computes the scores and gradients
   */
  @JsonCreator
  public Dl4jOutputCapture(@JsonProperty("delegate") ILossFunction delegate) {
    this.delegate = delegate;
  }

  /**
   * @return the wrapped DL4J loss
   */
  @JsonProperty("delegate")
  public ILossFunction getDelegate() {
    return delegate;
  }

  /** Forgets the last captured outputs. */
  void reset() {
    captured = null;
  }

  /**
   * @return the outputs of the last scored batch, example-major, and forgets them
   * @throws IllegalStateException if DL4J scored no batch since {@link #reset()}
   */
  float[] take() {
    float[] out = captured;
    if (out == null) {
      throw new IllegalStateException("DL4J computed no score for this batch; no outputs captured");
    }
    captured = null;
    return out;
  }

  private void capture(INDArray preOutput, IActivation activationFn) {
    INDArray p = activationFn.getActivation(preOutput.dup(), false);
    float[][] rows = p.toFloatMatrix();
    int units = rows.length == 0 ? 0 : rows[0].length;
    float[] out = new float[rows.length * units];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, out, i * units, units);
    }
    captured = out;
  }

  @Override
  public double computeScore(
      INDArray labels,
      INDArray preOutput,
      IActivation activationFn,
      INDArray mask,
      boolean average) {
    capture(preOutput, activationFn);
    return delegate.computeScore(labels, preOutput, activationFn, mask, average);
  }

  @Override
  public INDArray computeScoreArray(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    return delegate.computeScoreArray(labels, preOutput, activationFn, mask);
  }

  @Override
  public INDArray computeGradient(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    return delegate.computeGradient(labels, preOutput, activationFn, mask);
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(
      INDArray labels,
      INDArray preOutput,
      IActivation activationFn,
      INDArray mask,
      boolean average) {
    capture(preOutput, activationFn);
    return delegate.computeGradientAndScore(labels, preOutput, activationFn, mask, average);
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public String toString() {
    return "Dl4jOutputCapture(" + delegate + ")";
  }
}
