package org.cnnbench.spi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds an adapter's class path: the adapter's own jar (or classes folder) plus the list of its
 * runtime libraries that its build wrote to {@code META-INF/cnn-bench/adapter-NAME.classpath}.
 */
public final class AdapterClasspath {

  private AdapterClasspath() {}

  /**
   * @param provider the adapter
   * @return class path entries, each checked to exist
   * @throws IllegalStateException naming the missing file and the command that rebuilds it
   */
  public static List<String> of(FrameworkProvider provider) {
    Set<String> entries = new LinkedHashSet<>();
    entries.add(location(provider.getClass()));
    String resource = "META-INF/cnn-bench/adapter-" + provider.name() + ".classpath";
    try (InputStream in = provider.getClass().getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("adapter '" + provider.name() + "' has no " + resource
            + "; build it with 'mvn -DskipTests install' from the repository root");
      }
      String text = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      if (text != null) {
        for (String e : text.split(java.io.File.pathSeparator)) {
          if (!e.isBlank()) {
            entries.add(e.trim());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> result = new ArrayList<>(entries);
    for (String e : result) {
      if (!Files.exists(Path.of(e))) {
        throw new IllegalStateException("adapter '" + provider.name() + "' needs " + e
            + ", which does not exist; rebuild with 'mvn -DskipTests install' from the repository root");
      }
    }
    return result;
  }

  /**
   * @param type a class
   * @return the jar or folder it was loaded from
   */
  public static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
