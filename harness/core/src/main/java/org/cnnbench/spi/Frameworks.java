package org.cnnbench.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds the framework adapters on the class path with {@link ServiceLoader}. */
public final class Frameworks {

  private Frameworks() {}

  /**
   * @return every adapter found, sorted by name
   */
  public static List<FrameworkProvider> available() {
    List<FrameworkProvider> all = new ArrayList<>();
    ServiceLoader.load(FrameworkProvider.class, Frameworks.class.getClassLoader())
        .forEach(all::add);
    if (Thread.currentThread().getContextClassLoader() != Frameworks.class.getClassLoader()) {
      ServiceLoader.load(FrameworkProvider.class)
          .forEach(
              p -> {
                if (all.stream().noneMatch(q -> q.name().equals(p.name()))) {
                  all.add(p);
                }
              });
    }
    all.sort((a, b) -> a.name().compareTo(b.name()));
    return all;
  }

  /**
   * @param name adapter name, e.g. {@code pytorch}
   * @return the adapter
   * @throws IllegalArgumentException listing the adapters found if none has that name
   */
  public static FrameworkProvider get(String name) {
    List<FrameworkProvider> all = available();
    return all.stream()
        .filter(p -> p.name().equalsIgnoreCase(name.trim()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown or unbuilt framework '"
                        + name
                        + "'; built: "
                        + all.stream()
                            .map(FrameworkProvider::name)
                            .collect(Collectors.joining(", "))));
  }
}
