package org.cnnbench.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * All trainable tensors of a model in canonical layout and spec order (per layer: kernel, then
 * bias).
 *
 * @param tensors the tensors
 */
public record ModelWeights(List<ParameterTensor> tensors) {

  /** Copies the list. */
  public ModelWeights {
    tensors = List.copyOf(tensors);
  }

  /**
   * The SHA-256 of every tensor's shape and values (float32 bits, little-endian), in order: equal
   * hashes mean bit-identical weights.
   *
   * @return lower-case hex
   */
  public String sha256() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (ParameterTensor t : tensors) {
        ByteBuffer header =
            ByteBuffer.allocate(4 * (2 + t.shape().length)).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(t.layerIndex()).putInt(t.shape().length);
        for (int d : t.shape()) {
          header.putInt(d);
        }
        md.update(header.array());
        ByteBuffer data = ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(t.values());
        md.update(data.array());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The largest absolute difference between two sets of weights of the same shapes.
   *
   * @param other weights to compare with
   * @return max |a - b| over all values
   */
  public double maxAbsDiff(ModelWeights other) {
    if (other.tensors.size() != tensors.size()) {
      throw new IllegalArgumentException(
          "different number of tensors: " + tensors.size() + " vs " + other.tensors.size());
    }
    double max = 0;
    for (int i = 0; i < tensors.size(); i++) {
      float[] a = tensors.get(i).values();
      float[] b = other.tensors.get(i).values();
      if (a.length != b.length) {
        throw new IllegalArgumentException(
            "tensor " + i + " sizes differ: " + a.length + " vs " + b.length);
      }
      for (int j = 0; j < a.length; j++) {
        max = Math.max(max, Math.abs((double) a[j] - b[j]));
      }
    }
    return max;
  }
}
