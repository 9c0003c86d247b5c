package org.nd4j.nativeblas;

/**
 * A stand-in, under its pre-1.0.0-M2 name, for ND4J's native environment class, so that DL4J
 * 1.0.0-M2.1's oneDNN layer helpers can see that oneDNN is there.
 *
 * <p>Why: {@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled()} looks up
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()} by reflection. In
 * M2.1 that class moved to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and
 * the method became {@code isUseONEDNN()}, so the lookup fails and {@code ConvolutionLayer} never
 * attaches {@code MKLDNNConvHelper}, even in the oneDNN build. This class forwards the old call to
 * the new one.
 */
public final class Nd4jCpu {

  private Nd4jCpu() {}

  /** Forwards {@code isUseMKLDNN()} to the real environment's {@code isUseONEDNN()}. */
  public static final class Environment {

    private static final Environment INSTANCE = new Environment();

    private Environment() {}

    /**
     * @return the one instance, as the native class has
     */
    public static Environment getInstance() {
      return INSTANCE;
    }

    /**
     * @return whether libnd4j was built with oneDNN and uses it
     */
    public boolean isUseMKLDNN() {
      return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
    }
  }
}
