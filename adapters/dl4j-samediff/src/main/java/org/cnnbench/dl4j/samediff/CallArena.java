package org.cnnbench.dl4j.samediff;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A SameDiff session memory manager that works like a DL4J workspace around one graph call: every
 * array the session allocates during a call belongs to the arena, and {@link #endCall} takes all of
 * them back once the caller has read the call's outputs and gradients; the next call on a batch of
 * the same size reuses them by data type and shape instead of allocating.
 *
 * <p>Why: SameDiff 1.0.0-M2.1's sessions hand most of a training call's arrays back to their memory
 * manager only by dropping them ({@code calculateGradientsAndOutputs} turns the gradient graph's
 * {@code release} calls off), so with the default {@code ArrayCacheMemoryMgr} their native buffers
 * waited for a garbage collection: fruit-cnn left ~190 MiB per step to the collector
 * (bench/nd4j-allocations.sh). With the arena a call's native memory is allocated once and reused
 * every call. Arrays the session releases during a call are reusable at once within the call, as
 * with the default manager. (Closing them instead kept an evaluation call to its live activations,
 * but allocating and freeing them every batch grew glibc's heap: mnist-cnn's 40 test batches took
 * the resident set from 1.0 to 2.4 GB.)
 *
 * <p>Arrays are created in C order whatever the request, as the default manager does: honouring an
 * {@code f} request broke training on the oneDNN build (parity's SGD step off by 1e-2). Arrays the
 * arena did not allocate (views, placeholders) are left alone. Pooled arrays a whole call did not
 * use are closed at its end, and all are closed when the batch size changes (an epoch's smaller
 * last batch), so the arena holds at most one call's arrays. Single-threaded, as a session is.
 */
final class CallArena extends AbstractMemoryMgr {

  private record Key(DataType type, String shape) {
    static Key of(DataType type, long[] shape) {
      return new Key(type, Arrays.toString(shape));
    }

    static Key of(INDArray a) {
      return of(a.dataType(), a.shape());
    }
  }

  private final Map<Key, ArrayDeque<INDArray>> free = new HashMap<>();
  private final Set<INDArray> inUse = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<INDArray> usedThisCall = Collections.newSetFromMap(new IdentityHashMap<>());
  private int batchSize = -1;
  private long created;
  private long reused;

  @Override
  public INDArray allocate(boolean detached, DataType dataType, long... shape) {
    return take(dataType, shape);
  }

  @Override
  public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
    if (descriptor.isEmpty()) {
      return Nd4j.create(descriptor); // no buffer to pool
    }
    // C order whatever the descriptor says, as SameDiff's own ArrayCacheMemoryMgr allocates in
    // 1.0.0-M2.1 (see the class comment).
    return take(descriptor.dataType(), descriptor.getShape());
  }

  private INDArray take(DataType type, long[] shape) {
    ArrayDeque<INDArray> pool = free.get(Key.of(type, shape));
    INDArray a = pool == null ? null : pool.pollFirst();
    if (a == null) {
      a = Nd4j.createUninitializedDetached(type, 'c', shape);
      created++;
    } else {
      reused++;
    }
    inUse.add(a);
    usedThisCall.add(a);
    return a;
  }

  @Override
  public void release(INDArray array) {
    if (inUse.remove(array)) {
      free.computeIfAbsent(Key.of(array), k -> new ArrayDeque<>()).addLast(array);
    }
  }

  /**
   * Starts a call on a batch: when its size differs from the last call's (an epoch's smaller last
   * batch, or the first batch after it), the pooled arrays are for other shapes and are closed
   * first, so the two sets are never held together.
   *
   * @param size the batch size of the call
   */
  void beginCall(int size) {
    if (size != batchSize) {
      closeFree();
      batchSize = size;
    }
  }

  /**
   * Takes back every array of the call that just ended, and closes pooled arrays the call did not
   * use. Call it only after the call's outputs and gradients have been read: they are the arena's.
   */
  void endCall() {
    for (INDArray a : inUse) {
      free.computeIfAbsent(Key.of(a), k -> new ArrayDeque<>()).addLast(a);
    }
    inUse.clear();
    for (ArrayDeque<INDArray> pool : free.values()) {
      pool.removeIf(
          a -> {
            if (usedThisCall.contains(a)) {
              return false;
            }
            closeArray(a);
            return true;
          });
    }
    free.values().removeIf(ArrayDeque::isEmpty);
    usedThisCall.clear();
  }

  /** Closes every pooled array (not those of a call under way). */
  void closeFree() {
    free.values().forEach(pool -> pool.forEach(CallArena::closeArray));
    free.clear();
    batchSize = -1;
  }

  /**
   * @return arrays allocated so far (each reuse of a pooled array is not counted)
   */
  long created() {
    return created;
  }

  /**
   * @return allocations served from the pool so far
   */
  long reused() {
    return reused;
  }

  @Override
  public void close() {
    closeFree();
    inUse.forEach(CallArena::closeArray);
    inUse.clear();
    usedThisCall.clear();
  }

  private static void closeArray(INDArray a) {
    if (a.closeable() && !a.wasClosed()) {
      a.close();
    }
  }
}
