package org.cnnbench.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cnnbench.data.DatasetProvider;
import org.cnnbench.data.Datasets;

/** What the options need to know of the dataset providers: names, defaults, options, models. */
public final class DatasetNames {

  private DatasetNames() {}

  /**
   * @return every dataset name, in the providers' order
   */
  static List<String> all() {
    return Datasets.names();
  }

  /**
   * @return the datasets of {@code -Dbench=all}
   */
  static List<String> defaults() {
    return Datasets.defaults();
  }

  /**
   * @return the dataset options passed on to trials
   */
  static List<String> options() {
    return Datasets.optionKeys();
  }

  /**
   * @param before values listed before the dataset names
   * @param after values listed after them
   * @return the values of {@code -Dbench=}
   */
  static List<String> benches(List<String> before, List<String> after) {
    List<String> out = new ArrayList<>(before);
    out.addAll(all());
    out.addAll(after);
    return List.copyOf(out);
  }

  /**
   * @param dataset a dataset name
   * @param model a catalogue model name
   * @return true if the dataset's provider lists the model as fitting
   */
  static boolean fits(String dataset, String model) {
    return Datasets.all().stream()
        .anyMatch(p -> p.name().equals(dataset) && p.models().contains(model));
  }

  /**
   * @param benches the {@code -Dbench=} values
   * @param model a catalogue model name
   * @return the first of those datasets the model fits, or null
   */
  static String trainedBy(List<String> benches, String model) {
    return benches.stream().filter(b -> fits(b, model)).findFirst().orElse(null);
  }

  /**
   * @param model a catalogue model name
   * @return the first dataset (in the providers' order) the model fits, for messages
   */
  static String fitting(String model) {
    return Datasets.all().stream()
        .filter(p -> p.models().contains(model))
        .map(DatasetProvider::name)
        .findFirst()
        .orElse("no dataset");
  }

  /**
   * @return the lines {@code -Dbench=list} prints about the datasets, each ending in a newline
   */
  public static String listing() {
    StringBuilder sb = new StringBuilder("datasets (-Dbench=<name>; * = part of -Dbench=all):\n");
    for (DatasetProvider p : Datasets.all()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  %s %-14s models %s (default %s): %s%n",
              p.isDefault() ? "*" : " ",
              p.name(),
              String.join(", ", p.models()),
              p.defaultModel(),
              p.description()));
    }
    return sb.toString();
  }
}
