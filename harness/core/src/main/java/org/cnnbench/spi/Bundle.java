package org.cnnbench.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Files an adapter needs unpacked from a jar (or copied from a folder), e.g. native libraries that
 * a second process loads from a folder. The harness unpacks them once into its cache, in a folder
 * keyed by the SHA-256 of their content, and reuses that folder afterwards; the adapter only reads
 * it.
 *
 * @param name the bundle's name, unique among the adapter's bundles, e.g. {@code
 *     tensorflow-natives}
 * @param source a jar (or zip) or a folder
 * @param fileNameRegex which files to take: those whose file name (without folders) matches; they
 *     are unpacked flat, without their folders
 * @param required file names that must be among them, else unpacking fails naming the missing one
 */
public record Bundle(String name, Path source, String fileNameRegex, List<String> required) {

  /** Checks the name and the pattern. */
  public Bundle {
    if (name == null || !name.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "bundle name must be lower-case letters, digits, '.', '_', '-': " + name);
    }
    if (source == null) {
      throw new IllegalArgumentException("bundle " + name + " has no source");
    }
    Pattern.compile(fileNameRegex);
    required = List.copyOf(required);
  }
}
