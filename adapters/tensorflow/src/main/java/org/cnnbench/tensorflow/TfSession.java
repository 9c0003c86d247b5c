package org.cnnbench.tensorflow;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkContext;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.TrainableNetwork;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat32;

/** TensorFlow Java loaded in this process, with the device and thread count its sessions use. */
final class TfSession implements FrameworkSession {

  private final int threads;
  private final boolean gpu;
  private final FrameworkContext context;
  private final String nativeVersion;
  private final TfKnobs knobs;
  private volatile String testEngine;

  TfSession(int threads, Device device, FrameworkContext context) {
    this.threads = threads;
    this.context = context;
    this.gpu = device == Device.GPU;
    this.knobs = TfKnobs.fromSystemProperties();
    this.nativeVersion = TensorFlow.version();
    if (gpu) {
      requireGpu(threads);
    }
    String problem = TfDjlRuntime.problem();
    this.testEngine = problem == null ? djlEngineDescription() : fallbackDescription(problem);
  }

  static String djlEngineDescription() {
    return "DJL "
        + TfDjlRuntime.info("djl.version")
        + " TensorFlow engine (TensorFlow "
        + TfDjlRuntime.info("djl.tensorflow.version")
        + ") in a second JVM, on the SavedModel"
        + " exported by TensorFlow Java";
  }

  String fallbackDescription(String reason) {
    return "TensorFlow Java "
        + TfDjlRuntime.info("tfjava.version")
        + " (TensorFlow "
        + nativeVersion
        + "), fallback because DJL inference is unavailable: "
        + reason;
  }

  int threads() {
    return threads;
  }

  /**
   * @return the scratch folder the harness gave this session (SavedModels go there)
   */
  Path scratch() {
    return context.scratch();
  }

  /**
   * @return the folder the harness unpacked TensorFlow 2.16.1's natives into, for the server JVM
   */
  Path nativeLibraryDir() {
    return context.bundle(TfProvider.NATIVES);
  }

  boolean gpu() {
    return gpu;
  }

  TfKnobs knobs() {
    return knobs;
  }

  ConfigProto sessionConfig() {
    return withKnobs(TfNetwork.sessionConfig(threads, gpu), knobs);
  }

  /**
   * @param base the session settings with the pinned threads and the device
   * @param knobs the grappler and XLA settings of the run
   * @return the settings with the grappler optimizers switched off that {@code knobs} names, and
   *     XLA's {@code global_jit_level ON_1} when XLA is on; {@code base} itself for the defaults
   */
  static ConfigProto withKnobs(ConfigProto base, TfKnobs knobs) {
    if (knobs.grappler().equals(TfKnobs.Grappler.DEFAULT) && !knobs.xla()) {
      return base;
    }
    ConfigProto.Builder b = base.toBuilder();
    GraphOptions.Builder graph = b.getGraphOptionsBuilder();
    RewriterConfig.Builder rewrite = graph.getRewriteOptionsBuilder();
    if (knobs.grappler().off()) {
      rewrite.setDisableMetaOptimizer(true);
    }
    for (TfKnobs.Optimizer o : knobs.grappler().disabled()) {
      RewriterConfig.Toggle off = RewriterConfig.Toggle.OFF;
      switch (o) {
        case LAYOUT -> rewrite.setLayoutOptimizer(off);
        case CONSTFOLD -> rewrite.setConstantFolding(off);
        case SHAPE -> rewrite.setShapeOptimization(off);
        case REMAPPING -> rewrite.setRemapping(off);
        case ARITHMETIC -> rewrite.setArithmeticOptimization(off);
        case DEPENDENCY -> rewrite.setDependencyOptimization(off);
        case LOOP -> rewrite.setLoopOptimization(off);
        case FUNCTION -> rewrite.setFunctionOptimization(off);
      }
    }
    if (knobs.xla()) {
      graph.getOptimizerOptionsBuilder().setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1);
    }
    return b.build();
  }

  /**
   * Runs one op pinned to the first GPU with soft placement off, so that a GPU trial fails here,
   * before any timing, when TensorFlow cannot use a GPU (no CUDA or cuDNN libraries, no driver)
   * instead of quietly training on the CPU.
   */
  private void requireGpu(int threads) {
    try (Graph g = new Graph()) {
      Ops tf =
          Ops.create(g)
              .withDevice(
                  DeviceSpec.newBuilder()
                      .deviceType(DeviceSpec.DeviceType.GPU)
                      .deviceIndex(0)
                      .build());
      Operand<TFloat32> sum = tf.math.add(tf.constant(1f), tf.constant(2f));
      ConfigProto strict =
          TfNetwork.sessionConfig(threads, true).toBuilder().setAllowSoftPlacement(false).build();
      try (Session s = new Session(g, strict);
          Result r = s.runner().fetch(sum).run()) {
        if (((TFloat32) r.get(0)).getFloat() != 3f) {
          throw new IllegalStateException("1 + 2 on the GPU did not give 3");
        }
      }
    } catch (RuntimeException e) {
      throw new UnsupportedOperationException(
          "TensorFlow "
              + nativeVersion
              + " cannot run on a GPU"
              + " here (it needs an NVIDIA driver and the CUDA 12 / cuDNN 9 libraries on the loader's"
              + " path): "
              + e.getMessage(),
          e);
    }
  }

  /**
   * @return null if the DJL inference path may be used, else why not
   */
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
    v.put("settings", knobs.describe());
    v.put("device", gpu ? "GPU:0 (soft placement, memory growth)" : "CPU (GPU count 0)");
    v.put("native.classifier", TfDjlRuntime.info("tf.native.classifier"));
    v.put("test.engine", testEngine);
    return v;
  }

  @Override
  public String frameworkVersion() {
    return "TF-Java "
        + TfDjlRuntime.info("tfjava.version")
        + " / TF "
        + nativeVersion
        + " (train), DJL "
        + TfDjlRuntime.info("djl.version")
        + " / TF "
        + TfDjlRuntime.info("djl.tensorflow.version")
        + " (infer)";
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
