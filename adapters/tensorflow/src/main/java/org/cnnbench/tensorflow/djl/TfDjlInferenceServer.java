package org.cnnbench.tensorflow.djl;

import static org.cnnbench.tensorflow.djl.TfDjlProtocol.ERROR;
import static org.cnnbench.tensorflow.djl.TfDjlProtocol.MAGIC;
import static org.cnnbench.tensorflow.djl.TfDjlProtocol.OK;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Serves a SavedModel through DJL's TensorFlow engine over stdin/stdout ({@link TfDjlProtocol}),
 * one evaluation batch per request; started by the TensorFlow adapter in a JVM of its own.
 */
public final class TfDjlInferenceServer {

  private TfDjlInferenceServer() {}

  /**
   * Loads the SavedModel and serves batches until the input ends.
   *
   * @param args the SavedModel folder, then {@code cpu} (default) or {@code gpu}
   * @throws IOException if the pipe breaks
   */
  public static void main(String[] args) throws IOException {
    DataOutputStream out =
        new DataOutputStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
    // Library chatter must not reach the protocol stream.
    System.setOut(System.err);
    DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
    out.writeInt(MAGIC);
    Model model;
    try {
      boolean gpu = args.length > 1 && TfDjlProtocol.DEVICE_GPU.equals(args[1]);
      if (gpu && Engine.getEngine("TensorFlow").getGpuCount() == 0) {
        throw new IllegalStateException(
            "DJL's TensorFlow engine sees no GPU (it needs an NVIDIA"
                + " driver and the CUDA 12 / cuDNN libraries of TensorFlow's GPU build)");
      }
      Device device = gpu ? Device.gpu() : Device.cpu();
      model = Model.newInstance("cnn-bench", device, "TensorFlow");
      model.load(
          Path.of(args[0]),
          "saved_model",
          Map.of("Tags", "serve", "SignatureDefKey", "serving_default"));
      Engine engine = model.getNDManager().getEngine();
      out.writeInt(OK);
      out.writeUTF(
          "DJL "
              + Engine.getDjlVersion()
              + " "
              + engine.getEngineName()
              + " "
              + engine.getVersion()
              + " on "
              + device);
      out.flush();
    } catch (Throwable t) {
      t.printStackTrace();
      out.writeInt(ERROR);
      out.writeUTF(message(t));
      out.flush();
      System.exit(2);
      return;
    }
    try (model) {
      while (true) {
        int rank;
        try {
          rank = in.readInt();
        } catch (EOFException e) {
          break;
        }
        if (rank == 0) {
          break;
        }
        long[] dims = new long[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
          dims[i] = in.readInt();
          count *= dims[i];
        }
        float[] x = TfDjlProtocol.readFloats(in, Math.toIntExact(count));
        float[] y;
        try (NDManager manager = model.getNDManager().newSubManager()) {
          NDArray input = manager.create(x, new Shape(dims));
          NDList result =
              model
                  .getBlock()
                  .forward(new ParameterStore(manager, false), new NDList(input), false);
          y = result.get(0).toFloatArray();
        } catch (RuntimeException e) {
          e.printStackTrace();
          out.writeInt(ERROR);
          out.writeUTF(message(e));
          out.flush();
          continue;
        }
        out.writeInt(OK);
        out.writeInt(y.length);
        TfDjlProtocol.writeFloatValues(out, y);
        out.flush();
      }
    }
    out.flush();
  }

  private static String message(Throwable t) {
    String m = t.getClass().getName() + ": " + t.getMessage();
    for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      m += " / caused by " + c.getClass().getName() + ": " + c.getMessage();
    }
    return m.length() > 8000 ? m.substring(0, 8000) : m;
  }
}
