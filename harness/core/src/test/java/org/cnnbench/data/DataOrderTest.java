package org.cnnbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DataOrderTest {

  @Test
  void aSeededPermutationPerEpoch() {
    int[] a = DataOrder.permutation(1000, 42, 1);
    assertArrayEquals(a, DataOrder.permutation(1000, 42, 1));
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertEquals(i, sorted[i]);
    }
    assertFalse(Arrays.equals(a, DataOrder.permutation(1000, 42, 2)));
    assertFalse(Arrays.equals(a, DataOrder.permutation(1000, 43, 1)));
    assertEquals(64, DataOrder.sha256(a).length());
  }
}
