package org.cnnbench.spi;

import java.util.List;
import org.cnnbench.weights.ModelWeights;

/**
 * A network built by a framework from a {@link org.cnnbench.spec.ModelSpec}, holding native memory
 * until closed.
 */
public interface TrainableNetwork extends InferenceNetwork {

  /**
   * @return trainable parameters per spec layer that has any, in spec order
   */
  List<LayerParameters> parameterCounts();

  /**
   * Replaces all weights, converting from cnn-bench's canonical layout to the framework's.
   *
   * @param weights weights in canonical layout, one tensor per spec parameter tensor
   */
  void loadWeights(ModelWeights weights);

  /**
   * @return the current weights converted to canonical layout
   */
  ModelWeights exportWeights();

  /**
   * Runs one training step: forward, loss, backward, optimizer update.
   *
   * @param batch the examples
   * @return loss and outputs of the forward pass
   */
  StepOutput trainBatch(Batch batch);

  /**
   * The network that evaluates the test set once training is over. By default this network itself
   * (closing the view does not close it); an adapter may instead export the trained model and serve
   * it through another engine, e.g. a SavedModel run by DJL's TensorFlow engine.
   *
   * @return a network to evaluate with, closed by the caller
   */
  default InferenceNetwork inferenceNetwork() {
    TrainableNetwork self = this;
    return new InferenceNetwork() {
      @Override
      public StepOutput evaluateBatch(Batch batch) {
        return self.evaluateBatch(batch);
      }

      @Override
      public void close() {}
    };
  }

  /** Frees the native memory of the network and its optimizer state. */
  @Override
  void close();
}
