package org.cnnbench.dl4j;

import java.util.Locale;
import java.util.Map;
import org.cnnbench.nd4j.Nd4jSession;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.TrainableNetwork;

/**
 * ND4J's CPU (or, in a {@code -Pgpu} build, CUDA) backend loaded in this process, building
 * MultiLayerNetworks.
 */
final class Dl4jSession extends Nd4jSession {

  private Dl4jSession(Map<String, String> versions) {
    super("DL4J", versions);
  }

  /**
   * Loads ND4J's natives, pins its thread pools and attaches DL4J's oneDNN layer helpers where the
   * build has oneDNN.
   *
   * @param threads intra-op threads
   * @param device the device whose backend must have loaded
   * @return the session
   * @throws UnsupportedOperationException if a GPU trial got the CPU backend
   */
  static Dl4jSession open(int threads, Device device) {
    Map<String, String> v =
        loadBackend(
            "org.deeplearning4j", "deeplearning4j-nn", "MultiLayerNetwork", threads, device);
    v.put("layer_helpers", Dl4jOneDnnHelpers.enable("true".equals(v.get("onednn"))));
    v.put("cache_mode", Dl4jNetwork.CACHE_MODE.name().toLowerCase(Locale.ROOT));
    return new Dl4jSession(v);
  }

  @Override
  protected TrainableNetwork buildNetwork(ModelSpec spec) {
    return Dl4jNetwork.build(spec);
  }
}
