package org.cnnbench.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnnbench.spec.json.ModelFiles;

/**
 * The built-in models of the source material, with their paper and quick settings. Each is a
 * cnn-bench spec file under {@code org/cnnbench/spec/catalogue/} (the order is that folder's {@code
 * index.txt}), read by the same loader as a user's model file: a model is data, not code.
 */
public final class ModelCatalog {

  private static final String FOLDER = "catalogue/";

  private static final Map<String, CatalogEntry> ENTRIES = load();

  private ModelCatalog() {}

  private static Map<String, CatalogEntry> load() {
    Map<String, CatalogEntry> entries = new LinkedHashMap<>();
    for (String line : new String(resource("index.txt"), StandardCharsets.UTF_8).split("\n", -1)) {
      String file = line.strip();
      if (file.isEmpty() || file.startsWith("#")) {
        continue;
      }
      CatalogEntry e = ModelFiles.readCatalogEntry(resource(file), "catalogue model " + file);
      if (!file.equals(e.name() + ".json")) {
        throw new IllegalStateException(
            "catalogue file " + file + " holds model '" + e.name() + "'");
      }
      entries.put(e.name(), e);
    }
    return entries;
  }

  private static byte[] resource(String name) {
    try (InputStream in = ModelCatalog.class.getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "catalogue resource " + FOLDER + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @return every entry, in catalogue order
   */
  public static List<CatalogEntry> entries() {
    return List.copyOf(ENTRIES.values());
  }

  /**
   * @return the model names, in catalogue order
   */
  public static List<String> names() {
    return List.copyOf(ENTRIES.keySet());
  }

  /**
   * Looks a model up.
   *
   * @param name e.g. {@code mnist-cnn}
   * @return the entry
   * @throws SpecException listing the known names if unknown
   */
  public static CatalogEntry get(String name) {
    CatalogEntry e = ENTRIES.get(name);
    if (e == null) {
      throw new SpecException(
          "unknown model '" + name + "'; known models: " + String.join(", ", names()));
    }
    return e;
  }
}
