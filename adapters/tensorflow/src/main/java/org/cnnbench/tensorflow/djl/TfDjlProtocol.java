package org.cnnbench.tensorflow.djl;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The stdin/stdout protocol between the TensorFlow adapter and {@link TfDjlInferenceServer}; free
 * of DJL types so the training JVM, which has no DJL on its class path, can use it.
 *
 * <p>Big-endian ints, little-endian float32 arrays. On start the server writes {@link #MAGIC}, a
 * status ({@link #OK} or {@link #ERROR}) and a UTF string (the engine's version, or the error).
 * Each request is an int rank (0 ends the session), that many int dimensions (NCHW) and the float
 * values; the reply is a status and, for {@link #OK}, an int count and the float outputs, for
 * {@link #ERROR} a UTF message. End of input also ends the session.
 */
public final class TfDjlProtocol {

  /** Written first, so the client knows it reads the server and not stray output. */
  public static final int MAGIC = 0x54464a4c;

  /** Status of a reply that succeeded. */
  public static final int OK = 0;

  /** Status of a reply that failed; a message follows. */
  public static final int ERROR = 1;

  /** The server's second argument for serving on the CPU. */
  public static final String DEVICE_CPU = "cpu";

  /** The server's second argument for serving on the first GPU. */
  public static final String DEVICE_GPU = "gpu";

  /** The server's main class, named as a string so that naming it loads nothing. */
  public static final String SERVER_CLASS = "org.cnnbench.tensorflow.djl.TfDjlInferenceServer";

  private TfDjlProtocol() {}

  /**
   * Reads floats written by {@link #writeFloatValues}.
   *
   * @param in the stream
   * @param count number of floats
   * @return the values
   * @throws IOException if the stream ends early
   */
  public static float[] readFloats(DataInputStream in, int count) throws IOException {
    byte[] bytes = new byte[Math.multiplyExact(count, 4)];
    in.readFully(bytes);
    float[] values = new float[count];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }

  /**
   * Writes floats, little-endian, without a count.
   *
   * @param out the stream
   * @param values the floats
   * @throws IOException if the pipe breaks
   */
  public static void writeFloatValues(DataOutputStream out, float[] values) throws IOException {
    ByteBuffer bytes =
        ByteBuffer.allocate(Math.multiplyExact(values.length, 4)).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    out.write(bytes.array());
  }
}
