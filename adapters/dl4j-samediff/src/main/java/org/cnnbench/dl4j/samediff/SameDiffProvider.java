package org.cnnbench.dl4j.samediff;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.cnnbench.nd4j.Nd4jProvider;
import org.cnnbench.nd4j.Nd4jSession;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkDescription;
import org.cnnbench.spi.OptionSpec;

/**
 * Deeplearning4j 1.0.0-M2.1's SameDiff API on ND4J's native CPU backend, found through {@link
 * java.util.ServiceLoader}. What both DL4J adapters share is in {@link Nd4jProvider}; free of ND4J
 * types, like every provider: only a trial's JVM loads the natives, through {@link
 * SameDiffSession}.
 */
public final class SameDiffProvider extends Nd4jProvider {

  /** The short name used in {@code -Dframeworks=}. */
  public static final String NAME = "dl4j-samediff";

  /** Creates the provider; the runner finds it through {@link java.util.ServiceLoader}. */
  public SameDiffProvider() {
    super(
        NAME,
        "Deeplearning4j SameDiff",
        new FrameworkDescription(
            "Deeplearning4j: a SameDiff graph"
                + " (ND4J autodiff, libnd4j conv2d ops; oneDNN in the oneDNN build), the second DL4J API",
            "ND4J SameDiff graph API",
            "Java"));
  }

  /**
   * The graph's layout ({@link SameDiffLayout}), so the trial builds and records the one chosen
   * here.
   */
  @Override
  protected Map<String, String> adapterSystemProperties() {
    return Map.of(SameDiffLayout.PROPERTY, SameDiffLayout.fromSystemProperty().id());
  }

  /** {@code -Dsamediff.layout}: the layout of the graph's activations ({@link SameDiffLayout}). */
  static final OptionSpec LAYOUT =
      OptionSpec.of(
              SameDiffLayout.PROPERTY,
              OptionSpec.Type.CHOICE,
              SameDiffLayout.DEFAULT.id(),
              "the memory layout of the SameDiff graph's convolution activations")
          .withParser(
              Arrays.stream(SameDiffLayout.values()).map(SameDiffLayout::id).toList(),
              v -> SameDiffLayout.of(v).id());

  @Override
  protected List<OptionSpec> adapterOptions() {
    return List.of(LAYOUT);
  }

  /** Fails early on an unknown {@code -Dsamediff.layout}. */
  @Override
  protected void checkAdapterOptions() {
    SameDiffLayout.fromSystemProperty();
  }

  @Override
  protected Nd4jSession openSession(int threads, Device device) {
    return SameDiffSession.open(threads, device);
  }
}
