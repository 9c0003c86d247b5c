package org.cnnbench.dl4j;

import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Lets {@code MultiLayerNetwork}'s layers run their convolutions, pooling and activations in oneDNN
 * when the loaded libnd4j build has it (DL4J's "layer helpers", {@code MKLDNNConvHelper} and
 * friends).
 *
 * <p>DL4J 1.0.0-M2.1 never attaches them on its own: {@code HelperUtils.createHelper} returns no
 * helper unless the system property {@code org.eclipse.deeplearning4j.helpers.disable} is {@code
 * false} (its default is {@code true}; {@code Environment.allowHelpers} alone does not change
 * that), and its oneDNN check looks up a class that no longer exists (see {@link
 * org.nd4j.nativeblas.Nd4jCpu}). Here the property is set to {@code false} before any network is
 * built, unless the user set it to {@code true}; the result goes to the trial's provenance. It is
 * the one switch an adapter sets in its own JVM rather than receiving it at launch: it must be set
 * only when the libnd4j build that really loaded has oneDNN (on the generic build DL4J would
 * otherwise attach oneDNN helpers to a library without oneDNN), and which build loaded is known
 * only after ND4J loads.
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
    Nd4j.getEnvironment().allowHelpers(true);
    // DL4J reads this property each time a layer creates its helper (network init): without it, it
    // defaults to disabled and ConvolutionLayer runs its Java im2col + gemm path.
    System.setProperty(DISABLE_PROPERTY, "false");
    return BaseMKLDNNHelper.mklDnnEnabled()
        ? "oneDNN (MKLDNN conv/subsampling helpers attached: -D"
            + DISABLE_PROPERTY
            + "=false set in code)"
        : "requested, but DL4J's oneDNN check failed; layers use DL4J's built-in path";
  }
}
