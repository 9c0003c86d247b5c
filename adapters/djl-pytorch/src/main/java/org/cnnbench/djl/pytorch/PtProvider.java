package org.cnnbench.djl.pytorch;

import java.util.Map;
import org.cnnbench.djl.DjlProvider;

/** Trains a ModelSpec with DJL's PyTorch engine. */
public final class PtProvider extends DjlProvider {

  /** Uses PyTorch 2.7.1's CPU natives from the classifier jar. */
  public PtProvider() {
    super("PyTorch", "ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64");
  }

  @Override
  public String name() {
    return "pytorch";
  }

  @Override
  public String displayName() {
    return "DJL PyTorch";
  }

  @Override
  protected Map<String, String> engineThreadProperties(int threads) {
    return Map.of("ai.djl.pytorch.num_threads", String.valueOf(threads),
        "ai.djl.pytorch.num_interop_threads", "1");
  }

  @Override
  public Map<String, String> childEnvironment(int threads) {
    return Map.of("OMP_NUM_THREADS", String.valueOf(threads), "MKL_NUM_THREADS", String.valueOf(threads));
  }
}
