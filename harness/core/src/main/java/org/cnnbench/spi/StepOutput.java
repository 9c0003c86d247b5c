package org.cnnbench.spi;

/**
 * What an adapter returns for one batch. Returning values on the host means the device has finished
 * the step, so the harness's clock reading after the call is honest on a GPU too.
 *
 * @param loss mean loss over the batch, as computed by the framework
 * @param outputs the model's outputs (probabilities), {@code size * outputUnits}, example-major; for
 *     a training step, the outputs of the forward pass before the update
 */
public record StepOutput(float loss, float[] outputs) {}
