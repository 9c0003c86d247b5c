package org.cnnbench.dl4j;

import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Lets {@code MultiLayerNetwork}'s layers run their convolutions, pooling and activations in oneDNN
 * when the loaded libnd4j build has it (DL4J's "layer helpers", {@code MKLDNNConvHelper} and friends).
 *
 * <p>DL4J 1.0.0-M2.1 never attaches them on its own: {@code HelperUtils.createHelper} returns no
 * helper unless the system property {@code org.eclipse.deeplearning4j.helpers.disable} is
 * {@code false} (its default is {@code true}; {@code Environment.allowHelpers} alone does not change
 * that), and its oneDNN check looks up a class that no longer exists (see
 * {@link org.nd4j.nativeblas.Nd4jCpu}). The adapter sets no system property itself: the provider
 * passes the property as {@code false} to the trial's JVM at launch ({@link
 * Dl4jProvider#childSystemProperties}), unless the user ran with it {@code true}; what the layers use
 * goes to the trial's provenance.
 */
final class Dl4jOneDnnHelpers {

  /** DL4J's own switch; {@code true} keeps the helpers off. */
  static final String DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

  private Dl4jOneDnnHelpers() {}

  /**
   * Allows the layer helpers if the backend has oneDNN and the user did not disable them.
   *
   * @param oneDnn whether the loaded CPU backend uses oneDNN (false on the CUDA backend)
   * @return what the layers will use, for provenance
   */
  static String enable(boolean oneDnn) {
    if (Boolean.parseBoolean(System.getProperty(DISABLE_PROPERTY, "false"))) {
      Nd4j.getEnvironment().allowHelpers(false);
      return "off (-D" + DISABLE_PROPERTY + "=true)";
    }
    if (!oneDnn) {
      return "none (this libnd4j build has no oneDNN; layers use DL4J's built-in im2col path)";
    }
    if (!"false".equals(System.getProperty(DISABLE_PROPERTY))) {
      Nd4j.getEnvironment().allowHelpers(false);
      return "off (this JVM was started without -D" + DISABLE_PROPERTY + "=false, which the provider's"
          + " child system properties set; layers use DL4J's built-in im2col path)";
    }
    Nd4j.getEnvironment().allowHelpers(true);
    return BaseMKLDNNHelper.mklDnnEnabled()
        ? "oneDNN (MKLDNN conv/subsampling helpers attached: -D" + DISABLE_PROPERTY + "=false)"
        : "requested, but DL4J's oneDNN check failed; layers use DL4J's built-in path";
  }
}
