package org.cnnbench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One direct buffer, reused by a session's networks, through which Java floats are copied into
 * arrays the engine allocated. DJL's own {@code create(float[])} and {@code set(FloatBuffer)} copy
 * into a new direct buffer per call, which PyTorch then uses as the tensor's storage: that memory
 * is freed only when a garbage collection finds the buffer, so each trained network (0.52 MiB of
 * weights and batches for mnist-cnn) stayed resident until then, and the freed pages often stayed
 * with malloc.
 */
final class Staging {

  /** All elements: an in-place copy into the whole array (an empty NDIndex fails on PyTorch). */
  private static final NDIndex ALL = new NDIndex(":");

  private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

  /**
   * Copies values into the whole of target, in place; target keeps its storage, its manager and
   * (for a parameter) its gradient.
   *
   * @param target a float32 array of {@code values.length} elements
   * @param values the row-major values
   */
  synchronized void copyInto(NDArray target, float[] values) {
    if (target.size() != values.length || target.getDataType() != DataType.FLOAT32) {
      throw new IllegalArgumentException(
          values.length
              + " floats for a "
              + target.getDataType()
              + " array of "
              + target.getShape());
    }
    int bytes = values.length * Float.BYTES;
    if (buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocateDirect(bytes);
    }
    ByteBuffer view = buffer.slice(0, bytes).order(ByteOrder.nativeOrder());
    view.asFloatBuffer().put(values);
    // PyTorch's array reads the view itself, MXNet's copies it; either way it is closed (and the
    // view
    // free for the next copy) before this returns.
    try (NDArray staged = target.getManager().create(view, target.getShape(), DataType.FLOAT32)) {
      target.set(ALL, staged);
    }
  }
}
