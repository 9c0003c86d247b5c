package org.cnnbench.spec;

/**
 * A catalogue model with the settings of its source and a smaller quick setting. Which datasets a
 * model trains on is each {@code org.cnnbench.data.DatasetProvider}'s {@code models()}; where a
 * model and its settings come from is its {@code source}, kept with the model in its spec file.
 *
 * @param spec the model with the source material's (paper) training settings
 * @param quickEpochs epochs in the quick profile
 * @param quickSamples cap on training examples (before the validation split) in the quick profile;
 *     0 for no cap
 * @param expectedParameters the parameter count the source reports (Keras), checked by tests
 * @param source where the model and its training settings come from, and what cnn-bench chose
 */
public record CatalogEntry(
    ModelSpec spec, int quickEpochs, int quickSamples, long expectedParameters, String source) {

  /**
   * @return the model's name
   */
  public String name() {
    return spec.name();
  }
}
