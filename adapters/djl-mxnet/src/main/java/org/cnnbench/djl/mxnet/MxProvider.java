package org.cnnbench.djl.mxnet;

import java.util.Map;
import org.cnnbench.djl.DjlProvider;

/** Trains a ModelSpec with DJL's MXNet engine (a retired Apache project that DJL is deprecating). */
public final class MxProvider extends DjlProvider {

  /** Uses MXNet 1.9.1's MKL natives from the classifier jar. */
  public MxProvider() {
    super("MXNet", "ai.djl.mxnet:mxnet-native-mkl:1.9.1:linux-x86_64");
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
