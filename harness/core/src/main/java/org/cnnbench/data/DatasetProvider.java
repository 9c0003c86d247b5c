package org.cnnbench.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.cnnbench.spec.ModelSpec;

/**
 * One dataset cnn-bench can train on, found with {@link java.util.ServiceLoader}: a provider is one
 * class plus its line in {@code META-INF/services/org.cnnbench.data.DatasetProvider}.
 *
 * <p>The runner calls {@link #prepare} once, before any trial and outside every timed region: it
 * finds the data, fetches it through an ordinary package client if it may, and verifies it (e.g.
 * SHA-256). Each trial's process then calls {@link #load}; the notes of the {@link DatasetSplits}
 * it returns go into the report, and must say where the data came from and how it was verified
 * ({@code source}), the preprocessing and the split. Implementations keep no state between calls.
 */
public interface DatasetProvider {

  /**
   * @return the name used in {@code -Dbench=} and in every CSV row, e.g. {@code mnist}
   */
  String name();

  /**
   * @return one line for {@code -Dbench=list}: what the data is and where it comes from
   */
  String description();

  /**
   * @return true if {@code -Dbench=all} trains on it; keep the default run short
   */
  boolean isDefault();

  /**
   * @return the catalogue models that fit this data (input shape, output units), the default model
   *     (trained when {@code -Dmodels=} is not given) first
   */
  List<String> models();

  /**
   * @return the model trained when {@code -Dmodels=} is not given
   */
  default String defaultModel() {
    return models().get(0);
  }

  /**
   * @return the {@code -D} options this dataset reads from {@link DataLocations#options()}, passed
   *     on to every trial; empty if none
   */
  List<String> options();

  /**
   * Makes the data ready: locate, fetch if allowed, verify checksums, fill caches.
   *
   * @param locations where datasets live, and the options
   * @param models the models the plan trains on it (e.g. for input sizes of a decode cache)
   * @return null when ready, otherwise the one-line reason this dataset's trials are skipped
   * @throws DatasetException if the data is present but broken, or cannot be obtained: the message
   *     says what was expected and how to fix it
   */
  String prepare(DataLocations locations, List<ModelSpec> models);

  /**
   * Loads the prepared data's splits for one model; runs in the trial's process.
   *
   * @param locations where datasets live, and the options
   * @param spec the model (input size, output units, validation split)
   * @param samples cap on training examples, 0 for none
   * @return train, validation and test, with notes for the report
   * @throws DatasetException if the data is missing or does not fit the model
   */
  DatasetSplits load(DataLocations locations, ModelSpec spec, int samples);

  /**
   * Writes the split as one row per example file, so it can be audited; datasets whose split is
   * positional describe it in the notes instead and write nothing.
   *
   * @param locations where datasets live, and the options
   * @param spec the model
   * @param samples the training cap, as for {@link #load}
   * @param file destination CSV
   * @return true if a file was written
   * @throws IOException if it cannot be written
   */
  default boolean writeSplit(DataLocations locations, ModelSpec spec, int samples, Path file)
      throws IOException {
    return false;
  }
}
