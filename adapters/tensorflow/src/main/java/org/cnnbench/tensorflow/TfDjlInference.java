package org.cnnbench.tensorflow;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.cnnbench.process.ChildProcess;
import org.cnnbench.process.ChildSpec;
import org.cnnbench.process.Output;
import org.cnnbench.process.Signals;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.InferenceNetwork;
import org.cnnbench.spi.StepOutput;
import org.cnnbench.tensorflow.djl.TfDjlProtocol;

/**
 * Evaluates batches on an exported SavedModel through DJL's TensorFlow engine, running in a second
 * JVM ({@code TfDjlInferenceServer}) because TensorFlow 2.16.1 (DJL) and 2.18 (TensorFlow Java)
 * cannot share a process. The loss is computed here from the served probabilities with Keras'
 * formula.
 */
final class TfDjlInference implements InferenceNetwork {

  /** How long the server may take to load DJL, TensorFlow 2.16.1 and the SavedModel. */
  static final long STARTUP_TIMEOUT_SECONDS = 300;

  private final ModelSpec spec;
  private final Path savedModel;
  private final ChildProcess process;
  private final DataOutputStream out;
  private final DataInputStream in;
  private final String engine;
  private boolean closed;

  private TfDjlInference(ModelSpec spec, Path savedModel, ChildProcess process) throws IOException {
    this.spec = spec;
    this.savedModel = savedModel;
    this.process = process;
    this.out = new DataOutputStream(new BufferedOutputStream(process.stdin(), 1 << 16));
    this.in = new DataInputStream(new BufferedInputStream(process.stdout(), 1 << 16));
    int magic = in.readInt();
    if (magic != TfDjlProtocol.MAGIC) {
      throw new IOException(
          "the DJL inference server wrote 0x"
              + Integer.toHexString(magic)
              + " instead of its handshake");
    }
    int status = in.readInt();
    String text = in.readUTF();
    if (status != TfDjlProtocol.OK) {
      throw new IOException("the DJL inference server could not load the SavedModel: " + text);
    }
    this.engine = text;
  }

  /**
   * Starts the server on a SavedModel; the returned network owns the folder and deletes it on
   * close.
   *
   * @param savedModel the SavedModel folder
   * @param spec the model
   * @param threads intra-op threads of the server's TensorFlow session
   * @param gpu serve on the first GPU (else on the CPU, with no GPU visible to the server)
   * @param nativeLibraryDir the folder holding TensorFlow 2.16.1's native libraries, unpacked by
   *     the harness
   * @return the network
   * @throws IOException if the server cannot start or load the model
   */
  static TfDjlInference start(
      Path savedModel, ModelSpec spec, int threads, boolean gpu, Path nativeLibraryDir)
      throws IOException {
    ChildSpec.Builder server =
        ChildSpec.builder()
            .setJavaMain(TfDjlProtocol.SERVER_CLASS, TfDjlRuntime.serverClasspath())
            .optSystemProperty("ai.djl.offline", "true")
            .optSystemProperty("ai.djl.tensorflow.num_intraop_threads", String.valueOf(threads))
            .optSystemProperty("ai.djl.tensorflow.num_interop_threads", "1")
            .optSystemProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn")
            .optSystemProperty("java.io.tmpdir", System.getProperty("java.io.tmpdir"))
            .optArguments(
                List.of(
                    savedModel.toAbsolutePath().toString(),
                    gpu ? TfDjlProtocol.DEVICE_GPU : TfDjlProtocol.DEVICE_CPU))
            .optEnvironment("TENSORFLOW_LIBRARY_PATH", nativeLibraryDir.toString())
            .optEnvironment("OMP_NUM_THREADS", String.valueOf(threads))
            .optEnvironmentDefault("TF_CPP_MIN_LOG_LEVEL", "1")
            // the protocol runs over standard input and output; the server's messages join the
            // trial's
            .optStdout(Output.PIPE)
            .optStderr(Output.INHERIT)
            // a server that neither answers nor dies within the limit is killed, which ends the
            // handshake
            .optTimeout(Duration.ofSeconds(STARTUP_TIMEOUT_SECONDS))
            .optName("tensorflow-djl-server");
    if (!gpu) {
      server.optEnvironment("CUDA_VISIBLE_DEVICES", "");
    }
    ChildProcess process = ChildProcess.start(server.build());
    try {
      TfDjlInference network = new TfDjlInference(spec, savedModel, process);
      process.cancelTimeout();
      return network;
    } catch (IOException | RuntimeException e) {
      process.kill();
      String exit = "";
      try {
        if (process.awaitExit(Duration.ofSeconds(10))) {
          exit = " (server " + Signals.describeExit(process.exitValue()) + ")";
        }
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
      throw new IOException(e.getMessage() + exit, e);
    }
  }

  /**
   * @return what the server reported: DJL and engine versions
   */
  String engine() {
    return engine;
  }

  @Override
  public StepOutput evaluateBatch(Batch batch) {
    if (closed) {
      throw new IllegalStateException("inference network is closed");
    }
    org.cnnbench.spec.Shape shape = spec.input();
    int units = spec.outputUnits();
    try {
      out.writeInt(4);
      out.writeInt(batch.size());
      out.writeInt(shape.channels());
      out.writeInt(shape.height());
      out.writeInt(shape.width());
      TfDjlProtocol.writeFloatValues(out, batch.features());
      out.flush();
      int status = in.readInt();
      if (status != TfDjlProtocol.OK) {
        throw new IllegalStateException("DJL TensorFlow inference failed: " + in.readUTF());
      }
      int count = in.readInt();
      if (count != batch.size() * units) {
        throw new IllegalStateException(
            "DJL TensorFlow returned "
                + count
                + " outputs for "
                + batch.size()
                + " examples of "
                + units
                + " units");
      }
      float[] outputs = TfDjlProtocol.readFloats(in, count);
      return new StepOutput(TfLoss.mean(spec.loss(), outputs, batch.labels(), units), outputs);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the DJL inference server stopped"
              + (process.isAlive() ? "" : " with " + Signals.describeExit(process.exitValue())),
          e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.writeInt(0);
      out.flush();
      out.close();
    } catch (IOException e) {
      // the server is gone already
    }
    try {
      process.stop(Duration.ofSeconds(20));
    } finally {
      TfDjlRuntime.deleteTree(savedModel);
    }
  }
}
