package org.cnnbench.djl.pytorch;

import java.util.List;
import java.util.Map;
import org.cnnbench.djl.DjlProvider;
import org.cnnbench.spi.FrameworkDescription;
import org.cnnbench.spi.OptionSpec;

/** Trains a ModelSpec with DJL's PyTorch engine. */
public final class PtProvider extends DjlProvider {

  /**
   * {@code -Dpytorch.interop_threads=}: libtorch's inter-op pool ({@code
   * ai.djl.pytorch.num_interop_threads}); 1 by default, since one training step has no independent
   * ops to run in parallel.
   */
  static final OptionSpec INTEROP_THREADS =
      OptionSpec.positiveInt(
          "pytorch.interop_threads",
          1,
          "libtorch's inter-op thread pool (ai.djl.pytorch.num_interop_threads)");

  /**
   * Uses the natives of the classifier jars the build chose: PyTorch 2.7.1's CPU jar by default;
   * with {@code -Pgpu}, PyTorch 2.5.1's CUDA 12.4 jar ({@code pytorch-native-cu124}) and its CPU
   * jar, of which DJL loads the CUDA one where it finds a GPU.
   */
  public PtProvider() {
    super("PyTorch", "pytorch-native-", "pytorch-native-cu");
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
  public FrameworkDescription description() {
    return new FrameworkDescription(
        "Deep Java Library (DJL) with its PyTorch engine (libtorch through JNI)",
        "DJL Java API (NDArray, Block, Trainer)",
        "Java");
  }

  @Override
  protected Map<String, String> engineThreadProperties(int threads) {
    return Map.of(
        "ai.djl.pytorch.num_threads",
        String.valueOf(threads),
        "ai.djl.pytorch.num_interop_threads",
        INTEROP_THREADS.value());
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(INTEROP_THREADS);
  }

  @Override
  public Map<String, String> childEnvironment(int threads) {
    return Map.of(
        "OMP_NUM_THREADS", String.valueOf(threads), "MKL_NUM_THREADS", String.valueOf(threads));
  }
}
