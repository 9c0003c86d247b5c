package org.cnnbench.spi;

/** Something an adapter can do; the harness asks before it plans a trial, never assumes. */
public enum Capability {
  /** Train a model from initial weights. */
  TRAIN,
  /** Run a forward pass (evaluation, prediction). */
  INFER,
  /** Run on the CPU. */
  DEVICE_CPU,
  /** Run on a CUDA GPU (needs the GPU natives of the build's gpu profile). */
  DEVICE_GPU
}
