package org.cnnbench.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The order in which training examples are fed: a Fisher-Yates shuffle seeded by (seed, epoch), the
 * same for every framework.
 */
public final class DataOrder {

  private DataOrder() {}

  /**
   * @param size number of training examples
   * @param seed the trial's seed
   * @param epoch epoch number, from 1
   * @return a permutation of 0..size-1
   */
  public static int[] permutation(int size, long seed, int epoch) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed * 31L + epoch * 1_000_000_007L);
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /**
   * @param order a sequence of example indices
   * @return SHA-256 of the indices as big-endian ints, lower-case hex
   */
  public static String sha256(int[] order) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      ByteBuffer buf = ByteBuffer.allocate(4 * order.length);
      buf.asIntBuffer().put(order);
      md.update(buf.array());
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
