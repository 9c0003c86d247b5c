package org.cnnbench.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;

/**
 * The datasets on the class path, found with {@link ServiceLoader} as {@link DatasetProvider}s:
 * prepared in the runner and loaded in each trial's process. Knows no dataset by name.
 */
public final class Datasets {

  private Datasets() {}

  /**
   * @return every provider found, in the order of their services files
   */
  public static List<DatasetProvider> all() {
    List<DatasetProvider> all = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    ServiceLoader.load(DatasetProvider.class, Datasets.class.getClassLoader())
        .forEach(
            p -> {
              if (seen.add(p.name())) {
                all.add(p);
              }
            });
    if (Thread.currentThread().getContextClassLoader() != Datasets.class.getClassLoader()) {
      ServiceLoader.load(DatasetProvider.class)
          .forEach(
              p -> {
                if (seen.add(p.name())) {
                  all.add(p);
                }
              });
    }
    return all;
  }

  /**
   * @return every dataset name, as accepted in {@code -Dbench=}
   */
  public static List<String> names() {
    return all().stream().map(DatasetProvider::name).toList();
  }

  /**
   * @return the datasets {@code -Dbench=all} trains on
   */
  public static List<String> defaults() {
    return all().stream().filter(DatasetProvider::isDefault).map(DatasetProvider::name).toList();
  }

  /**
   * @return every option any dataset reads, without duplicates
   */
  public static List<String> optionKeys() {
    Set<String> keys = new LinkedHashSet<>();
    all().forEach(p -> keys.addAll(p.options()));
    return List.copyOf(keys);
  }

  /**
   * @param name dataset name, e.g. {@code mnist}
   * @return its provider
   * @throws IllegalArgumentException listing the known datasets if none has that name
   */
  public static DatasetProvider get(String name) {
    List<DatasetProvider> all = all();
    return all.stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown dataset '"
                        + name
                        + "'; known datasets: "
                        + String.join(", ", all.stream().map(DatasetProvider::name).toList())));
  }

  /**
   * Makes a dataset ready before any trial starts (fetch, verify), outside every timed region, for
   * every model that fits it.
   *
   * @param name dataset name
   * @param locations where datasets live
   * @return null when ready, otherwise the reason its trials are skipped
   * @throws DatasetException if the data is present but broken, or cannot be obtained
   * @throws IllegalArgumentException if no dataset has that name
   */
  public static String prepare(String name, DataLocations locations) {
    DatasetProvider p = get(name);
    List<ModelSpec> specs = p.models().stream().map(m -> ModelCatalog.get(m).spec()).toList();
    return p.prepare(locations, specs);
  }

  /**
   * Loads a prepared dataset's splits for a model.
   *
   * @param name dataset name
   * @param locations where datasets live
   * @param spec the model (its validation split)
   * @param samples cap on training examples, 0 for none (each provider says how it applies it)
   * @return train, validation and test
   */
  public static DatasetSplits load(
      String name, DataLocations locations, ModelSpec spec, int samples) {
    return get(name).load(locations, spec, samples);
  }

  /**
   * Writes the split of a prepared dataset as one row per file, so it can be audited.
   *
   * @param name dataset name
   * @param locations where datasets live
   * @param spec the model (its validation split)
   * @param samples the training cap, as for {@link #load}
   * @param file destination CSV
   * @return true if a file was written
   * @throws java.io.IOException if it cannot be written
   */
  public static boolean writeSplit(
      String name, DataLocations locations, ModelSpec spec, int samples, Path file)
      throws IOException {
    return get(name).writeSplit(locations, spec, samples, file);
  }
}
