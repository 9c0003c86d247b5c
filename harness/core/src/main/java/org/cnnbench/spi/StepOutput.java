package org.cnnbench.spi;

/**
 * What an adapter returns for one batch. Returning values on the host means the device has finished
 * the step, so the harness's clock reading after the call is honest on a GPU too.
 *
 * @param loss mean loss over the batch, as computed by the framework
 * @param outputs the model's outputs (probabilities), {@code size * outputUnits}, example-major;
 *     for a training step, the outputs of the forward pass before the update
 * @param workerSeconds the step's own duration as timed inside a worker process (forward, backward
 *     and update, device synchronised), or NaN for adapters that run in the trial's JVM, which the
 *     harness times itself
 */
@SuppressWarnings(
    "ArrayRecordComponent") // the engine's output buffer, passed on without copying, for speed
public record StepOutput(float loss, float[] outputs, double workerSeconds) {

  /**
   * An in-process step, timed by the harness only.
   *
   * @param loss mean loss over the batch
   * @param outputs the model's outputs
   */
  public StepOutput(float loss, float[] outputs) {
    this(loss, outputs, Double.NaN);
  }
}
