package org.cnnbench.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the harness made for an adapter from its {@link FrameworkNeeds}, given to {@link
 * FrameworkProvider#open(Device, int, FrameworkContext)}: the only folders the adapter may write
 * into (its scratch folder) or read files from that the harness unpacked (its bundles). The harness
 * empties and removes the scratch folder after the adapter's session is closed.
 *
 * @param scratchFolder the scratch folder, or null if the adapter asked for none
 * @param bundles unpacked bundle folders by bundle name
 * @param missingBundles why a declared bundle was not unpacked (e.g. its jar is not built), by name
 */
public record FrameworkContext(
    Path scratchFolder, Map<String, Path> bundles, Map<String, String> missingBundles) {

  /** Copies the maps. */
  public FrameworkContext {
    bundles = Map.copyOf(bundles);
    missingBundles = Map.copyOf(missingBundles);
  }

  /**
   * @return a context with nothing in it, for adapters that declare no needs
   */
  public static FrameworkContext empty() {
    return new FrameworkContext(null, Map.of(), Map.of());
  }

  /**
   * @return the scratch folder
   * @throws IllegalStateException if the adapter's needs asked for none
   */
  public Path scratch() {
    if (scratchFolder == null) {
      throw new IllegalStateException("no scratch folder: the provider's needs() must ask for one");
    }
    return scratchFolder;
  }

  /**
   * @param name a bundle's name
   * @return the folder its files were unpacked into
   * @throws IllegalStateException saying why it is not there, or listing the bundles that are
   */
  public Path bundle(String name) {
    Path dir = bundles.get(name);
    if (dir != null) {
      return dir;
    }
    String why = missingBundles.get(name);
    if (why != null) {
      throw new IllegalStateException("bundle " + name + " was not unpacked: " + why);
    }
    throw new IllegalStateException(
        "no bundle "
            + name
            + "; unpacked: "
            + new TreeMap<>(bundles).keySet()
            + " (the provider's needs() must declare it)");
  }
}
