package org.cnnbench.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A column of one of a run's CSV files; each file's columns are an enum in file order. */
public interface Column {

  /**
   * @return the enum constant's name, e.g. {@code TRAIN_LOSS}
   */
  String name();

  /**
   * @return the name in the file's header row: the constant's name in lower case, e.g. {@code
   *     train_loss}
   */
  default String header() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param columns a file's column enum
   * @param <C> its type
   * @return the header row, in file order
   */
  static <C extends Enum<C> & Column> List<String> headers(Class<C> columns) {
    List<String> names = new ArrayList<>();
    for (C c : columns.getEnumConstants()) {
      names.add(c.header());
    }
    return List.copyOf(names);
  }
}
