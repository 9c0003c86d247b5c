package org.cnnbench.tensorflow;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.TrainableNetwork;
import org.tensorflow.TensorFlow;

/** TensorFlow Java loaded in this process on the CPU, with the thread count its sessions use. */
final class TfSession implements FrameworkSession {

  private final int threads;
  private final String nativeVersion;
  private volatile String testEngine;

  TfSession(int threads) {
    this.threads = threads;
    this.nativeVersion = TensorFlow.version();
    String problem = TfDjlRuntime.problem();
    this.testEngine = problem == null ? djlEngineDescription() : fallbackDescription(problem);
  }

  static String djlEngineDescription() {
    return "DJL " + TfDjlRuntime.info("djl.version") + " TensorFlow engine (TensorFlow "
        + TfDjlRuntime.info("djl.tensorflow.version") + ") in a second JVM, on the SavedModel"
        + " exported by TensorFlow Java";
  }

  String fallbackDescription(String reason) {
    return "TensorFlow Java " + TfDjlRuntime.info("tfjava.version") + " (TensorFlow " + nativeVersion
        + "), fallback because DJL inference is unavailable: " + reason;
  }

  int threads() {
    return threads;
  }

  /** @return null if the DJL inference path may be used, else why not */
  String djlProblem() {
    String problem = TfDjlRuntime.problem();
    if (problem != null) {
      testEngine = fallbackDescription(problem);
    }
    return problem;
  }

  /** Records that the DJL inference path failed and the test evaluation falls back to TF-Java. */
  void recordFallback(String reason) {
    testEngine = fallbackDescription(reason);
  }

  @Override
  public Map<String, String> versions() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("engine", "TensorFlow Java graph mode (training), DJL TensorFlow (test inference)");
    v.put("framework.version", "TensorFlow Java " + TfDjlRuntime.info("tfjava.version"));
    v.put("native.version", nativeVersion);
    v.put("djl.version", TfDjlRuntime.info("djl.version"));
    v.put("djl.tensorflow.version", TfDjlRuntime.info("djl.tensorflow.version"));
    v.put("djl.tensorflow.natives", TfDjlRuntime.info("djl.tensorflow.native.artifact"));
    v.put("threads", threads + " intra-op, 1 inter-op");
    v.put("test.engine", testEngine);
    return v;
  }

  @Override
  public String frameworkVersion() {
    return "TF-Java " + TfDjlRuntime.info("tfjava.version") + " / TF " + nativeVersion
        + " (train), DJL " + TfDjlRuntime.info("djl.version") + " / TF "
        + TfDjlRuntime.info("djl.tensorflow.version") + " (infer)";
  }

  @Override
  public TrainableNetwork build(ModelSpec spec) {
    return new TfNetwork(this, spec);
  }

  @Override
  public void close() {
    // Each network owns its graph and session; nothing is shared at this level.
  }
}
