package org.cnnbench.djl.mxnet;

import java.util.Map;
import org.cnnbench.djl.DjlProvider;
import org.cnnbench.spi.FrameworkDescription;
import org.cnnbench.spi.Capability;

/** Trains a ModelSpec with DJL's MXNet engine (a retired Apache project that DJL is deprecating). */
public final class MxProvider extends DjlProvider {

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
    return new FrameworkDescription("Deep Java Library (DJL) with its MXNet engine (libmxnet through JNA)",
        "DJL Java API (NDArray, Block, Trainer)", "Java");
  }

  @Override
  protected Map<String, String> engineThreadProperties(int threads) {
    // MXNet reads its thread settings from the environment only.
    return Map.of();
  }

  @Override
  public Map<String, String> childEnvironment(int threads) {
    String n = String.valueOf(threads);
    return Map.of("OMP_NUM_THREADS", n, "MKL_NUM_THREADS", n, "MXNET_CPU_WORKER_NTHREADS", n);
  }
}
