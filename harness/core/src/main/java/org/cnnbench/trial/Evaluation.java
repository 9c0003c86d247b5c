package org.cnnbench.trial;

import org.cnnbench.data.ExampleSource;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.InferenceNetwork;
import org.cnnbench.spi.StepOutput;

/**
 * Mean loss and accuracy of a network over a whole set, in file order.
 *
 * @param loss example-weighted mean loss
 * @param accuracy fraction of correct predictions
 * @param examples examples evaluated
 */
public record Evaluation(double loss, double accuracy, int examples) {

  /**
   * @param network the network
   * @param source the examples; an empty source gives NaN loss and accuracy
   * @param batchSize examples per forward pass
   * @param units output units
   * @return the evaluation
   */
  public static Evaluation of(
      InferenceNetwork network, ExampleSource source, int batchSize, int units) {
    double lossSum = 0;
    long correct = 0;
    for (int from = 0; from < source.size(); from += batchSize) {
      int size = Math.min(batchSize, source.size() - from);
      Batch batch = BatchAssembler.assemble(source, null, from, size);
      StepOutput out = network.evaluateBatch(batch);
      lossSum += (double) out.loss() * size;
      correct += Metrics.correct(out.outputs(), batch.labels(), units);
    }
    int n = source.size();
    return n == 0
        ? new Evaluation(Double.NaN, Double.NaN, 0)
        : new Evaluation(lossSum / n, (double) correct / n, n);
  }
}
