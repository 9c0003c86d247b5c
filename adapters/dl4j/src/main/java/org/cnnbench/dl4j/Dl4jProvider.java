package org.cnnbench.dl4j;

import org.cnnbench.nd4j.Nd4jProvider;
import org.cnnbench.nd4j.Nd4jSession;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkDescription;

/**
 * Deeplearning4j 1.0.0-M2.1 on ND4J's native CPU backend (and, in a {@code -Pgpu} build, its CUDA
 * 11.6 backend), found through {@link java.util.ServiceLoader}. What both DL4J adapters share is in
 * {@link Nd4jProvider}; this class must stay free of ND4J and DL4J types, and only a trial's child
 * JVM loads the natives, through {@link Dl4jSession}.
 */
public final class Dl4jProvider extends Nd4jProvider {

  /** The short name used in {@code -Dframeworks=}. */
  public static final String NAME = "dl4j";

  /** Creates the provider; the runner finds it through {@link java.util.ServiceLoader}. */
  public Dl4jProvider() {
    super(
        NAME,
        "Deeplearning4j MultiLayerNetwork",
        new FrameworkDescription(
            "Deeplearning4j: a MultiLayerNetwork on ND4J",
            "DL4J MultiLayerNetwork configuration API",
            "Java"));
  }

  @Override
  protected Nd4jSession openSession(int threads, Device device) {
    return Dl4jSession.open(threads, device);
  }
}
