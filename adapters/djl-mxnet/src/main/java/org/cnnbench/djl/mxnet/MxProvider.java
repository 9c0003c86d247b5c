package org.cnnbench.djl.mxnet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnnbench.djl.DjlProvider;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.FrameworkDescription;
import org.cnnbench.spi.OptionSpec;

/**
 * Trains a ModelSpec with DJL's MXNet engine (a retired Apache project that DJL is deprecating).
 */
public final class MxProvider extends DjlProvider {

  /**
   * {@code -Dmxnet.engine=}: MXNet's op scheduler ({@code MXNET_ENGINE_TYPE}); MXNet's default
   * first.
   */
  static final OptionSpec ENGINE =
      OptionSpec.choice(
          "mxnet.engine",
          "MXNet's op scheduler" + " (MXNET_ENGINE_TYPE)",
          "ThreadedEnginePerDevice",
          "ThreadedEngine",
          "NaiveEngine");

  /** {@code -Dmxnet.mkldnn=}: MXNet's MKL-DNN (oneDNN) operators ({@code MXNET_MKLDNN_ENABLED}). */
  static final OptionSpec MKLDNN =
      OptionSpec.choice(
          "mxnet.mkldnn",
          "MXNet's MKL-DNN (oneDNN) operators" + " (MXNET_MKLDNN_ENABLED)",
          "on",
          "off");

  /** Uses MXNet 1.9.1's MKL natives from the classifier jar; there is no CUDA build to choose. */
  public MxProvider() {
    super("MXNet", "mxnet-native-", null);
  }

  @Override
  public String missingCapabilityReason(Capability capability) {
    if (capability == Capability.DEVICE_GPU) {
      return "DJL MXNet has no CUDA natives on Maven Central (DJL would download them at run time,"
          + " which cnn-bench does not do), so no build of this adapter runs on a GPU";
    }
    return super.missingCapabilityReason(capability);
  }

  @Override
  public String name() {
    return "mxnet";
  }

  @Override
  public String displayName() {
    return "DJL MXNet";
  }

  @Override
  public FrameworkDescription description() {
    return new FrameworkDescription(
        "Deep Java Library (DJL) with its MXNet engine (libmxnet through JNA)",
        "DJL Java API (NDArray, Block, Trainer)",
        "Java");
  }

  @Override
  protected Map<String, String> engineThreadProperties(int threads) {
    // MXNet reads its thread settings from the environment only.
    return Map.of();
  }

  @Override
  public Map<String, String> childEnvironment(int threads) {
    String n = String.valueOf(threads);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OMP_NUM_THREADS", n);
    env.put("MKL_NUM_THREADS", n);
    env.put("MXNET_CPU_WORKER_NTHREADS", n);
    env.put("MXNET_ENGINE_TYPE", ENGINE.value());
    env.put("MXNET_MKLDNN_ENABLED", MKLDNN.value().equals("on") ? "1" : "0");
    return env;
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(ENGINE, MKLDNN);
  }
}
