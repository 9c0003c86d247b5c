package org.cnnbench.spi;

/** A network that can evaluate batches, e.g. for the final test evaluation. */
public interface InferenceNetwork extends AutoCloseable {

  /**
   * Runs a forward pass in inference mode (dropout off) and computes the loss; no update.
   *
   * @param batch the examples
   * @return loss and outputs
   */
  StepOutput evaluateBatch(Batch batch);

  /** Frees what this network holds. */
  @Override
  void close();
}
