package org.cnnbench.spi;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Finds an adapter's class path: the adapter's own jar (or classes folder) plus the list of its
 * runtime libraries that its build wrote to {@code META-INF/cnn-bench/adapter-NAME.classpath}.
 */
public final class AdapterClasspath {

  /** The listed libraries, per class loader and adapter name. */
  private static final Map<ClassLoader, Map<String, List<String>>> LISTS =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** The lists in this checkout's build output, per file. */
  private static final Map<Path, List<String>> CHECKOUT_LISTS = new ConcurrentHashMap<>();

  private AdapterClasspath() {}

  /**
   * @param provider the adapter
   * @return class path entries, each checked to exist
   * @throws IllegalStateException naming the missing file and the command that rebuilds it
   */
  public static List<String> of(FrameworkProvider provider) {
    Set<String> entries = new LinkedHashSet<>();
    // The checkout's own build output comes first: another checkout's 'mvn install' into the shared
    // local repository cannot change what a trial of this checkout runs.
    Path own = checkoutClasses(provider.name());
    entries.add(own != null ? own.toString() : location(provider.getClass()));
    List<String> libraries = libraries(provider);
    if (libraries == null) {
      throw new IllegalStateException(
          "adapter '"
              + provider.name()
              + "' has no "
              + resource(provider)
              + "; build it with 'mvn -DskipTests install' from the repository root");
    }
    entries.addAll(libraries);
    List<String> result = new ArrayList<>(entries);
    for (String e : result) {
      if (!Files.exists(Path.of(e))) {
        throw new IllegalStateException(
            "adapter '"
                + provider.name()
                + "' needs "
                + e
                + ", which does not exist; rebuild with 'mvn -DskipTests install' from the repository root");
      }
    }
    return result;
  }

  /**
   * Whether the adapter's build put a library on its class path, e.g. a CUDA native jar that the
   * {@code gpu} profile adds. Reads only the list; loads nothing.
   *
   * @param provider the adapter
   * @param fileNamePart part of a jar's file name, e.g. {@code pytorch-native-cu}
   * @return true if a listed library's file name contains it; false also when the list is missing
   */
  public static boolean lists(FrameworkProvider provider, String fileNamePart) {
    List<String> libraries = libraries(provider);
    return libraries != null
        && libraries.stream()
            .map(e -> Path.of(e).getFileName())
            .anyMatch(f -> f != null && f.toString().contains(fileNamePart));
  }

  /**
   * The checkout whose build output trials run: {@code -Dcnnbench.root}, else Maven's multi-module
   * project directory.
   *
   * @return the checkout root, or null when neither property is set
   */
  public static Path checkoutRoot() {
    String dir = System.getProperty("cnnbench.root");
    if (dir == null || dir.isBlank()) {
      dir = System.getProperty("maven.multiModuleProjectDirectory");
    }
    return dir == null || dir.isBlank() ? null : Path.of(dir).toAbsolutePath().normalize();
  }

  /**
   * The classes folder that this checkout's build made for an adapter.
   *
   * @param adapterName the adapter
   * @return {@code ROOT/adapters/MODULE/target/classes} holding the adapter's library list, or null
   */
  public static Path checkoutClasses(String adapterName) {
    Path root = checkoutRoot();
    if (root == null || !Files.isDirectory(root.resolve("adapters"))) {
      return null;
    }
    try (Stream<Path> modules = Files.list(root.resolve("adapters"))) {
      return modules
          .sorted()
          .map(m -> m.resolve("target").resolve("classes"))
          .filter(c -> Files.isRegularFile(c.resolve(resource(adapterName))))
          .findFirst()
          .orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * What a training adapter can do in this build: train, infer and run on the CPU always, and run
   * on a GPU when its build listed a CUDA native jar.
   *
   * @param provider the adapter
   * @param gpuJarPart part of the file name of the CUDA native jar that the {@code gpu} profile
   *     adds, or null if no build of the adapter has one
   * @return the capabilities
   */
  public static Set<Capability> trainingCapabilities(
      FrameworkProvider provider, String gpuJarPart) {
    Set<Capability> c = EnumSet.of(Capability.TRAIN, Capability.INFER, Capability.DEVICE_CPU);
    if (gpuJarPart != null && lists(provider, gpuJarPart)) {
      c.add(Capability.DEVICE_GPU);
    }
    return c;
  }

  static boolean lists(ClassLoader loader, String adapterName, String fileNamePart) {
    List<String> libraries = libraries(loader, adapterName);
    return libraries != null
        && libraries.stream()
            .map(e -> Path.of(e).getFileName())
            .anyMatch(f -> f != null && f.toString().contains(fileNamePart));
  }

  private static String resource(FrameworkProvider provider) {
    return resource(provider.name());
  }

  private static String resource(String adapterName) {
    return "META-INF/cnn-bench/adapter-" + adapterName + ".classpath";
  }

  private static List<String> libraries(FrameworkProvider provider) {
    Path own = checkoutClasses(provider.name());
    if (own != null) {
      Path file = own.resolve(resource(provider.name()));
      return CHECKOUT_LISTS.computeIfAbsent(
          file,
          f -> {
            try (InputStream in = Files.newInputStream(f)) {
              return parse(in);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    return libraries(provider.getClass().getClassLoader(), provider.name());
  }

  /**
   * @return the libraries the build listed, or null if the list is missing
   */
  private static List<String> libraries(ClassLoader loader, String adapterName) {
    // The list is fixed by the build; read it once per (class loader, adapter), since the runner
    // asks
    // capabilities for every planned trial. A missing list is not cached: a rebuild may add it.
    Map<String, List<String>> perName =
        LISTS.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
    List<String> cached = perName.get(adapterName);
    if (cached == null) {
      cached = readLibraries(loader, adapterName);
      if (cached != null) {
        perName.put(adapterName, cached);
      }
    }
    return cached;
  }

  private static List<String> readLibraries(ClassLoader loader, String adapterName) {
    try (InputStream in = loader.getResourceAsStream(resource(adapterName))) {
      if (in == null) {
        return null;
      }
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> parse(InputStream in) throws IOException {
    List<String> entries = new ArrayList<>();
    String text = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
    if (text != null) {
      for (String e : text.split(File.pathSeparator, -1)) {
        if (!e.isBlank()) {
          entries.add(e.trim());
        }
      }
    }
    return List.copyOf(entries);
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
