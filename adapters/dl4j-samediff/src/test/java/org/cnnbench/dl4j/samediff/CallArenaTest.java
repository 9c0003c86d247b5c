package org.cnnbench.dl4j.samediff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/** The arena's bookkeeping: what it reuses, what it keeps, what it closes. */
class CallArenaTest {

  private static FrameworkSession backend;

  @BeforeAll
  static void loadBackend() {
    backend = new SameDiffProvider().open(Device.CPU, 1);
  }

  @AfterAll
  static void closeBackend() {
    backend.close();
  }

  @Test
  void aCallReusesTheLastCallsArraysByTypeAndShapeInCOrder() {
    try (CallArena arena = new CallArena()) {
      INDArray a = arena.allocate(false, DataType.FLOAT, 2, 3);
      INDArray f =
          arena.allocate(
              false,
              LongShapeDescriptor.fromShape(
                  new long[] {2, 3}, new long[] {1, 2}, 0, 'f', DataType.FLOAT, false));
      arena.endCall();
      assertEquals('c', f.ordering(), "an 'f' request is served in C order");
      INDArray first = arena.allocate(false, DataType.FLOAT, 2, 3);
      INDArray second = arena.allocate(false, DataType.FLOAT, 2, 3);
      assertTrue(
          (first == a && second == f) || (first == f && second == a), "one array, one taker");
      INDArray third = arena.allocate(false, DataType.FLOAT, 2, 3);
      assertNotSame(a, third);
      assertNotSame(f, third);
      assertNotSame(a, arena.allocate(false, DataType.FLOAT, 3, 2));
      assertNotSame(a, arena.allocate(false, DataType.DOUBLE, 2, 3));
      assertEquals(5, arena.created());
      assertEquals(2, arena.reused());
    }
  }

  @Test
  void anArrayReleasedDuringACallIsReusedInTheSameCall() {
    try (CallArena arena = new CallArena()) {
      INDArray a = arena.allocate(false, DataType.FLOAT, 4);
      arena.release(a);
      assertFalse(a.wasClosed());
      assertSame(a, arena.allocate(false, DataType.FLOAT, 4));
      assertEquals(1, arena.created());
    }
  }

  @Test
  void aNewBatchSizeClosesThePooledArraysFirst() {
    try (CallArena arena = new CallArena()) {
      arena.beginCall(32);
      INDArray full = arena.allocate(false, DataType.FLOAT, 32, 10);
      INDArray weights = arena.allocate(false, DataType.FLOAT, 10);
      arena.endCall();
      arena.beginCall(32);
      assertSame(full, arena.allocate(false, DataType.FLOAT, 32, 10));
      assertSame(weights, arena.allocate(false, DataType.FLOAT, 10));
      arena.endCall();
      arena.beginCall(24); // the epoch's last batch: the pool is for 32
      assertTrue(full.wasClosed());
      assertTrue(weights.wasClosed());
    }
  }

  @Test
  void pooledArraysACallDidNotUseAreClosedAtItsEnd() {
    try (CallArena arena = new CallArena()) {
      INDArray full = arena.allocate(false, DataType.FLOAT, 32, 10);
      arena.endCall();
      INDArray last = arena.allocate(false, DataType.FLOAT, 24, 10); // the epoch's last batch
      arena.endCall();
      assertTrue(full.wasClosed());
      assertFalse(last.wasClosed());
      arena.close();
      assertTrue(last.wasClosed());
    }
  }

  @Test
  void arraysItDidNotAllocateAreLeftAlone() {
    INDArray foreign = Nd4j.create(DataType.FLOAT, 3, 3);
    try (CallArena arena = new CallArena()) {
      arena.release(foreign);
      arena.endCall();
      assertNotSame(foreign, arena.allocate(false, DataType.FLOAT, 3, 3));
    }
    assertFalse(foreign.wasClosed());
    foreign.close();
  }
}
