package org.cnnbench.tensorflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnnbench.spi.AdapterClasspath;
import org.cnnbench.spi.Bundle;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkContext;
import org.cnnbench.spi.FrameworkDescription;
import org.cnnbench.spi.FrameworkNeeds;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.OptionSpec;

/**
 * The TensorFlow adapter: TensorFlow Java trains, DJL's TensorFlow engine serves the test
 * evaluation.
 */
public final class TfProvider implements FrameworkProvider {

  /** Creates the provider; loads no native code. */
  public TfProvider() {}

  @Override
  public String name() {
    return "tensorflow";
  }

  @Override
  public String displayName() {
    return "TensorFlow (TF-Java train, DJL infer)";
  }

  @Override
  public FrameworkDescription description() {
    return new FrameworkDescription(
        "TensorFlow Java (TF-Java): the TensorFlow graph through its Java ops API;"
            + " DJL's TensorFlow engine serves the test evaluation",
        "TensorFlow Java ops API",
        "Java");
  }

  /**
   * The classifier of TensorFlow's CUDA native jars, on the class path of a {@code -Pgpu} build.
   */
  static final String GPU_NATIVE_JAR = "linux-x86_64-gpu";

  /** CPU always; GPU when the build ({@code -Pgpu}) took TensorFlow's CUDA natives. */
  @Override
  public Set<Capability> capabilities() {
    return AdapterClasspath.trainingCapabilities(this, GPU_NATIVE_JAR);
  }

  @Override
  public Map<String, String> childSystemProperties(int threads) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("ai.djl.offline", "true");
    props.put("ai.djl.tensorflow.num_intraop_threads", String.valueOf(threads));
    props.put("ai.djl.tensorflow.num_interop_threads", "1");
    // In a trial the test set is evaluated by DJL's TensorFlow engine or the trial fails: a silent
    // fallback to TF-Java would put a different engine's numbers under the same name.
    props.put("cnnbench.tensorflow.requireDjl", "true");
    props.putAll(TfKnobs.fromSystemProperties().systemProperties());
    return props;
  }

  @Override
  public Map<String, String> childEnvironment(int threads) {
    // TensorFlow's own pools are sized through the session's ConfigProto (intra-op = threads,
    // inter-op = 1); these cover OpenMP / oneDNN and TensorFlow's environment defaults.
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OMP_NUM_THREADS", String.valueOf(threads));
    env.put("MKL_NUM_THREADS", String.valueOf(threads));
    env.put("TF_NUM_INTRAOP_THREADS", String.valueOf(threads));
    env.put("TF_NUM_INTEROP_THREADS", "1");
    env.put("TF_CPP_MIN_LOG_LEVEL", "1");
    env.putAll(TfKnobs.fromSystemProperties().environment());
    return env;
  }

  /**
   * {@code -Dtensorflow.onednn}, {@code .grappler}, {@code .xla} and {@code .feed} ({@link
   * TfKnobs}).
   */
  @Override
  public List<OptionSpec> options() {
    return TfKnobs.OPTIONS;
  }

  /**
   * The bundle of TensorFlow 2.16.1's native libraries that DJL's engine loads in the server JVM.
   */
  static final String NATIVES = "tensorflow-natives";

  /**
   * A scratch folder for the SavedModel that DJL serves, and TensorFlow 2.16.1's native libraries
   * unpacked from the {@code tensorflow-core-native} jar the build copied next to DJL's jars.
   */
  @Override
  public FrameworkNeeds needs() {
    return FrameworkNeeds.none()
        .withScratch(FrameworkNeeds.Scratch.DISK)
        .withBundle(
            new Bundle(
                NATIVES, TfDjlRuntime.nativeJar(), "lib.*\\.so.*", List.of("libjnitensorflow.so")));
  }

  @Override
  public FrameworkSession open(Device device, int threads, FrameworkContext context) {
    if (device == Device.GPU && !hasCapability(Capability.DEVICE_GPU)) {
      throw new UnsupportedOperationException(
          "the tensorflow adapter was built with the CPU natives"
              + " only (tensorflow-core-native linux-x86_64); build with -Pgpu for TensorFlow's CUDA natives");
    }
    if (threads <= 0) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
    return new TfSession(threads, device, context);
  }
}
