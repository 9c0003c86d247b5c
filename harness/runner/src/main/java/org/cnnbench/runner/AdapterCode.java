package org.cnnbench.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Counts the non-blank lines of each adapter module's {@code src/main/java} (and {@code
 * src/main/python} for a worker-process adapter) in the checkout, when a run starts; the counts go
 * into the run folder.
 */
final class AdapterCode {

  private static final Pattern JAR = Pattern.compile("cnn-bench-(.+?)-\\d[^ /]*\\.jar");

  private AdapterCode() {}

  /**
   * One adapter module's size.
   *
   * @param module folder name under {@code adapters/}
   * @param lines non-blank lines of its sources
   */
  record Module(String module, long lines) {}

  /**
   * @param repository repository root
   * @param framework adapter name, e.g. {@code pytorch}
   * @param classpath the adapter's class path: this checkout's {@code
   *     adapters/MODULE/target/classes} folders and {@code cnn-bench-MODULE-VERSION.jar} files name
   *     its modules
   * @return the adapter modules the framework uses, with their sizes; empty when not determinable
   */
  static List<Module> modules(Path repository, String framework, List<String> classpath) {
    List<Module> out = new ArrayList<>();
    if (repository == null || !Files.isDirectory(repository.resolve("adapters"))) {
      return out;
    }
    Path adapters = repository.resolve("adapters").toAbsolutePath().normalize();
    Map<String, Path> candidates = new LinkedHashMap<>();
    for (String entry : classpath) {
      Path path = Path.of(entry).toAbsolutePath().normalize();
      String module = null;
      if (path.startsWith(adapters) && path.getNameCount() > adapters.getNameCount()) {
        module = path.getName(adapters.getNameCount()).toString();
      } else if (path.getFileName() != null) {
        Matcher m = JAR.matcher(path.getFileName().toString());
        module = m.matches() ? m.group(1) : null;
      }
      if (module != null && Files.isDirectory(adapters.resolve(module).resolve("src/main/java"))) {
        candidates.put(module, adapters.resolve(module));
      }
    }
    if (candidates.isEmpty()
        && Files.isDirectory(adapters.resolve(framework).resolve("src/main/java"))) {
      candidates.put(framework, adapters.resolve(framework));
    }
    // a worker-process adapter's network code is its src/main/python (Python PyTorch's worker)
    candidates.forEach(
        (name, dir) ->
            out.add(
                new Module(
                    name,
                    lines(dir.resolve("src/main/java"), ".java")
                        + (Files.isDirectory(dir.resolve("src/main/python"))
                            ? lines(dir.resolve("src/main/python"), ".py")
                            : 0))));
    return out;
  }

  private static long lines(Path sources, String suffix) {
    try (Stream<Path> files = Files.walk(sources)) {
      return files
          .filter(f -> f.toString().endsWith(suffix))
          .mapToLong(
              f -> {
                try {
                  return Files.readAllLines(f, StandardCharsets.UTF_8).stream()
                      .filter(l -> !l.isBlank())
                      .count();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sum();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }
}
